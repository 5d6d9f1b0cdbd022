/**
 * The real path of one unit's plan, nothing faked: the example cycle runs on the
 * dev server with the production activities; the "task-assigned" mail arrives
 * over SMTP; headless Chromium opens its link, fills the plan and submits; the
 * approver's mail arrives and its link approves. Stages are read back from the
 * unit workflow itself.
 */
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startE2eStack, waitFor, type E2eStack } from '../support/e2e-stack';

const UNIT = 'bv-nhi';
/** How the mails name the root's issued plan (number, date, issuer). */
const PLAN_LABEL = 'Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban Vì sự tiến bộ của phụ nữ Sở Y tế Thanh Hóa';

let stack: E2eStack;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'browser' });
  await stack.startCycle();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('example cycle in a real browser', () => {
  it('task mail → plan form → in-review; approval mail → approve → implementing', async () => {
    const unit = stack.units.find((u) => u.id === UNIT)!;
    const approver = stack.units[0]!.head; // the root's head approves its direct units' plans
    const unitWf = stack.unitWorkflowId(UNIT);

    // 1. The unit head's task mail, in Vietnamese, with a signed link to this server.
    const assigned = await stack.waitForMail((m) => m.to === unit.head.email && m.subject.startsWith('Đề nghị xây dựng kế hoạch'), 60_000, `task-assigned mail to ${unit.head.email}`);
    expect(assigned.subject).toBe(`Đề nghị xây dựng kế hoạch thực hiện ${PLAN_LABEL} – ${unit.name}`);
    expect(assigned.text).toContain(`Kính gửi: ${unit.head.name} – ${unit.head.title}, ${unit.name}`);
    expect(assigned.text).toContain(`Thực hiện ${PLAN_LABEL}, đề nghị ${unit.name} căn cứ chức năng, nhiệm vụ xây dựng kế hoạch của đơn vị`);
    expect(assigned.text).toMatch(/gửi về cơ quan cấp trên chậm nhất trong ngày \d{1,2} tháng \d{1,2} năm \d{4}\./);
    expect(assigned.text).toContain('Trân trọng./.');
    expect(assigned.html).toContain('lang="vi"');
    expect(assigned.mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const planLinks = assigned.links.filter((l) => l.startsWith(`${stack.baseUrl}/a/`));
    expect(planLinks).toHaveLength(1);
    const planLink = planLinks[0]!;
    expect(stack.claimsOf(planLink)).toMatchObject({ workflowId: unitWf, task: 'draft-plan', revision: 0 });
    expect((await stack.state(UNIT)).stage).toBe('drafting');

    browser = await launchBrowser();
    const page = await browser.context.newPage();

    // 2. Open the link, fill the plan, submit.
    const before = await stack.historyLength(unitWf);
    const opened = await page.goto(planLink);
    expect(opened?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Xây dựng kế hoạch của đơn vị');
    expect(await page.textContent('main')).toContain(unit.name);
    expect(await stack.historyLength(unitWf)).toBe(before); // opening changed nothing
    await page.getByLabel('Số, ký hiệu kế hoạch').fill('12/KH-BVNHI');
    await page.getByLabel('Trích yếu').fill(`Kế hoạch thực hiện Chỉ thị số 21-CT/TW năm ${stack.year}`);
    await page.getByLabel('Nội dung tóm tắt').fill('Triển khai các hoạt động vì sự tiến bộ của phụ nữ tại Bệnh viện Nhi.');
    await page.getByLabel(/^II\.1\./).fill('Hội nghị quán triệt Chỉ thị 21-CT/TW\nTruyền thông Tháng hành động vì bình đẳng giới');
    await page.getByLabel(/^II\.3\./).fill('Rà soát quy hoạch cán bộ nữ');
    await page.getByRole('button', { name: 'Gửi kế hoạch' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.textContent('main')).toContain('Chờ phê duyệt kế hoạch');

    const inReview = await stack.state(UNIT);
    expect(inReview.stage).toBe('in-review');
    expect(inReview.plan).toMatchObject({ planNumber: '12/KH-BVNHI', activities: { 'II.1': ['Hội nghị quán triệt Chỉ thị 21-CT/TW', 'Truyền thông Tháng hành động vì bình đẳng giới'], 'II.3': ['Rà soát quy hoạch cán bộ nữ'] } });
    expect(inReview.currentTask).toMatchObject({ kind: 'review-plan', assignees: [approver.email] });

    // 3. The approver's mail and its link.
    const request = await stack.waitForMail((m) => m.to === approver.email && m.subject === `Đề nghị phê duyệt kế hoạch của ${unit.name}`, 30_000, `approval-request mail to ${approver.email}`);
    expect(request.text).toContain(`${unit.name} đã gửi kế hoạch thực hiện ${PLAN_LABEL}. Đề nghị đồng chí xem xét, phê duyệt`);
    const reviewLink = request.links.find((l) => l.startsWith(`${stack.baseUrl}/a/`))!;
    expect(stack.claimsOf(reviewLink)).toMatchObject({ workflowId: unitWf, task: 'review-plan', revision: 0 });

    await page.goto(reviewLink);
    expect(await page.textContent('h1')).toBe('Phê duyệt kế hoạch của đơn vị');
    expect(await page.textContent('main')).toContain('12/KH-BVNHI');
    await page.getByLabel('Ý kiến').fill('Đồng ý, đề nghị đơn vị triển khai đúng tiến độ.');
    await page.getByRole('button', { name: 'Phê duyệt' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('Đã ghi nhận');
    expect(await page.textContent('main')).toContain('Đang triển khai thực hiện');

    const approved = await stack.state(UNIT);
    expect(approved.stage).toBe('implementing');
    expect(approved.lastReviewComment).toBe('Đồng ý, đề nghị đơn vị triển khai đúng tiến độ.');

    // 4. The unit head is told, without a link (nothing left to do by mail).
    const told = await waitFor(() => stack.mails().find((m) => m.to === unit.head.email && m.subject === `Kế hoạch của ${unit.name} đã được phê duyệt`), 30_000, 'approved mail');
    expect(told.links.filter((l) => l.includes('/a/'))).toEqual([]);

    // 5. The plan link, opened again, says it is done; nothing changes.
    const settled = await stack.historyLength(unitWf);
    await page.goto(planLink);
    expect(await page.textContent('h1')).toBe('Nội dung đã được ghi nhận');
    expect(await stack.historyLength(unitWf)).toBe(settled);
  }, 150_000);
});
