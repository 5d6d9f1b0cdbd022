import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { NOTIFICATION_KINDS } from '../../domain/notifications';
import { createMailActivities, createSmtpTransport, type MailActivities } from '../../activities/mail';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { buildReport } from '../../domain/report/build';
import { finalReportMailParts } from '../../domain/report/mail-parts';
import { sampleReports } from '../domain/report/sample';
import { BASE_URL, DEPUTY_EMAIL, HEAD_EMAIL, NOW, notification, signer, WORKFLOW_ID } from './fixtures';

function activitiesFor(port: number): { mail: MailActivities; close: () => void } {
  const transport = createSmtpTransport({ host: '127.0.0.1', port, security: 'none', from: { address: 'no-reply@x.vn', name: 'Hệ thống theo dõi thực hiện chỉ đạo' } });
  const mail = createMailActivities({ transport, from: { address: 'no-reply@x.vn', name: 'Hệ thống theo dõi thực hiện chỉ đạo' }, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => NOW });
  return { mail, close: () => transport.close() };
}

describe('sendNotification over real SMTP', () => {
  let smtp: SmtpListener;
  let mail: MailActivities;
  let close: () => void;
  beforeAll(async () => {
    smtp = await startSmtpListener();
    ({ mail, close } = activitiesFor(smtp.port));
  });
  afterAll(async () => {
    close();
    await smtp.stop();
  });

  it('sends a Vietnamese task mail with a working, absolute, personal link', async () => {
    const { messageId } = await mail.sendNotification(notification());
    const [got] = await smtp.waitFor(1);
    const m = got!.parsed;
    expect(m.messageId).toBe(messageId);
    expect(m.subject).toBe('Đề nghị xây dựng kế hoạch thực hiện Kế hoạch số 2018/KH-BVSTBCPN – Bệnh viện Đa khoa tỉnh');
    expect(got!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    expect(m.text).toContain('Kính gửi: Lê Văn Hùng – Giám đốc, Bệnh viện Đa khoa tỉnh');
    expect(m.text).toContain('chậm nhất trong ngày 24 tháng 11 năm 2026');
    // "trước hết" reads as "first of all"; recipients all live on Vietnam time.
    expect(m.text).not.toMatch(/trước hết ngày|\(giờ Việt Nam\)\)/);
    expect(m.html).toContain('<html lang="vi">');
    const links = [...String(m.html).matchAll(/href="([^"]+)"/g)].map((x) => x[1]);
    expect(links.length).toBeGreaterThan(0);
    const url = new URL(links[0]!);
    expect(url.origin).toBe(BASE_URL);
    expect(m.text).toContain(url.href);
    const verified = signer.verify(url.pathname.replace('/a/', ''), NOW);
    expect(verified).toMatchObject({ ok: true, claims: { workflowId: WORKFLOW_ID, task: 'draft-plan', revision: 0, sequence: 'assigned' } });
    if (verified.ok) expect(signer.matchesRecipient(verified, HEAD_EMAIL)).toBe(true);
    expect(got!.raw).not.toContain(HEAD_EMAIL.replace('@', '%40'));
  });

  it('gives each substitute their own mail with a link signed for their own address; a mail without a link keeps them in cc', async () => {
    const before = smtp.messages().length;
    const deputy = { name: 'Trần Thị Mai', title: 'Phó Giám đốc', email: DEPUTY_EMAIL };
    const { messageId } = await mail.sendNotification(notification({ sequence: 'subst', cc: [deputy] }));
    const got = (await smtp.waitFor(before + 2)).slice(before);
    expect(got.map((g) => g.envelope.to)).toEqual([[HEAD_EMAIL], [DEPUTY_EMAIL]]);
    expect(got[0]!.parsed.messageId).toBe(messageId);
    expect(got[1]!.parsed.messageId).not.toBe(messageId);
    expect(got[1]!.parsed.text).toContain('Kính gửi: Trần Thị Mai – Phó Giám đốc');
    const linkOf = (text: string) => new URL(/https:\/\/\S+\/a\/\S+/.exec(text)![0]).pathname.replace('/a/', '');
    const [forHead, forDeputy] = got.map((g) => signer.verify(linkOf(String(g.parsed.text)), NOW));
    if (!forHead?.ok || !forDeputy?.ok) throw new Error('links do not verify');
    expect([signer.matchesRecipient(forHead, HEAD_EMAIL), signer.matchesRecipient(forHead, DEPUTY_EMAIL)]).toEqual([true, false]);
    expect([signer.matchesRecipient(forDeputy, DEPUTY_EMAIL), signer.matchesRecipient(forDeputy, HEAD_EMAIL)]).toEqual([true, false]);

    const beforeCc = smtp.messages().length;
    await mail.sendNotification(notification({ kind: 'approved', task: undefined, sequence: 'subst-cc', cc: [deputy] }));
    const [approved] = (await smtp.waitFor(beforeCc + 1)).slice(beforeCc);
    expect(approved!.envelope.to.sort()).toEqual([DEPUTY_EMAIL, HEAD_EMAIL].sort());
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages()).toHaveLength(beforeCc + 1);
  });

  it('attaches the report as a .docx to the final report, addressed to the recipient\'s organisation', async () => {
    const before = smtp.messages().length;
    const { setup, entries } = sampleReports(2027, ['bv-mat']);
    const report = buildReport({ setup, issuerId: setup.units[0]!.id, entries, date: '2027-11-27' });
    await mail.sendNotification(
      notification({ kind: 'consolidated-report', task: undefined, sequence: 'final', unitName: setup.units[0]!.name, to: { name: 'Hoàng Minh Tuấn', title: 'Giám đốc Sở Nội vụ', email: HEAD_EMAIL, organisation: 'Sở Nội vụ tỉnh Thanh Hóa' }, ...finalReportMailParts(report, 'Đánh giá chung của Ban.'), report }),
    );
    const m = (await smtp.waitFor(before + 1))[before]!.parsed;
    expect(m.text).toContain('Kính gửi: Hoàng Minh Tuấn – Giám đốc Sở Nội vụ, Sở Nội vụ tỉnh Thanh Hóa');
    expect(m.text).toContain(`${setup.units[0]!.name} gửi báo cáo tổng hợp`);
    expect(m.text).toContain('Đơn vị chưa báo cáo: Bệnh viện Mắt Thanh Hóa');
    expect(m.attachments).toHaveLength(1);
    const a = m.attachments[0]!;
    expect(a.filename).toBe(`bao-cao-2027-${setup.units[0]!.id}.docx`);
    expect(a.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // A .docx is a zip whose main part carries the text.
    expect(a.content.subarray(0, 2).toString()).toBe('PK');
    expect(a.content.length).toBeGreaterThan(5_000);
  });

  it('builds and attaches a body\'s report when the mail goes out (attachReportOf)', async () => {
    const before = smtp.messages().length;
    const { setup, entries } = sampleReports(2027, ['tyt-hoang-tien']);
    const asked: unknown[] = [];
    const transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, security: 'none', from: { address: 'no-reply@x.vn', name: 'Hệ thống' } });
    const withReports = createMailActivities({
      transport,
      from: { address: 'no-reply@x.vn', name: 'Hệ thống' },
      publicBaseUrl: BASE_URL,
      tokenSigner: signer,
      clock: () => NOW,
      reportOf: (ref) => {
        asked.push(ref);
        return Promise.resolve(buildReport({ setup, issuerId: ref.unitId, entries, date: '2027-11-20' }));
      },
    });
    const ref = { cascadeId: 'ct21-yte-thanhhoa', year: 2027, unitId: 'ttyt-hoang-hoa' };
    await withReports.sendNotification(notification({ kind: 'consolidated-report', task: undefined, sequence: 'report-up-0', unitName: 'Trung tâm Y tế huyện Hoằng Hóa', to: { name: 'Trịnh Đình Khải', title: 'Trưởng ban', email: HEAD_EMAIL }, note: 'Đánh giá của Trung tâm.', attachReportOf: ref }));
    transport.close();
    const m = (await smtp.waitFor(before + 1))[before]!.parsed;
    expect(asked).toEqual([ref]);
    expect(m.text).toContain('Kính gửi: Trịnh Đình Khải – Trưởng ban\n');
    expect(m.text).toContain('Đơn vị chưa báo cáo: Trạm Y tế xã Hoằng Tiến');
    expect(m.text).toContain('Đánh giá của Trung tâm.');
    expect(m.attachments.map((a) => a.filename)).toEqual(['bao-cao-2027-ttyt-hoang-hoa.docx']);
  });

  it('renders every kind in UTF-8 with HTML-escaped interpolations', async () => {
    const before = smtp.messages().length;
    const hostile = '<script>alert("x")</script> & "Phòng Điều dưỡng"';
    for (const kind of NOTIFICATION_KINDS) {
      const task = kind === 'approval-request' ? 'review-plan' : kind === 'report-request' ? 'report' : ['approved', 'consolidated-report', 'plan-issued', 'action-window'].includes(kind) ? undefined : 'draft-plan';
      await mail.sendNotification(notification({ kind, ...(task ? { task } : { task: undefined }), sequence: `k-${kind}`, unitName: hostile, note: 'Đề nghị bổ sung hoạt động nhóm II.3 <b>gấp</b>', lines: ['Tỷ lệ nữ lãnh đạo: 35 %'] }));
    }
    const got = (await smtp.waitFor(before + NOTIFICATION_KINDS.length)).slice(before);
    const subjects = got.map((g) => g.parsed.subject);
    expect(subjects).toEqual([
      expect.stringContaining('Đề nghị xây dựng kế hoạch'),
      expect.stringContaining('Nhắc việc'),
      expect.stringContaining('Đôn đốc'),
      expect.stringContaining('Đề nghị phê duyệt kế hoạch'),
      expect.stringContaining('được trả lại để chỉnh sửa'),
      expect.stringContaining('đã được phê duyệt'),
      expect.stringContaining('Đề nghị báo cáo kết quả'),
      expect.stringContaining('Báo cáo tổng hợp'),
      expect.stringContaining('Triển khai thực hiện Kế hoạch số 2018/KH-BVSTBCPN'),
      expect.stringContaining('Đề nghị bổ sung hoạt động nhóm II.3 <b>gấp</b> – <script>'),
      expect.stringContaining('Chưa khởi động được chu kỳ hằng năm'),
    ]);
    for (const g of got) {
      expect(String(g.parsed.html)).not.toContain('<script>');
      expect(String(g.parsed.html)).toContain('&lt;script&gt;');
      expect(String(g.parsed.html)).not.toContain('<b>gấp</b>');
    }
    const returned = got[4]!.parsed;
    expect(returned.text).toContain('> Đề nghị bổ sung hoạt động nhóm II.3 <b>gấp</b>');
    expect(String(got[5]!.parsed.html)).not.toContain('/a/'); // approved: nothing to do, no link
    expect(got[7]!.parsed.text).toContain('- Tỷ lệ nữ lãnh đạo: 35 %');
    // The plan to a body on "Nơi nhận" and the action-month notice: no task, no link.
    expect(String(got[8]!.parsed.html)).not.toContain('/a/');
    expect(String(got[9]!.parsed.html)).not.toContain('/a/');
    expect(String(got[10]!.parsed.html)).not.toContain('/a/'); // to the admins: what failed, no action link
  });

  it('makes a 5xx recipient rejection non-retryable', async () => {
    const strict = await startSmtpListener({ rejectRecipients: [HEAD_EMAIL] });
    const { mail: m, close: c } = activitiesFor(strict.port);
    try {
      const err: unknown = await m.sendNotification(notification()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect((err as ApplicationFailure).nonRetryable).toBe(true);
      expect((err as ApplicationFailure).type).toBe('PermanentSmtpError');
    } finally {
      c();
      await strict.stop();
    }
  });
});

describe('SMTP outage', () => {
  it('fails transiently while the listener is down, succeeds on retry with the same Message-ID', async () => {
    const first = await startSmtpListener();
    const port = first.port;
    await first.stop();
    // Non-pooled so the retry opens a fresh connection exactly like a new activity attempt would.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, connectionTimeout: 2000 });
    const mail = createMailActivities({ transport, from: { address: 'no-reply@x.vn', name: 'Hệ thống' }, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => NOW });
    const n = notification({ kind: 'reminder', sequence: 'reminder-1' });

    const err: unknown = await mail.sendNotification(n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ApplicationFailure); // plain Error: Temporal retries it
    expect(String((err as Error).message)).toContain('temporary SMTP failure');

    const back = await startSmtpListener({ port });
    try {
      const a = await mail.sendNotification(n); // the retry
      const b = await mail.sendNotification(n); // a duplicate (e.g. the first attempt's ack was lost)
      const got = await back.waitFor(2);
      expect(a.messageId).toBe(b.messageId);
      expect(got.map((g) => g.parsed.messageId)).toEqual([a.messageId, a.messageId]);
    } finally {
      transport.close();
      await back.stop();
    }
  });

  it('with the pooled transport the retry also goes through once the server is back', async () => {
    const first = await startSmtpListener();
    const port = first.port;
    await first.stop();
    const { mail, close } = activitiesFor(port);
    const n = notification({ kind: 'escalation', sequence: 'rung-1' });
    await expect(mail.sendNotification(n)).rejects.toThrow(/temporary SMTP failure/);
    const back = await startSmtpListener({ port });
    try {
      await mail.sendNotification(n);
      await back.waitFor(1);
    } finally {
      close();
      await back.stop();
    }
  });
});
