import { HEAD_EMAIL } from '../mail/fixtures';
import { draftingState, FakeGateway, WORKFLOW_ANSWERS } from './fake-gateway';
import { call, closeServers, csrfOf, form, FORM, testServer, tokenFor } from './helpers';

afterAll(closeServers);

const PLAN = { planNumber: '15/KH-BVĐK', title: 'Kế hoạch năm 2026', summary: 'Tóm tắt', activities: { 'II.1': ['Hội nghị quán triệt'] } };

function stateFor(kind: 'review-plan' | 'report' | 'consolidate') {
  const stage = kind === 'review-plan' ? 'in-review' : kind === 'report' ? 'reporting' : 'consolidating';
  return draftingState({
    stage,
    plan: PLAN,
    consolidation: kind === 'consolidate' ? { values: { female_leaders_pct: 37.25, trainings: 1234, action_month_held: true }, missingUnitIds: ['ttyt-huyen-nga-son'], missingUnitNames: ['Trung tâm Y tế huyện Nga Sơn'] } : null,
    currentTask: { kind, revision: 0, assignees: [HEAD_EMAIL], dueAt: '2026-11-24T16:59:00.000Z' },
  });
}

async function open(kind: 'review-plan' | 'report' | 'consolidate') {
  const { app, gateway } = await testServer({ gateway: new FakeGateway(stateFor(kind)) });
  const token = tokenFor({ task: kind });
  const page = await call(app, { method: 'GET', url: `/a/${token}` });
  expect(page.statusCode).toBe(200);
  const post = (fields: Record<string, string>) => call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...fields, _csrf: csrfOf(page.body) }) });
  return { app, gateway, token, page, post };
}

describe('review form', () => {
  it('shows the plan; returning needs a comment; approve and return reach the update', async () => {
    const { gateway, page, post } = await open('review-plan');
    expect(page.body).toContain('Hội nghị quán triệt');
    expect(page.body).toContain('value="approve"');
    const noComment = await post({ decision: 'return', comment: '' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.body).toContain('cần ghi rõ lý do trả lại');
    expect(gateway.calls).toHaveLength(0);
    await post({ decision: 'return', comment: 'Bổ sung hoạt động nhóm II.3' });
    expect(gateway.calls[0]!.input).toEqual({ task: 'review-plan', revision: 0, actor: HEAD_EMAIL, decision: 'return', comment: 'Bổ sung hoạt động nhóm II.3' });
  });
});

describe('report form', () => {
  it('has typed indicator fields and parses Vietnamese numbers', async () => {
    const { gateway, page, post } = await open('report');
    expect(page.body).toContain('inputmode="decimal"');
    expect(page.body).toContain('type="radio" name="values.action_month_held" value="yes"');
    const bad = await post({ 'values.female_leaders_pct': '135', 'values.trainings': 'mười', narrative: 'Đánh giá' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('tỷ lệ phải từ 0 đến 100');
    expect(bad.body).toContain('phải là một số');
    expect(bad.body).toContain('value="mười"');
    expect(gateway.calls).toHaveLength(0);
    const ok = await post({ 'values.female_leaders_pct': '35,5', 'values.trainings': '1.234', 'values.action_month_held': 'yes', 'values.notes': 'Không', narrative: 'Hoàn thành kế hoạch' });
    expect(ok.statusCode).toBe(200);
    expect(gateway.calls[0]!.input).toEqual({
      task: 'report',
      revision: 0,
      actor: HEAD_EMAIL,
      values: { female_leaders_pct: 35.5, trainings: 1234, action_month_held: true, notes: 'Không' },
      narrative: 'Hoàn thành kế hoạch',
    });
  });
});

describe('consolidation form', () => {
  it('shows rolled-up values in Vietnamese format and the missing units', async () => {
    const { gateway, page, post } = await open('consolidate');
    expect(page.body).toContain('37,25 %');
    expect(page.body).toContain('1.234 lớp');
    // Missing units by name, never by slug.
    expect(page.body).toContain('<li>Trung tâm Y tế huyện Nga Sơn</li>');
    expect(page.body).not.toContain('ttyt-huyen-nga-son');
    await post({ narrative: 'Tổng hợp của ngành' });
    expect(gateway.calls[0]!.input).toEqual({ task: 'consolidate', revision: 0, actor: HEAD_EMAIL, narrative: 'Tổng hợp của ngành' });
  });
});

describe('JSON API', () => {
  it('runs the same action with the same validation', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const json = { 'content-type': 'application/json' };
    const bad = await call(app, { method: 'POST', url: `/api/a/${token}`, headers: json, payload: JSON.stringify({ ...PLAN, planNumber: '' }) });
    expect(bad.statusCode).toBe(422);
    expect(JSON.parse(bad.body)).toMatchObject({ status: 'invalid', errors: [expect.stringContaining('planNumber')] });
    // task, revision and actor in the body are ignored: the link decides them.
    const ok = await call(app, { method: 'POST', url: `/api/a/${token}`, headers: json, payload: JSON.stringify({ ...PLAN, actor: 'mallory@example.vn', task: 'report', revision: 9 }) });
    expect(JSON.parse(ok.body)).toEqual({ status: 'accepted', message: WORKFLOW_ANSWERS.plan, stage: 'in-review' });
    expect(gateway.calls[0]!.input).toMatchObject({ task: 'draft-plan', revision: 0, actor: HEAD_EMAIL });
    const again = await call(app, { method: 'GET', url: `/api/a/${token}` });
    expect(JSON.parse(again.body)).toMatchObject({ status: 'already-recorded' });
  });
});
