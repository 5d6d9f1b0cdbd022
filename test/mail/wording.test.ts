/**
 * Every mail kind for a person and for an office: the address line names the
 * recipient's own position and organisation, the wording follows the task and the
 * recipient type, and no English word reaches a Vietnamese mail or page.
 */
import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../domain/notifications';
import type { TaskKind } from '../../domain/actions';
import { renderMail, TEMPLATES } from '../../activities/mail/templates';
import { addressLine } from '../../activities/mail/templates/recipient';
import { buildReport } from '../../domain/report/build';
import { renderReportHtml } from '../../runtime/report/html';
import { accessNotice, acceptedPage, noticePage, taskPage } from '../../client/web/pages';
import { STAGE_LABELS_VI } from '../../domain/stages';
import { sampleReports } from '../domain/report/sample';
import { draftingState } from '../web/fake-gateway';
import { notification } from './fixtures';

const PERSON = { name: 'Lê Văn Hùng', title: 'Giám đốc', email: 'gd@bv.example' };
const OFFICE = { name: 'Văn phòng Sở Y tế Thanh Hóa', email: 'vp@syt.example' };
const LINK = { url: 'https://chidao.example.gov.vn/a/abc', expiresAt: '2026-12-31T16:59:00.000Z' };
const UNIT = 'Trạm Y tế xã Hoằng Tiến';

/** Words an English-speaking developer could leak into Vietnamese text (ids, stages, fallbacks). */
const ENGLISH = new Set(
  'the and of to for with from your you please report reports plan plans draft drafting review reviewed task tasks deadline due unit units approve approved approval return returned consolidate consolidated consolidating submit submitted status stage waiting implementing reporting reported cancelled canceled escalation reminder link click here undefined null nan true false object error missing late yes no none'.split(' '),
);

/** Visible words of an HTML or text body: tags, URLs and e-mail addresses removed. */
function words(body: string): string[] {
  const visible = body
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
  return visible.match(/\p{L}+/gu) ?? [];
}
const english = (body: string) => words(body).filter((w) => ENGLISH.has(w.toLowerCase()));

function render(kind: NotificationKind, to: Notification['to'], over: Partial<Notification> = {}) {
  const n = notification({ kind, to, unitName: UNIT, sequence: kind, ...over });
  const content = TEMPLATES[kind](n, n.task ? LINK : undefined);
  return { n, mail: renderMail(content, { to: n.to, unitName: n.unitName, systemName: 'Hệ thống theo dõi thực hiện chỉ đạo', addressLine: addressLine(n) }) };
}

/** Link-bearing task of each kind, as the workflows send them. */
const TASK_OF: Record<NotificationKind, TaskKind | undefined> = {
  'task-assigned': 'draft-plan',
  reminder: 'report',
  escalation: undefined,
  'approval-request': 'review-plan',
  returned: 'draft-plan',
  approved: undefined,
  'report-request': 'report',
  'consolidated-report': undefined,
  'plan-issued': undefined,
  'action-window': undefined,
  'scheduled-start-failed': undefined,
};

describe('mail wording by recipient', () => {
  it.each(NOTIFICATION_KINDS.map((k) => [k]))('%s to a person and to an office', (kind) => {
    const task = TASK_OF[kind];
    const person = render(kind, PERSON, { task, about: task ?? 'report' });
    const office = render(kind, OFFICE, { task: undefined, about: task ?? 'report' });
    // A unit's own head is addressed with the unit; a superior without a named body gets no late unit's name.
    const ownHead = ['task-assigned', 'reminder', 'report-request', 'returned', 'approved', 'action-window'].includes(kind);
    expect(person.mail.text).toContain(ownHead ? `Kính gửi: Lê Văn Hùng – Giám đốc, ${UNIT}\n` : 'Kính gửi: Lê Văn Hùng – Giám đốc\n');
    expect(office.mail.text).toContain('Kính gửi: Văn phòng Sở Y tế Thanh Hóa\n');
    expect(office.mail.text).not.toMatch(/đồng chí/i);
    for (const m of [person.mail, office.mail]) {
      expect(m.text).not.toMatch(/trước hết ngày|\)\)|ngày ngày/);
      expect(english(m.html)).toEqual([]);
      expect(english(m.text)).toEqual([]);
    }
  });

  it('addresses a final recipient with their own organisation', () => {
    const { mail } = render('consolidated-report', { ...PERSON, title: 'Giám đốc Sở Nội vụ', organisation: 'Sở Nội vụ tỉnh Thanh Hóa' }, { unitName: 'Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa' });
    expect(mail.text).toContain('Kính gửi: Lê Văn Hùng – Giám đốc Sở Nội vụ, Sở Nội vụ tỉnh Thanh Hóa\n');
    expect(mail.text).toContain('Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa gửi báo cáo tổng hợp');
  });

  it('chases a late plan with plan wording and a late report with report wording', () => {
    const plan = render('escalation', PERSON, { task: undefined, about: 'draft-plan' }).mail.text;
    const report = render('escalation', PERSON, { task: undefined, about: 'report' }).mail.text;
    expect(plan).toContain(`${UNIT} chưa hoàn thành việc xây dựng kế hoạch`);
    expect(plan).not.toContain('báo cáo kết quả');
    expect(report).toContain(`${UNIT} chưa hoàn thành việc báo cáo kết quả thực hiện`);
    expect(plan).toContain(`Đề nghị đồng chí chỉ đạo, đôn đốc ${UNIT} hoàn thành ngay.`);
    const own = render('escalation', PERSON, { task: 'report', about: 'report' }).mail.text;
    expect(own).toContain('Đề nghị đồng chí khẩn trương hoàn thành');
    const office = render('escalation', OFFICE, { task: undefined, about: 'report' }).mail.text;
    expect(office).toContain(`Đề nghị Văn phòng Sở Y tế Thanh Hóa theo dõi, tham mưu đôn đốc ${UNIT} hoàn thành ngay.`);
    expect(office).toContain('thời hạn đã hết vào ngày 24 tháng 11 năm 2026');
  });
});

describe('mails with no task: the issued plan and the action month', () => {
  const ROOT = 'Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa';
  const PLAN = 'Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban Vì sự tiến bộ của phụ nữ Sở Y tế Thanh Hóa';
  const planMail = (to: Notification['to'], distribution: Notification['distribution']) =>
    render('plan-issued', to, {
      task: undefined,
      unitName: ROOT,
      parentPlanLabel: PLAN,
      distribution,
      year: 2027,
      period: { from: '2026-11-15', to: '2027-11-14' },
      dueAt: '2027-12-01T16:59:59.999Z',
      lines: ['Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới: từ ngày 15/11/2027 đến ngày 15/12/2027'],
    }).mail.text;

  it('sends the issued plan to a body on "Nơi nhận" with the reason it receives it', () => {
    const director = planMail({ name: 'Lê Văn Hùng', title: 'Giám đốc Sở Y tế', email: 'gd@syt.example', organisation: 'Sở Y tế Thanh Hóa' }, 'report-to');
    expect(director).toContain('Kính gửi: Lê Văn Hùng – Giám đốc Sở Y tế, Sở Y tế Thanh Hóa\n');
    expect(director).toContain(`${ROOT} trân trọng gửi ${PLAN} để báo cáo.`);
    expect(director).toContain('Trong năm 2027, các đơn vị trực thuộc triển khai thực hiện kế hoạch và báo cáo kết quả (kỳ số liệu từ ngày 15/11/2026 đến ngày 14/11/2027)');
    expect(director).toContain('tổng hợp báo cáo kết quả thực hiện chậm nhất trong ngày 01 tháng 12 năm 2027 và gửi báo cáo tổng hợp đến đồng chí để báo cáo.');
    expect(director).toContain('- Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới: từ ngày 15/11/2027 đến ngày 15/12/2027');
    expect(director).not.toContain('Đề nghị');
    const union = planMail({ name: 'Ban Nữ công Công đoàn ngành Y tế', email: 'nc@cd.example', kind: 'office' }, 'coordinate');
    expect(union).toContain('Kính gửi: Ban Nữ công Công đoàn ngành Y tế\n');
    expect(union).toContain(`${PLAN} để phối hợp thực hiện.`);
    expect(union).toContain('gửi báo cáo tổng hợp đến Ban Nữ công Công đoàn ngành Y tế để phối hợp.');
    expect(union).toContain('Đề nghị Ban Nữ công Công đoàn ngành Y tế phối hợp chỉ đạo');
    expect(union).not.toMatch(/đồng chí/i);
    expect(planMail(PERSON, 'inform')).toContain(`${PLAN} để biết.`);
    for (const text of [director, union]) expect(english(text)).toEqual([]);
  });

  it('tells a unit that an action month opens, citing the plan the unit carries out', () => {
    const notice = (to: Notification['to']) =>
      render('action-window', to, {
        task: undefined,
        parentPlanLabel: 'Kế hoạch số 15/KH-TTYT ngày 20/8/2018 của Trung tâm Y tế huyện Hoằng Hóa',
        note: 'Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới',
        year: 2027,
        period: { from: '2027-11-15', to: '2027-12-15' },
      }).mail;
    const person = notice(PERSON);
    expect(person.subject).toBe(`Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới năm 2027 – ${UNIT}`);
    expect(person.text).toContain(`Kính gửi: Lê Văn Hùng – Giám đốc, ${UNIT}\n`);
    expect(person.text).toContain(
      'Thực hiện Kế hoạch số 15/KH-TTYT ngày 20/8/2018 của Trung tâm Y tế huyện Hoằng Hóa, Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới năm 2027 diễn ra từ ngày 15/11/2027 đến ngày 15/12/2027.',
    );
    expect(person.text).toContain(`Đề nghị đồng chí chỉ đạo ${UNIT} chủ động tổ chức các hoạt động hưởng ứng`);
    const office = notice(OFFICE);
    expect(office.text).toContain(`Đề nghị Văn phòng Sở Y tế Thanh Hóa chỉ đạo ${UNIT}`);
    expect(office.text).not.toMatch(/đồng chí/i);
    for (const m of [person, office]) expect(english(m.html)).toEqual([]);
  });

  it('the final report tells a body on "Nơi nhận" why it receives it', () => {
    const text = render('consolidated-report', { ...PERSON, organisation: 'Sở Y tế Thanh Hóa' }, { task: undefined, unitName: ROOT, parentPlanLabel: PLAN, distribution: 'coordinate' }).mail.text;
    expect(text).toContain(`${ROOT} gửi báo cáo tổng hợp kết quả thực hiện ${PLAN} để phối hợp, gồm số liệu`);
    const final = render('consolidated-report', PERSON, { task: undefined, unitName: ROOT, parentPlanLabel: PLAN }).mail.text;
    expect(final).toContain(`thực hiện ${PLAN}, gồm số liệu`);
  });

  it('a report request names the data period', () => {
    const text = render('report-request', PERSON, { task: 'report', period: { from: '2026-11-15', to: '2027-11-14' } }).mail.text;
    expect(text).toContain('Số liệu báo cáo tính từ ngày 15/11/2026 đến ngày 14/11/2027.');
  });
});

describe('no English word in a page', () => {
  const chrome = { systemName: 'Hệ thống theo dõi thực hiện chỉ đạo' };
  const form = { values: {}, errors: {} };
  const indicators = [...draftingState().indicators, { id: 'nu_lanh_dao', label: 'Tỷ lệ nữ lãnh đạo', type: 'ratio' as const, rollup: 'ratio' as const, parts: { numerator: 'nữ lãnh đạo', denominator: 'cán bộ lãnh đạo' } }];
  const states = {
    'draft-plan': draftingState(),
    'review-plan': draftingState({ stage: 'in-review', plan: { planNumber: '12/KH-BV', title: 'Kế hoạch', summary: 'Tóm tắt', activities: { 'II.1': ['Hội nghị'] } } }),
    report: draftingState({
      stage: 'reporting',
      indicators,
      dataPeriod: { from: '2026-11-15', to: '2027-11-14' },
      actionWindows: [{ name: 'Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới', from: '2027-11-15', to: '2027-12-15' }],
    }),
    consolidate: draftingState({ stage: 'consolidating', indicators, consolidation: { values: { female_leaders_pct: 35.5, trainings: 1234, action_month_held: true, nu_lanh_dao: { numerator: 12, denominator: 34 } }, missingUnitIds: [] } }),
  } as const;

  it.each(Object.keys(states).map((k) => [k as TaskKind]))('the %s form', (kind) => {
    const body = taskPage(kind, { state: states[kind], actor: 'gd@bv.example', csrf: 'x', form }, chrome);
    expect(english(body)).toEqual([]);
    if (kind === 'consolidate') expect(body).toContain('35,5 %');
    // The report form says which period the figures cover and when the action month runs.
    if (kind === 'report') {
      expect(body).toContain('<dt>Kỳ số liệu</dt><dd>Từ ngày 15/11/2026 đến ngày 14/11/2027</dd>');
      expect(body).toContain('<dt>Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới</dt><dd>Từ ngày 15/11/2027 đến ngày 15/12/2027</dd>');
    } else expect(body).not.toContain('Kỳ số liệu');
  });

  it('the notices, the confirmation and the report preview', () => {
    const s = draftingState();
    const notices = (['invalid', 'expired', 'not-found', 'cancelled'] as const).map((kind) => accessNotice({ kind } as never));
    notices.push(accessNotice({ kind: 'done', state: s } as never), accessNotice({ kind: 'wrong-stage', state: s } as never));
    for (const n of notices) expect(english(noticePage(n, chrome))).toEqual([]);
    expect(english(acceptedPage('Đã nhận báo cáo kết quả thực hiện.', STAGE_LABELS_VI.reported, chrome))).toEqual([]);
    const { setup, entries } = sampleReports();
    expect(english(renderReportHtml(buildReport({ setup, issuerId: setup.units[0]!.id, entries, date: '2027-11-27', progress: true })))).toEqual([]);
  });

  it('the word check can fail', () => {
    expect(english('<p>Đã gia hạn việc "report" đến hết ngày</p>')).toEqual(['report']);
  });
});
