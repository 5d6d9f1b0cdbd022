/**
 * "GET and HEAD on every link a full example cycle produces change no workflow."
 *
 * The example cycle runs on the dev server with real mail, as far as real time
 * goes: every plan drafted through the pages, one returned and redrafted, every
 * plan approved, the grandchildren's plans too, and admin `remindNow` reminders
 * while tasks are open. Every link of every mail is then opened by GET, HEAD and
 * the JSON API, and the unit it acts on must keep its history length and state.
 * Links are checked twice: while their task is open (the page renders the form,
 * the riskiest case) and after the cycle has moved on (done / superseded pages),
 * and the whole cycle is snapshotted around the final pass.
 *
 * Report-stage links (report-request, consolidation, escalations) need the clock
 * past the report request date in November, which real time cannot reach; the
 * time-skipping suites cover those stages.
 */
import { remindNowCycleUpdate } from '../../workflows/cascade-cycle';
import { unitStateQuery } from '../../workflows/unit-messages';
import { mapLimit, request, startE2eStack, submitThroughPage, planFields, waitFor, type E2eMail, type E2eStack } from '../support/e2e-stack';

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'links' });
  await stack.startCycle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const RETURNED_UNIT = 'bv-phu-san';
const PARENT_OF_GRANDCHILDREN = 'ttyt-hoang-hoa';

/** Outcome of one link's check, for the summary. */
interface Checked {
  link: string;
  status: number;
  title: string;
}

describe('links of a whole example cycle', () => {
  const checkedAt: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const checkedLinks = new Set<string>();
  let checks = 0;

  const actionLinks = (mails: E2eMail[]) => [...new Set(mails.flatMap((m) => m.links))];

  /** GET, HEAD and GET /api on a link; the unit it names must not change. */
  async function checkLink(link: string): Promise<Checked> {
    expect(link.startsWith(`${stack.baseUrl}/a/`)).toBe(true);
    const workflowId = stack.claimsOf(link).workflowId;
    const handle = stack.client.workflow.getHandle(workflowId);
    const before = { events: await stack.historyLength(workflowId), state: JSON.stringify(await handle.query(unitStateQuery)) };
    const get = await request(link);
    const head = await request(link, { method: 'HEAD' });
    const api = await request(link.replace('/a/', '/api/a/'));
    expect(get.body).toContain('<html lang="vi">');
    expect(head.status).toBe(get.status);
    expect(head.body).toBe('');
    expect(api.status).toBe(get.status);
    const after = { events: await stack.historyLength(workflowId), state: JSON.stringify(await handle.query(unitStateQuery)) };
    expect(after).toEqual(before);
    checks++;
    checkedLinks.add(link);
    statuses[get.status] = (statuses[get.status] ?? 0) + 1;
    return { link, status: get.status, title: /<h1[^>]*>([^<]*)<\/h1>/.exec(get.body)?.[1] ?? '' };
  }

  async function remindAll(unitIds: string[], reason: string): Promise<void> {
    const cycle = stack.client.workflow.getHandle(stack.cycleWorkflowId());
    await mapLimit(unitIds, 6, (unitId) =>
      cycle.executeUpdate(remindNowCycleUpdate, { args: [{ unitId, reason, actor: 'quan-tri@yte-thanhhoa.example' }] }),
    );
  }

  const count = (pred: (m: E2eMail) => boolean) => stack.mails().filter(pred).length;
  const waitForCount = (pred: (m: E2eMail) => boolean, n: number, what: string) =>
    waitFor(() => count(pred) >= n, 90_000, `${n} ${what} (have ${count(pred)})`);

  const direct = () => stack.units[0]!.children.map((c) => c.id);
  const grandchildren = () => stack.units.find((u) => u.id === PARENT_OF_GRANDCHILDREN)!.children.map((c) => c.id);
  const isTask = (m: E2eMail) => m.subject.startsWith('Đề nghị xây dựng kế hoạch');
  const isReminder = (m: E2eMail) => m.subject.startsWith('Nhắc việc');
  const isApprovalRequest = (m: E2eMail) => m.subject.startsWith('Đề nghị phê duyệt kế hoạch');
  const isReturned = (m: E2eMail) => /trả lại/i.test(m.subject);
  const linkTo = (pred: (m: E2eMail) => boolean, unitId: string) => {
    const wf = stack.unitWorkflowId(unitId);
    const found = stack.mails().filter(pred).flatMap((m) => m.links).filter((l) => stack.claimsOf(l).workflowId === wf);
    return found[found.length - 1];
  };

  it('opens every link while its task is open and after the cycle moved on: nothing changes', async () => {
    const t0 = Date.now();
    const units = direct();
    expect(units).toHaveLength(66);

    // Drafting: one task mail per direct unit, then an admin reminder each.
    await waitForCount(isTask, units.length, 'task-assigned mails');
    await remindAll(units, 'Nhắc các đơn vị xây dựng kế hoạch');
    await waitForCount(isReminder, units.length, 'reminders');
    await stack.settle();
    const drafting = await mapLimit(actionLinks(stack.mails()), 6, checkLink);
    expect(drafting.every((c) => c.status === 200)).toBe(true);
    checkedAt.drafting = Date.now() - t0;

    // Every plan drafted through the pages; the approver is asked, then reminded.
    await mapLimit(units, 6, async (unitId) => {
      const res = await submitThroughPage(linkTo(isTask, unitId)!, planFields(unitId));
      expect(res.status).toBe(200);
    });
    await waitForCount(isApprovalRequest, units.length, 'approval requests');
    await remindAll(units, 'Nhắc phê duyệt kế hoạch của các đơn vị');
    await waitForCount(isReminder, units.length * 2, 'reminders');

    // One plan goes back with a comment and is redrafted from the "returned" mail.
    const returned = await submitThroughPage(linkTo(isApprovalRequest, RETURNED_UNIT)!, { decision: 'return', comment: 'Đề nghị bổ sung hoạt động nhóm II.2.' });
    expect(returned.status).toBe(200);
    await waitForCount(isReturned, 1, 'returned mail');
    await stack.settle();
    const inReview = await mapLimit(actionLinks(stack.mails()).filter((l) => !checkedLinks.has(l)), 6, checkLink);
    // Open tasks render their form (200); the returned unit's review links were superseded by the return (409).
    const returnedWf = stack.unitWorkflowId(RETURNED_UNIT);
    const superseded = inReview.filter((c) => c.status !== 200);
    expect(superseded.length).toBeGreaterThan(0);
    for (const c of superseded) expect([c.status, stack.claimsOf(c.link).workflowId, stack.claimsOf(c.link).task]).toEqual([409, returnedWf, 'review-plan']);
    const redraft = await submitThroughPage(linkTo(isReturned, RETURNED_UNIT)!, { ...planFields(RETURNED_UNIT), 'activities.II.2': 'Tham gia góp ý chính sách về bình đẳng giới' });
    expect(redraft.status).toBe(200);
    await waitForCount((m) => isApprovalRequest(m) && m.subject.endsWith(stack.units.find((u) => u.id === RETURNED_UNIT)!.name), 2, 'second approval request');

    // Every plan approved through its latest approval link.
    await mapLimit(units, 6, async (unitId) => {
      const res = await submitThroughPage(linkTo(isApprovalRequest, unitId)!, { decision: 'approve', comment: '' });
      expect(res.status).toBe(200);
    });
    for (const id of units) expect((await stack.state(id)).stage).toBe('implementing');

    // The grandchildren start drafting once their parent's plan is approved: same round.
    const small = grandchildren();
    await waitForCount(isTask, units.length + small.length, 'task mails of the grandchildren');
    await remindAll(small, 'Nhắc các trạm y tế xây dựng kế hoạch');
    await waitForCount(isReminder, units.length * 2 + small.length, 'reminders');
    for (const id of small) expect((await submitThroughPage(linkTo(isTask, id)!, planFields(id))).status).toBe(200);
    await waitForCount(isApprovalRequest, units.length + 1 + small.length, 'approval requests of the grandchildren');
    await remindAll(small, 'Nhắc phê duyệt kế hoạch của các trạm y tế');
    await waitForCount(isReminder, units.length * 2 + small.length * 2, 'reminders');
    await stack.settle();
    await mapLimit(actionLinks(stack.mails()).filter((l) => !checkedLinks.has(l)), 6, checkLink);
    for (const id of small) expect((await submitThroughPage(linkTo(isApprovalRequest, id)!, { decision: 'approve', comment: '' })).status).toBe(200);
    for (const id of [...units, ...small]) expect((await stack.state(id)).stage).toBe('implementing');
    checkedAt.approved = Date.now() - t0;

    // Final pass: every link of the year so far, with the whole cycle snapshotted around it.
    await waitFor(() => count((m) => m.subject.endsWith('đã được phê duyệt')) >= units.length + small.length, 60_000, 'approved mails');
    await stack.settle();
    const all = actionLinks(stack.mails());
    const before = await stack.snapshot();
    const final = await mapLimit(all, 6, checkLink);
    const after = await stack.snapshot();
    expect([...after]).toEqual([...before]);
    checkedAt.final = Date.now() - t0;

    // Every mail's links are action links; the mails without one are the "approved" notices and
    // the issued plan sent for information to the bodies on the root plan's "Nơi nhận".
    const mails = stack.mails();
    const withoutLink = mails.filter((m) => m.links.length === 0);
    const unexpected = withoutLink.filter((m) => !m.subject.endsWith('đã được phê duyệt') && !m.subject.startsWith('Triển khai thực hiện'));
    expect(unexpected.map((m) => m.subject)).toEqual([]);
    const byStatus = final.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});
    // Once every plan is approved, every link of the planning round says its task is done.
    expect(byStatus).toEqual({ 200: all.length });
    expect(new Set(final.map((c) => c.title))).toEqual(new Set(['Nội dung đã được ghi nhận']));
    console.log(
      `safe links: ${mails.length} mails, ${all.length} distinct links, ${checks} link checks (GET+HEAD+API each), ` +
        `final pass by status ${JSON.stringify(byStatus)}, all passes ${JSON.stringify(statuses)}, ms ${JSON.stringify(checkedAt)}`,
    );
    // Each substitute gets their own mail and link for the unit's task and its drafting reminder
    // (the second reminder is the review's, sent to the approver alone).
    const substitutes = stack.units.filter((u) => units.includes(u.id) || small.includes(u.id)).reduce((n, u) => n + u.substitutes.length, 0);
    expect(substitutes).toBeGreaterThan(0);
    expect(all.length).toBe(units.length * 4 + small.length * 4 + 2 + substitutes * 2); // task, reminder ×2, approval; + returned + 2nd approval
  }, 420_000);
});
