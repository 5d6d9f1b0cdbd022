/**
 * The whole path a unit head takes, on a real workflow: the unit workflow's mail
 * arrives over SMTP, its link opens the page in headless Chromium, the form is
 * filled and submitted, the confirmation shows what the workflow answered, and
 * the workflow holds the plan. (Time-skipping server, real mail activity, the
 * real web app and Temporal gateway: see ../support/time-skipping-stack.ts.)
 */
import { launchBrowser, type TestBrowser } from '../support/browser';
import { smallExample } from '../support/example';
import { startTimeSkippingStack, type TimeSkippingStack } from '../support/time-skipping-stack';
import { WORKFLOW_ANSWERS } from './fake-gateway';
import { PLAN_FIELDS } from './helpers';

const HEAD_EMAIL = 'bv-nhi@yte-thanhhoa.example';
let stack: TimeSkippingStack;
let link: string;

beforeAll(async () => {
  stack = await startTimeSkippingStack(smallExample(['bv-nhi'], 'email-to-page'), 2027, '2027-01-18');
  await stack.advanceTo('2027-01-19');
  const mails = await stack.mailsWhere((m) => m.to === HEAD_EMAIL);
  expect(mails.map((m) => [m.subject, m.links.length])).toEqual([[expect.stringMatching(/^Đề nghị xây dựng kế hoạch/), 1]]);
  link = mails[0]!.links[0]!;
});

afterAll(async () => {
  await stack?.stop();
});

describe('from email to confirmation', () => {
  it('the JSON API describes the task the link grants, and reading it changes nothing', async () => {
    const events = await stack.historyLength('bv-nhi');
    const res = await fetch(link.replace('/a/', '/api/a/'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; actor: string; task: { kind: string; dueAt: string }; unit: { id: string; stage: string } };
    expect(body).toMatchObject({ status: 'open', actor: HEAD_EMAIL, task: { kind: 'draft-plan', dueAt: '2027-02-15T16:59:59.999Z' }, unit: { id: 'bv-nhi', stage: 'drafting' } });
    expect(await stack.historyLength('bv-nhi')).toBe(events);
  });

  it('headless Chromium opens the link, fills the plan form and sees the confirmation', async () => {
    let b: TestBrowser | undefined;
    try {
      b = await launchBrowser();
      const page = await b.context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      const events = await stack.historyLength('bv-nhi');
      const res = await page.goto(link);
      expect(res?.status()).toBe(200);
      expect(await stack.historyLength('bv-nhi')).toBe(events); // opening the link changed nothing
      await page.getByLabel('Số, ký hiệu kế hoạch').fill(PLAN_FIELDS.planNumber);
      await page.getByLabel('Trích yếu').fill(PLAN_FIELDS.title);
      await page.getByLabel('Nội dung tóm tắt').fill(PLAN_FIELDS.summary);
      await page.getByLabel(/^II\.1\./).fill(PLAN_FIELDS['activities.II.1']);
      await page.getByRole('button', { name: 'Gửi kế hoạch' }).click();
      await page.waitForLoadState();
      await expect(page.getByRole('heading', { name: 'Đã ghi nhận' }).textContent()).resolves.toBe('Đã ghi nhận');
      const main = await page.textContent('main');
      expect(main).toContain(WORKFLOW_ANSWERS.plan);
      expect(main).toContain('Chờ phê duyệt kế hoạch');
      // The page fits a phone: no horizontal scrolling.
      const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
      expect(overflow).toBe(false);
      expect(consoleErrors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
      const state = await stack.state('bv-nhi');
      expect(state).toMatchObject({
        stage: 'in-review',
        plan: { planNumber: PLAN_FIELDS.planNumber, title: PLAN_FIELDS.title, summary: PLAN_FIELDS.summary, activities: { 'II.1': PLAN_FIELDS['activities.II.1'].split('\n') } },
      });

      // Opening the same link again: recorded, nothing more to do, nothing changes.
      await stack.settle(); // the approval request goes out after the answer
      const after = await stack.historyLength('bv-nhi');
      await page.goto(link);
      expect(await page.textContent('h1')).toBe('Nội dung đã được ghi nhận');
      expect(await stack.historyLength('bv-nhi')).toBe(after);
      expect(await stack.state('bv-nhi')).toEqual(state);
    } finally {
      await b?.close();
    }
  });
});
