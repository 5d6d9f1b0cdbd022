/**
 * The admin dashboard in headless Chromium, against a real cycle on the dev
 * server (real worker, real Temporal gateway, real session cookie and CSRF).
 * The cycle is the 4-unit test file for 2026 with the root's plan issued in
 * January, so one unit is past its due time now: the page must mark it, a
 * viewer must not be able to steer it, and a steward extends it from the page.
 * Then another unit's plan is submitted and approved (by its head and its
 * approver, as their pages would), and the progress chart over time counts it.
 * A mail copy held after a crash (MAIL_UNCERTAIN_COPIES=hold) is listed on the
 * cycle page; a viewer only sees it, a steward answers it with one button.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createAdminActivities } from '../../../activities/admin';
import { buildServer } from '../../../client/web/app';
import { hashPassword, parseAccounts } from '../../../client/web/admin/accounts';
import { createTemporalAdminGateway } from '../../../client/web/admin/gateway';
import { createTemporalGateway } from '../../../client/web/temporal-gateway';
import { loadCycleInput, startCycleWorkflow } from '../../../client/shared/start-cycle';
import { loadConfig } from '../../../runtime/config';
import { formatVnShortDateTime } from '../../../runtime/vn-format';
import { createFileMailClaims, type MailClaims } from '../../../runtime/mail-claims';
import { sentMailKey } from '../../../runtime/sent-mail-ledger';
import { freePort } from '../../../runtime/temporal-dev-server';
import { cycleStatusQuery } from '../../../workflows/cascade-cycle';
import { reviewPlanUpdate, submitPlanUpdate, unitStateQuery } from '../../../workflows/unit-messages';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { createRecordingMail } from '../../support/recording-mail';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue, workflowBundle } from '../../support/temporal';

const cascadeId = `mini-admin-${process.pid}`;
const year = 2026;
// Written on every run under the git-ignored test-results/; docs/admin-dashboard.png is refreshed from it by hand.
const SCREENSHOT = path.resolve(__dirname, '../../../test-results/admin-dashboard.png');

describe('admin dashboard in Chromium', () => {
  const taskQueue = uniqueTaskQueue('admin');
  let client: Client;
  let close: () => Promise<void>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let app: FastifyInstance;
  let base: string;
  let lateUnit: string;
  let claims: MailClaims;
  const heldKey = sentMailKey('run-held', '<held@directive-cascade.local>');
  const browsers: TestBrowser[] = [];

  const signIn = async (username: string, password: string) => {
    const b = await launchBrowser({ viewport: { width: 390, height: 844 } });
    browsers.push(b);
    const page = await b.context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    return page;
  };

  beforeAll(async () => {
    ({ client, close } = await devServerClient());
    connection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), dataConverter: productDataConverter(), activities: { ...createRecordingMail().activities, ...createAdminActivities({ client }) } });
    running = worker.run();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-admin-'));
    const file = path.join(dir, 'mini.yaml');
    const issued = '  issuedPlan: { system: state, number: 12/KH-BVSTCPN, issuer: Ban Vì sự tiến bộ của phụ nữ, issuedOn: "2026-01-12", title: Kế hoạch năm 2026 }\n';
    fs.writeFileSync(file, fs.readFileSync(path.resolve(__dirname, '../../fixtures/valid-mini.yaml'), 'utf8').replace(/^id: mini$/m, `id: ${cascadeId}`).replace(/^ {2}level: Sở\n/m, `  level: Sở\n${issued}`));
    expect((await startCycleWorkflow(client, taskQueue, loadCycleInput(file, year))).outcome).toBe('started');
    const deadline = Date.now() + 240_000;
    let late: string[] = [];
    while (!late.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      late = [];
      for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cascadeId}/${year}" AND CascadeOverdue = true AND WorkflowType = "unitPlanWorkflow"` })) late.push(wf.workflowId.split('/').pop()!);
    }
    expect(late).toHaveLength(1);
    lateUnit = late[0]!;

    // A reminder to the late unit that a crash left uncertain, and one of another cascade (not shown here).
    claims = createFileMailClaims(path.join(dir, 'mail-claims'));
    await claims.claim(heldKey, { workflowId: `cascade/${cascadeId}/${year}/unit/${lateUnit}`, kind: 'reminder', messageId: '<held@directive-cascade.local>' }, new Date());
    await claims.hold(heldKey, new Date());
    const elsewhere = sentMailKey('run-held', '<elsewhere@directive-cascade.local>');
    await claims.claim(elsewhere, { workflowId: `cascade/other-${cascadeId}/${year}/unit/x`, kind: 'reminder', messageId: '<elsewhere@directive-cascade.local>' }, new Date());
    await claims.hold(elsewhere, new Date());

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({ NODE_ENV: 'test', TEMPORAL_ADDRESS: devServerAddress(), PUBLIC_BASE_URL: base, WEB_PORT: String(port), WEB_RATE_LIMIT_PER_MINUTE: '100000' });
    const accounts = parseAccounts(
      JSON.stringify({
        accounts: [
          { username: 'lan', displayName: 'Nguyễn Thị Lan', passwordHash: await hashPassword('mat-khau-dieu-hanh'), roles: { [cascadeId]: 'steward' } },
          { username: 'binh', passwordHash: await hashPassword('mat-khau-chi-xem'), roles: { '*': 'viewer' } },
        ],
      }),
      'test',
    );
    app = await buildServer({
      config,
      gateway: createTemporalGateway(client),
      log: false,
      admin: { accounts, gateway: createTemporalAdminGateway(client), secureCookies: false, temporalUiUrl: 'http://localhost:8233', namespace: 'default', loginAttemptsPerMinute: 50, progressChartCacheMs: 0, heldMail: claims },
    });
    await app.listen({ host: '127.0.0.1', port });
  }, 600_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await app?.close();
    await client.workflow.getHandle(`cascade/${cascadeId}/${year}`).terminate('end of test').catch(() => undefined);
    worker.shutdown();
    await running;
    await connection.close();
    await close();
  });

  it('refuses /admin without signing in: the sign-in page, and no cycle data', async () => {
    const b = await launchBrowser();
    browsers.push(b);
    const page = await b.context.newPage();
    for (const url of ['/admin', `/admin/c/${cascadeId}/${year}`, `/admin/c/${cascadeId}/${year}/export.csv`, `/admin/c/${cascadeId}/${year}/tien-do.svg`]) {
      await page.goto(`${base}${url}`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      expect(await page.textContent('main')).not.toContain(cascadeId);
    }
    const post = await page.request.post(`${base}/admin/c/${cascadeId}/${year}/u/${lateUnit}/extend`, { form: { newDueDate: '2026-12-31', reason: 'thử', confirm: 'yes' }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
  });

  it('refuses a wrong password, and a sign-in form without its CSRF field', async () => {
    const page = await signIn('lan', 'sai-mat-khau');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.textContent('[role=alert]')).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    const forged = await page.request.post(`${base}/admin/login`, { form: { username: 'lan', password: 'mat-khau-dieu-hanh' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
  });

  it('a viewer sees the cycle with the late unit marked, but cannot steer it', async () => {
    const page = await signIn('binh', 'mat-khau-chi-xem');
    expect(await page.textContent('h1')).toBe('Các chu kỳ');
    await page.getByRole('link', { name: cascadeId }).click();
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe(`Cascade thử nghiệm — năm ${year}`);
    const overdueRow = page.locator('#qua-han tr.overdue');
    expect(await overdueRow.count()).toBe(1);
    expect(await overdueRow.textContent()).toContain('QUÁ HẠN');
    expect(await page.locator('ul.tree li.overdue').count()).toBe(1);
    await page.goto(`${base}/admin/c/${cascadeId}/${year}/u/${lateUnit}`);
    expect(await page.textContent('main')).toContain('Tài khoản của bạn chỉ được xem chu kỳ này.');
    expect(await page.locator('form[action$="/extend"]').count()).toBe(0);
    // Posting anyway, with this session's own CSRF token, is refused and changes nothing.
    const csrf = await page.locator('header input[name=_csrf]').getAttribute('value');
    const before = await client.workflow.getHandle(`cascade/${cascadeId}/${year}/unit/${lateUnit}`).query(unitStateQuery);
    const r = await page.request.post(`${base}/admin/c/${cascadeId}/${year}/u/${lateUnit}/extend`, { form: { _csrf: csrf!, newDueDate: '2026-12-31', reason: 'không được phép', confirm: 'yes' }, maxRedirects: 0 });
    expect(r.status()).toBe(403);
    expect(await r.text()).toContain('không được điều hành');
    expect((await client.workflow.getHandle(`cascade/${cascadeId}/${year}/unit/${lateUnit}`).query(unitStateQuery)).dueAt).toBe(before.dueAt);
  });

  it('a steward extends the late unit from the page: new due date and audit entry appear', async () => {
    const page = await signIn('lan', 'mat-khau-dieu-hanh');
    await page.goto(`${base}/admin/c/${cascadeId}/${year}`);
    await page.locator('#qua-han tr.overdue a').first().click();
    await page.waitForLoadState();
    expect(await page.textContent('#due')).toContain('QUÁ HẠN');

    // Without the confirmation ticked nothing happens (the browser's `required` is bypassed by posting directly).
    const csrf = await page.locator('form[action$="/extend"] input[name=_csrf]').getAttribute('value');
    const unconfirmed = await page.request.post(`${base}/admin/c/${cascadeId}/${year}/u/${lateUnit}/extend`, { form: { _csrf: csrf!, newDueDate: '2026-12-31', reason: 'Đơn vị xin gia hạn' } });
    expect(await unconfirmed.text()).toContain('Chưa thực hiện: cần đánh dấu ô xác nhận.');

    await page.locator('summary', { hasText: 'Gia hạn việc đang mở' }).click();
    await page.getByLabel('Hạn mới').fill('2026-12-31');
    await page.locator('form[action$="/extend"] textarea[name=reason]').fill('Đơn vị xin gia hạn do thay đổi nhân sự');
    await page.locator('form[action$="/extend"] input[name=confirm]').check();
    await page.getByRole('button', { name: 'Gia hạn' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe(`/admin/c/${cascadeId}/${year}/u/${lateUnit}`);
    expect(await page.textContent('.flash')).not.toContain('Không thực hiện được');
    expect(await page.textContent('#due')).toBe('31/12/2026');
    const audit = await page.textContent('#nhat-ky');
    expect(audit).toContain('Gia hạn việc đang mở đến 31/12/2026');
    expect(audit).toContain('Nguyễn Thị Lan (lan)');
    expect(audit).toContain('Đơn vị xin gia hạn do thay đổi nhân sự');
    // The workflows agree: the unit's due time and the cycle's audit trail.
    const state = await client.workflow.getHandle(`cascade/${cascadeId}/${year}/unit/${lateUnit}`).query(unitStateQuery);
    expect(state.dueAt).toBe('2026-12-31T16:59:59.999Z');
    expect(state.overdue).toBe(false);
    const status = await client.workflow.getHandle(`cascade/${cascadeId}/${year}`).query(cycleStatusQuery);
    const entry = status.audit.at(-1)!;
    expect(entry).toEqual({ action: 'extend-deadline → 2026-12-31', unitId: lateUnit, reason: 'Đơn vị xin gia hạn do thay đổi nhân sự', actor: 'Nguyễn Thị Lan (lan)', at: expect.any(String) });
    // The time the cycle recorded is the one on the page (Vietnam time), and it is the time of the click.
    expect(Math.abs(Date.parse(entry.at!) - Date.now())).toBeLessThan(120_000);
    expect(await page.locator('#nhat-ky time').first().getAttribute('datetime')).toBe(entry.at);
    expect(await page.locator('#nhat-ky time').first().textContent()).toBe(formatVnShortDateTime(entry.at));
    // The cycle page's audit trail has the same entry, with the time and the admin.
    await page.goto(`${base}/admin/c/${cascadeId}/${year}`);
    const row = page.locator('#nhat-ky tbody tr').first();
    expect(await row.textContent()).toContain(`${formatVnShortDateTime(entry.at)}Gia hạn việc đang mở đến 31/12/2026`);
    expect(await row.textContent()).toContain('Nguyễn Thị Lan (lan)');
  });

  it('draws progress over the cycle from what each unit recorded: a plan submitted and approved counts', async () => {
    const page = await signIn('binh', 'mat-khau-chi-xem');
    const chartUrl = `${base}/admin/c/${cascadeId}/${year}/tien-do.svg`;
    const legend = async () => {
      await page.goto(chartUrl);
      return page.locator('text.legend').allTextContents();
    };
    expect(await legend()).toEqual(['Đã gửi dự thảo kế hoạch: 0/4 đơn vị', 'Kế hoạch đã được phê duyệt: 0/4 đơn vị', 'Đã gửi báo cáo: 0/4 đơn vị']);

    // Another unit drafting: its head submits the plan, its approver approves it (the Updates their pages send).
    const ids = ['bv-a', 'ttyt-c'].filter((id) => id !== lateUnit);
    const handle = client.workflow.getHandle(`cascade/${cascadeId}/${year}/unit/${ids[0]!}`);
    let s = await handle.query(unitStateQuery);
    expect(s.stage).toBe('drafting');
    const before = Date.now();
    await handle.executeUpdate(submitPlanUpdate, {
      args: [{ task: 'draft-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, planNumber: '15/KH-BV', title: `Kế hoạch năm ${year}`, summary: 'Triển khai các hoạt động.', activities: { 'II.1': ['Tọa đàm'] } }],
    });
    s = await handle.query(unitStateQuery);
    await handle.executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, decision: 'approve', comment: '' }] });
    s = await handle.query(unitStateQuery);
    // Approved: implementing, or already asked for its report (late November on the real clock).
    expect(['implementing', 'reporting']).toContain(s.stage);

    expect(await legend()).toEqual(['Đã gửi dự thảo kế hoạch: 1/4 đơn vị', 'Kế hoạch đã được phê duyệt: 1/4 đơn vị', 'Đã gửi báo cáo: 0/4 đơn vị']);
    // Each line steps up once, at the time the unit recorded (right of the cycle's start, within the axis).
    for (const m of ['plan-submitted', 'plan-approved']) {
      const d = (await page.locator(`path[data-milestone="${m}"]`).getAttribute('d'))!;
      expect(d).toMatch(/^M[\d.]+ 244\.0 H[\d.]+ V194\.0 H704\.0$/);
    }
    expect(await page.locator('path[data-milestone="report-sent"]').getAttribute('d')).toMatch(/^M[\d.]+ 244\.0 H704\.0$/);
    const submittedAt = Date.parse(Object.entries(s.actions!).find(([k]) => k.startsWith('draft-plan:'))![1].at);
    expect(submittedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(await page.locator('desc').textContent()).toContain('đã gửi dự thảo kế hoạch 1; kế hoạch đã được phê duyệt 1; đã gửi báo cáo 0');

    // On the cycle page the chart is an image that loads (same session), beside the rest; the screenshot is taken here.
    await page.goto(`${base}/admin/c/${cascadeId}/${year}`);
    const img = page.locator('#tien-do img');
    const loaded = await img.evaluate((el) => {
      const i = el as unknown as { complete: boolean; naturalWidth: number };
      return i.complete ? i.naturalWidth : 0;
    });
    expect(loaded).toBe(720);
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('lists the cycle\'s held mail; a viewer only sees it, a steward answers it with one button', async () => {
    const id = heldKey.slice(0, 12);
    const viewer = await signIn('binh', 'mat-khau-chi-xem');
    await viewer.goto(`${base}/admin/c/${cascadeId}/${year}`);
    const card = viewer.locator('#thu-cho');
    expect(await card.locator('h2').textContent()).toBe('Thư chưa rõ đã đến hay chưa (1)');
    expect(await card.locator('tbody tr').textContent()).toContain(`${id}`);
    expect(await card.locator('tbody tr').textContent()).toContain('nhắc hạn');
    expect(await card.locator('tbody tr').textContent()).toContain('chờ người điều hành trả lời');
    expect(await card.locator('button').count()).toBe(0);
    const csrf = await viewer.locator('header input[name=_csrf]').getAttribute('value');
    const refused = await viewer.request.post(`${base}/admin/c/${cascadeId}/${year}/thu-cho/${id}/arrived`, { form: { _csrf: csrf! }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect((await claims.find(heldKey))?.decision).toBeUndefined();

    const steward = await signIn('lan', 'mat-khau-dieu-hanh');
    await steward.goto(`${base}/admin/c/${cascadeId}/${year}`);
    // Another cascade's held mail is not this cycle's, so it cannot be answered from here.
    const stewardCsrf = await steward.locator('header input[name=_csrf]').getAttribute('value');
    const other = await steward.request.post(`${base}/admin/c/${cascadeId}/${year}/thu-cho/${sentMailKey('run-held', '<elsewhere@directive-cascade.local>').slice(0, 12)}/resend`, { form: { _csrf: stewardCsrf! } });
    expect(await other.text()).toContain('không còn chờ trong chu kỳ này');
    await steward.getByRole('button', { name: 'Người nhận đã có thư' }).click();
    await steward.waitForLoadState();
    expect(await steward.textContent('.flash')).toBe(`Đã ghi: thư ${id} đã đến, sẽ không gửi lại.`);
    expect(await steward.locator('#thu-cho tbody tr').textContent()).toContain('Đã trả lời: thư đã đến (không gửi lại)');
    expect(await claims.find(heldKey)).toMatchObject({ decision: 'arrived' });
  });

  it('exports the cycle as CSV and XLSX', async () => {
    const page = await signIn('lan', 'mat-khau-dieu-hanh');
    const csv = await page.request.get(`${base}/admin/c/${cascadeId}/${year}/export.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.startsWith(`${lateUnit},`))).toBe(true);
    const xlsx = await page.request.get(`${base}/admin/c/${cascadeId}/${year}/export.xlsx`);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  });
});
