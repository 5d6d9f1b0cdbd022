/**
 * The pages over REAL workflows (time-skipping server, real mail activity and
 * SMTP, the real Temporal gateway): every link comes from a mail a unit
 * workflow sent, every confirmation or refusal shown is what the workflow
 * answered, and every form shows the workflow's state (the submitted plan, the
 * reviewer's comment, a real roll-up). One small cycle of the shipped example
 * (the root → BV Nhi, TTYT Hoằng Hóa → three stations) walks through the year;
 * the tests run in order on it. The answers are checked against WORKFLOW_ANSWERS,
 * the texts the fake gateway of the other page tests gives.
 */
import { STAGE_LABELS_VI } from '../../domain/stages';
import { smallExample } from '../support/example';
import { WORKFLOW_ANSWERS } from './fake-gateway';
import { startTimeSkippingStack, type StackMail, type TimeSkippingStack } from '../support/time-skipping-stack';

const NHI_HEAD = 'bv-nhi@yte-thanhhoa.example';
const ROOT_HEAD = 'truong-ban-vstbcpn@yte-thanhhoa.example';
const TTYT_HEAD = 'ttyt-hoang-hoa@yte-thanhhoa.example';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let stack: TimeSkippingStack;

beforeAll(async () => {
  stack = await startTimeSkippingStack(smallExample(['bv-nhi', 'ttyt-hoang-hoa'], 'web-pages'), 2027, '2027-01-18');
});
afterAll(async () => {
  await stack?.stop();
});

async function page(link: string): Promise<{ status: number; body: string }> {
  const res = await fetch(link, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** @returns the CSRF value of the form behind a link */
async function csrfOf(link: string): Promise<string> {
  const form = await page(link);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!csrf) throw new Error(`no form behind ${link} (HTTP ${form.status})`);
  return csrf;
}

/** Posts `fields` with the form's CSRF value (opened first, as a browser would, unless given). */
async function post(link: string, fields: Record<string, string>, csrf?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(link, { method: 'POST', headers: FORM, body: new URLSearchParams({ ...fields, _csrf: csrf ?? (await csrfOf(link)) }).toString(), redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

async function onlyLink(pred: (m: StackMail) => boolean, what: string): Promise<string> {
  const found = await stack.mailsWhere(pred);
  if (found.length !== 1 || found[0]!.links.length !== 1) throw new Error(`expected one mail with one link (${what}), got ${JSON.stringify(found.map((m) => [m.to, m.subject, m.links.length]))}`);
  return found[0]!.links[0]!;
}

describe('pages over real workflows', () => {
  let draftLink: string;

  it('a plan form from a real mail; the confirmation is the workflow answer; the same link again changes nothing', async () => {
    await stack.advanceTo('2027-01-19');
    draftLink = await onlyLink((m) => m.to === NHI_HEAD && m.subject.startsWith('Đề nghị xây dựng kế hoạch'), 'BV Nhi task');
    const form = await page(draftLink);
    expect(form.status).toBe(200);
    expect(form.body).toContain('Bệnh viện Nhi Thanh Hóa');
    // Due 15 working days after 18/1/2027, across Tết: end of 15/2.
    expect(form.body).toContain('hết ngày 15 tháng 02 năm 2027 (giờ Việt Nam)');
    for (const g of stack.cascade.cycle.activityGroups) expect(form.body).toContain(`${g.id}.`);

    const csrf = await csrfOf(draftLink);
    const done = await post(draftLink, {
      planNumber: '15/KH-BVNHI',
      title: 'Kế hoạch thực hiện Chỉ thị 21-CT/TW năm 2027',
      summary: 'Triển khai tại các khoa, phòng.',
      'activities.II.1': 'Hội nghị quán triệt\nTruyền thông Tháng hành động',
    }, csrf);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Đã ghi nhận');
    expect(done.body).toContain(WORKFLOW_ANSWERS.plan);
    expect(done.body).toContain(STAGE_LABELS_VI['in-review']);
    const after = await stack.state('bv-nhi');
    expect(after).toMatchObject({
      stage: 'in-review',
      plan: { planNumber: '15/KH-BVNHI', title: 'Kế hoạch thực hiện Chỉ thị 21-CT/TW năm 2027', summary: 'Triển khai tại các khoa, phòng.', activities: { 'II.1': ['Hội nghị quán triệt', 'Truyền thông Tháng hành động'] } },
    });

    await stack.settle(); // the approval request goes out after the answer
    const events = await stack.historyLength('bv-nhi');
    // The same form posted again (a double click, a resent form): recorded already, nothing changes.
    const again = await post(draftLink, { planNumber: '16/KH', title: 'Khác', summary: 'Khác', 'activities.II.1': 'Khác' }, csrf);
    expect(again.status).toBe(200);
    expect(again.body).toContain('Nội dung đã được ghi nhận');
    const reopened = await page(draftLink);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toContain('Nội dung đã được ghi nhận');
    expect(reopened.body).not.toContain('name="_csrf"');
    expect(await stack.state('bv-nhi')).toEqual(after);
    expect(await stack.historyLength('bv-nhi')).toBe(events);
  });

  it("a review page shows the real plan; a return needs a comment; the returned mail's link shows it, the old link is superseded", async () => {
    const reviewLink = await onlyLink((m) => m.to === ROOT_HEAD && m.subject === 'Đề nghị phê duyệt kế hoạch của Bệnh viện Nhi Thanh Hóa', 'approval request');
    const review = await page(reviewLink);
    expect(review.status).toBe(200);
    expect(review.body).toContain('15/KH-BVNHI');
    expect(review.body).toContain('Truyền thông Tháng hành động');

    const noComment = await post(reviewLink, { decision: 'return', comment: '' });
    expect(noComment.status).toBe(422);
    expect(noComment.body).toContain('cần ghi rõ lý do trả lại');
    expect(await stack.state('bv-nhi')).toMatchObject({ stage: 'in-review', revision: 0 });

    const returned = await post(reviewLink, { decision: 'return', comment: 'Bổ sung hoạt động nhóm II.3' });
    expect(returned.status).toBe(200);
    expect(returned.body).toContain(WORKFLOW_ANSWERS.return);
    expect(returned.body).toContain(STAGE_LABELS_VI.drafting);

    const redraftLink = await onlyLink((m) => m.to === NHI_HEAD && m.subject === 'Kế hoạch của Bệnh viện Nhi Thanh Hóa được trả lại để chỉnh sửa', 'returned plan');
    const redraft = await page(redraftLink);
    expect(redraft.status).toBe(200);
    expect(redraft.body).toContain('Bổ sung hoạt động nhóm II.3');
    const old = await page(draftLink);
    expect(old.status).toBe(409);
    expect(old.body).toContain('liên kết mới');

    expect((await post(redraftLink, { planNumber: '15/KH-BVNHI', title: 'Kế hoạch năm 2027 (bổ sung)', summary: 'Bổ sung nhóm II.3.', 'activities.II.3': 'Rà soát quy hoạch cán bộ nữ' })).status).toBe(200);
    const secondReview = await onlyLink((m) => m.to === ROOT_HEAD && m.subject === 'Đề nghị phê duyệt kế hoạch của Bệnh viện Nhi Thanh Hóa' && !m.links.includes(reviewLink), 'second approval request');
    const approved = await post(secondReview, { decision: 'approve', comment: '' });
    expect(approved.status).toBe(200);
    expect(approved.body).toContain(WORKFLOW_ANSWERS.approve);
    expect(await stack.state('bv-nhi')).toMatchObject({ stage: 'implementing', revision: 1 });
  });

  it("a report the workflow's own rule refuses is shown refused, with its reason, and changes nothing; a good one is accepted", async () => {
    await stack.planApproved('ttyt-hoang-hoa');
    await stack.advanceTo('2027-01-19', 9); // its stations are told to draft
    for (const id of ['tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc']) await stack.planApproved(id);
    await stack.advanceTo('2027-11-08');
    const reportLink = await onlyLink((m) => m.to === NHI_HEAD && m.subject === 'Đề nghị báo cáo kết quả thực hiện – Bệnh viện Nhi Thanh Hóa', 'report request');
    const before = await stack.state('bv-nhi');
    expect(before.stage).toBe('reporting');
    // The JSON API passes values as sent; the workflow's validator requires every number.
    const res = await fetch(reportLink.replace('/a/', '/api/a/'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ values: { so_su_kien_truyen_thong: 3 }, narrative: 'Báo cáo' }) });
    expect(res.status).toBe(409);
    const refused = (await res.json()) as { status: string; message: string };
    expect(refused.status).toBe('rejected');
    expect(refused.message).toContain('values.so_hoat_dong_thang_hanh_dong: chưa nhập');
    expect(await stack.state('bv-nhi')).toEqual(before);

    const ok = await post(reportLink, {
      'values.so_su_kien_truyen_thong': '1.234',
      'values.so_hoat_dong_thang_hanh_dong': '3',
      'values.ty_le_nu_lanh_dao.numerator': '4',
      'values.ty_le_nu_lanh_dao.denominator': '10',
      'values.ty_le_nu_sau_dai_hoc': '35,5',
      'values.co_ban_vstbcpn': 'yes',
      'values.so_vu_viec_vi_pham': '0',
      narrative: 'Hoàn thành kế hoạch năm',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(WORKFLOW_ANSWERS.report);
    expect((await stack.state('bv-nhi')).report).toMatchObject({
      values: { so_su_kien_truyen_thong: 1234, so_hoat_dong_thang_hanh_dong: 3, ty_le_nu_lanh_dao: { numerator: 4, denominator: 10 }, ty_le_nu_sau_dai_hoc: 35.5, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 },
      narrative: 'Hoàn thành kế hoạch năm',
    });
  });

  it("the consolidation page shows the centre's real roll-up and the station still missing", async () => {
    const values = (events: number, graduates: number) => ({ so_su_kien_truyen_thong: events, so_hoat_dong_thang_hanh_dong: 1, ty_le_nu_sau_dai_hoc: graduates, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 });
    const report = async (id: string, v: ReturnType<typeof values>) => {
      const { unitName } = await stack.state(id);
      const link = await onlyLink((m) => m.subject === `Đề nghị báo cáo kết quả thực hiện – ${unitName}` && m.to === `${id}@yte-thanhhoa.example`, `${id} report request`);
      const fields = Object.fromEntries(Object.entries(v).map(([k, x]) => [`values.${k}`, typeof x === 'boolean' ? (x ? 'yes' : 'no') : String(x).replace('.', ',')]));
      // Women in leadership is a ratio: numerator and denominator are summed up the tree.
      const leaders = { 'values.ty_le_nu_lanh_dao.numerator': '2', 'values.ty_le_nu_lanh_dao.denominator': '5' };
      expect((await post(link, { ...fields, ...leaders, narrative: `Báo cáo của ${id}` })).status).toBe(200);
    };
    await report('tyt-hoang-tien', values(1000, 35.5));
    await report('tyt-hoang-thanh', values(200, 40.25));
    await report('ttyt-hoang-hoa', values(34, 30));
    const link = await onlyLink((m) => m.to === TTYT_HEAD && m.subject.startsWith('Đề nghị tổng hợp báo cáo'), 'consolidation request');
    const form = await page(link);
    expect(form.status).toBe(200);
    expect(form.body).toContain('1.234 sự kiện'); // 34 + 1000 + 200
    expect(form.body).toContain('35,25 %'); // (30 + 35.5 + 40.25) / 3, women graduates: a mean weighted by units
    expect(form.body).toContain('6/15'); // women in leadership: 2/5 three times, both parts summed
    expect(form.body).toContain('Trạm Y tế xã Hoằng Lộc'); // the missing station, by name
    const done = await post(link, { narrative: 'Tổng hợp của Trung tâm' });
    expect(done.status).toBe(200);
    expect(done.body).toContain(WORKFLOW_ANSWERS.consolidate);
    expect(await stack.state('ttyt-hoang-hoa')).toMatchObject({ stage: 'reported', consolidation: { missingUnitIds: ['tyt-hoang-loc'] } });
  });
});
