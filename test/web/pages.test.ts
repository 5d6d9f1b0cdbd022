import { Writable } from 'node:stream';
import { ERROR_TYPES } from '../../domain/errors';
import { CSRF_PURPOSE } from '../../client/web/app';
import { DEPUTY_EMAIL, HEAD_EMAIL, NOW, signer } from '../mail/fixtures';
import { draftingState, FakeGateway, WORKFLOW_ANSWERS } from './fake-gateway';
import { call, closeServers, csrfOf, form, FORM, PLAN_FIELDS, testServer, tokenFor } from './helpers';

afterAll(closeServers);

describe('GET /a/:token shows the task and changes nothing', () => {
  it('renders an accessible Vietnamese plan form with strict headers', async () => {
    const { app, gateway } = await testServer();
    const res = await call(app, { method: 'GET', url: `/a/${tokenFor()}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('name="viewport"');
    expect(res.body).toContain('Xây dựng kế hoạch của đơn vị');
    expect(res.body).toContain('hết ngày 24 tháng 11 năm 2026 (giờ Việt Nam)');
    expect(res.body).toMatch(/<label for="f-planNumber">Số, ký hiệu kế hoạch/);
    expect(res.body).toContain(HEAD_EMAIL);
    expect(res.body).not.toContain(DEPUTY_EMAIL); // only the person holding this link
    expect(res.body).not.toMatch(/<script|style="/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(gateway.calls).toHaveLength(0);
  });

  it('HEAD answers without acting', async () => {
    const { app, gateway } = await testServer();
    const res = await call(app, { method: 'HEAD', url: `/a/${tokenFor()}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(gateway.calls).toHaveLength(0);
  });

  it('serves the stylesheet the CSP allows', async () => {
    const { app } = await testServer();
    const res = await call(app, { method: 'GET', url: '/static/site.css' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/css');
  });
});

describe('POST /a/:token runs the update', () => {
  it('submits the plan as the recipient and confirms; replaying the link says already recorded', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Đã ghi nhận');
    // The stage the workflow answered, in words (the answer's own text is checked on real workflows).
    expect(res.body).toContain('Chờ phê duyệt kế hoạch');
    expect(gateway.calls).toEqual([
      {
        workflowId: expect.any(String),
        input: {
          task: 'draft-plan',
          revision: 0,
          actor: HEAD_EMAIL,
          planNumber: '15/KH-BVĐK',
          title: PLAN_FIELDS.title,
          summary: PLAN_FIELDS.summary,
          activities: { 'II.1': ['Hội nghị quán triệt Chỉ thị 21-CT/TW', 'Truyền thông Tháng hành động 15/11–15/12'], 'II.3': ['Rà soát quy hoạch cán bộ nữ'] },
        },
      },
    ]);

    const again = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('đã được ghi nhận');
    const reopened = await call(app, { method: 'GET', url: `/a/${token}` });
    expect(reopened.body).toContain('đã được ghi nhận');
    expect(gateway.calls).toHaveLength(1);
  });

  it('a substitute listed as assignee acts as themself', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor({ email: DEPUTY_EMAIL.toUpperCase() });
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(gateway.calls[0]!.input.actor).toBe(DEPUTY_EMAIL);
  });

  it('shows "already recorded" when the workflow says so', async () => {
    const { app, gateway } = await testServer();
    gateway.next = { kind: 'done', result: { outcome: 'already-recorded', stage: 'in-review', message: WORKFLOW_ANSWERS.alreadyRecorded } };
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.body).toContain('Nội dung đã được ghi nhận');
    expect(res.body).toContain('Chờ phê duyệt kế hoạch');
  });

  it('re-renders the form with field errors, escaped, without acting', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, planNumber: '', title: '<img src=x onerror=alert(1)>', _csrf: csrfOf(page.body) }) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('không được để trống');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.body).not.toContain('<img');
    expect(gateway.calls).toHaveLength(0);
  });

  it('frames a refusal from the workflow as "not recorded" (a real refusal: pages-on-workflows.test.ts)', async () => {
    const { app, gateway } = await testServer();
    // What the workflow answers when the task was reassigned between the page and the post.
    gateway.next = { kind: 'rejected', message: WORKFLOW_ANSWERS.notAssignee };
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('<h1 id="notice-title">Chưa ghi nhận được</h1>');
    expect(res.body).toContain('Không có thay đổi nào được ghi nhận.');
    expect(res.body).not.toContain('name="_csrf"');
  });
});

describe('links that must not act', () => {
  const cases: [string, () => Promise<{ url: string; gateway?: FakeGateway }>, number, string][] = [
    ['tampered', () => Promise.resolve({ url: `/a/${tokenFor().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}` }), 400, 'Liên kết không hợp lệ'],
    ['garbage', () => Promise.resolve({ url: '/a/%3Cscript%3E' }), 400, 'Liên kết không hợp lệ'],
    ['expired', () => Promise.resolve({ url: `/a/${tokenFor({ expiresAt: NOW / 1000 - 1 })}` }), 410, 'liên kết mới'],
    ['other recipient', () => Promise.resolve({ url: `/a/${tokenFor({ email: 'nguoi.khac@example.vn' })}` }), 409, 'giao cho người khác'],
    ['wrong stage', () => Promise.resolve({ url: `/a/${tokenFor({ task: 'report' })}` }), 409, 'Chưa đến bước này'],
    ['superseded revision', () => Promise.resolve({ url: `/a/${tokenFor()}`, gateway: new FakeGateway(draftingState({ revision: 1, currentTask: { kind: 'draft-plan', revision: 1, assignees: [HEAD_EMAIL], dueAt: '2026-11-24T16:59:00.000Z' } })) }), 409, 'liên kết mới'],
    ['already done', () => Promise.resolve({ url: `/a/${tokenFor()}`, gateway: new FakeGateway(draftingState({ stage: 'implementing', currentTask: null })) }), 200, 'đã được ghi nhận'],
    ['unknown workflow', () => Promise.resolve({ url: `/a/${tokenFor({ workflowId: 'cascade/x/2026/unit/y' })}` }), 404, 'Không tìm thấy nhiệm vụ'],
  ];

  it.each(cases)('%s: GET, HEAD and POST all refuse without acting', async (_name, make, status, text) => {
    const { url, gateway: g } = await make();
    const { app, gateway } = await testServer(g ? { gateway: g } : {});
    const get = await call(app, { method: 'GET', url });
    expect(get.statusCode).toBe(status);
    expect(get.body).toContain(text);
    expect(get.body).not.toContain('name="_csrf"');
    expect((await call(app, { method: 'HEAD', url })).statusCode).toBe(status);
    // Even with a CSRF value bound to this very link, the link's own check refuses.
    const valid = signer.bind(decodeURIComponent(url.slice(3)), CSRF_PURPOSE);
    const post = await call(app, { method: 'POST', url, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: valid }) });
    expect(post.statusCode).toBe(status);
    const api = await call(app, { method: 'POST', url: `/api${url}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ planNumber: '1/KH', title: 't', summary: 's', activities: {} }) });
    expect(api.statusCode).toBe(status);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe('CSRF and origin', () => {
  it('refuses a POST without the bound field, or from another site', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const csrf = csrfOf((await call(app, { method: 'GET', url: `/a/${token}` })).body);
    const missing = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form(PLAN_FIELDS) });
    expect(missing.statusCode).toBe(403);
    const otherToken = csrfOf((await call(app, { method: 'GET', url: `/a/${tokenFor({ sequence: 'reminder-1' })}` })).body);
    expect((await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: otherToken }) })).statusCode).toBe(403);
    expect((await call(app, { method: 'POST', url: `/a/${token}`, headers: { ...FORM, origin: 'https://evil.example' }, payload: form({ ...PLAN_FIELDS, _csrf: csrf }) })).statusCode).toBe(403);
    expect((await call(app, { method: 'POST', url: `/a/${token}`, headers: { ...FORM, 'sec-fetch-site': 'cross-site' }, payload: form({ ...PLAN_FIELDS, _csrf: csrf }) })).statusCode).toBe(403);
    expect((await call(app, { method: 'POST', url: `/api/a/${token}`, headers: FORM, payload: form(PLAN_FIELDS) })).statusCode).toBe(415);
    expect(gateway.calls).toHaveLength(0);
    // Browsers send Origin: null on form posts under Referrer-Policy: no-referrer.
    const ok = await call(app, { method: 'POST', url: `/a/${token}`, headers: { ...FORM, origin: 'null', 'sec-fetch-site': 'same-origin' }, payload: form({ ...PLAN_FIELDS, _csrf: csrf }) });
    expect(ok.statusCode).toBe(200);
  });

  it('rate-limits', async () => {
    const { app } = await testServer({ env: { WEB_RATE_LIMIT_PER_MINUTE: '3' } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await call(app, { method: 'GET', url: '/a/x' })).statusCode);
    expect(codes).toEqual([400, 400, 400, 429]);
  });
});

describe('logs', () => {
  it('never contain a token', async () => {
    let out = '';
    const log = new Writable({ write(chunk: Buffer, _e, cb) { out += chunk.toString(); cb(); } });
    const { app } = await testServer({ log });
    const token = tokenFor();
    await call(app, { method: 'GET', url: `/a/${token}` });
    await call(app, { method: 'GET', url: `/a/${token}/nope` });
    await call(app, { method: 'POST', url: `/api/a/${token}`, headers: { 'content-type': 'application/json' }, payload: '{bad json' });
    expect(out).toContain('/a/[redacted]');
    expect(out).not.toContain(token);
    expect(out).not.toContain(token.split('.')[2]!);
  });
});

describe('a POST right after its page acts on the state the page read (no second read)', () => {
  it('runs the Update without reading the state again, and reads it again for the next page', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    expect(gateway.reads).toHaveLength(1);
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.body).toContain('Đã ghi nhận');
    expect(gateway.reads).toHaveLength(1);
    expect(gateway.calls).toHaveLength(1);
    // The state changed: a repeat reads it afresh and says "already recorded" without acting.
    const again = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(again.body).toContain('đã được ghi nhận');
    expect(gateway.reads).toHaveLength(2);
    expect(gateway.calls).toHaveLength(1);
  });

  it('when the workflow refuses because the task moved on, the answer is the notice a fresh read gives', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    // Reassigned between the page and the POST: the workflow's validator refuses the old assignee.
    gateway.states.set(gateway.reads[0]!, draftingState({ currentTask: { kind: 'draft-plan', revision: 0, assignees: ['nguoi.moi@example.vn'], dueAt: '2026-11-24T16:59:00.000Z' } }));
    gateway.next = { kind: 'rejected', type: ERROR_TYPES.NotAssignee, message: WORKFLOW_ANSWERS.notAssignee };
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('giao cho người khác');
    expect(res.body).not.toContain('Chưa ghi nhận được');
    expect(gateway.reads).toHaveLength(2);
    expect(gateway.calls).toHaveLength(1);
  });

  it('a refusal about the content itself is shown as it is, without a second read', async () => {
    const { app, gateway } = await testServer();
    const token = tokenFor();
    const page = await call(app, { method: 'GET', url: `/a/${token}` });
    gateway.next = { kind: 'rejected', type: ERROR_TYPES.InvalidInput, message: 'Nhóm hoạt động II.9 không có trong chỉ đạo.' };
    const res = await call(app, { method: 'POST', url: `/a/${token}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrfOf(page.body) }) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Nhóm hoạt động II.9 không có trong chỉ đạo.');
    expect(gateway.reads).toHaveLength(1);
  });
});
