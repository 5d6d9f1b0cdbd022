/**
 * "GET and HEAD on every link a full example cycle produces change no workflow",
 * for the stages real time cannot reach: a whole year of a trimmed example on the
 * time-skipping server, with the REAL mail activity (signed links, real SMTP
 * listener) and the REAL web app and Temporal gateway. After each phase, every
 * new link is opened by GET, HEAD and the JSON API while its task is still open,
 * and no workflow's history may grow.
 */
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { loadConfig } from '../../runtime/config';
import { createTokenSigner } from '../../runtime/action-tokens';
import type { CycleResult } from '../../workflows/cascade-cycle';
import { reviewPlanUpdate, submitConsolidationUpdate, submitPlanUpdate, submitReportUpdate } from '../../workflows/unit-messages';
import { exampleCascade } from '../support/e2e-stack';
import { startTimeSkippingStack, type TimeSkippingStack } from '../support/time-skipping-stack';

const YEAR = 2027;

describe('every link of a whole year (time-skipping)', () => {
  let stack: TimeSkippingStack;
  // Root + a hospital that drafts on time, one that is late (escalations), and a
  // medical centre with three commune stations (consolidation below the root).
  const cascade = exampleCascade('year', ['bv-nhi', 'bv-mat', 'ttyt-hoang-hoa']);

  beforeAll(async () => {
    // The real mail activity (signed links, real SMTP listener) and the real web app.
    stack = await startTimeSkippingStack(cascade, YEAR, '2027-01-18');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('opens every link of every stage without changing any workflow', async () => {
    const { env } = stack;
    const ids = stack.unitIds;
    const wfIds = [cycleWorkflowId(cascade.id, YEAR), ...ids.map((id) => unitWorkflowId(cascade.id, YEAR, id))];
    const handle = (id: string) => env.client.workflow.getHandle(unitWorkflowId(cascade.id, YEAR, id));
    const state = (id: string) => stack.state(id);
    const histories = async () => Promise.all(wfIds.map(async (id) => (await env.client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0));
    const advanceTo = (isoDate: string) => stack.advanceTo(isoDate);
    const seen = new Set<string>();
    const kinds = new Map<string, number>();
    let checked = 0;

    /** Tasks the test has done ("workflowId task revision"): their links answer "already recorded". */
    const acted = new Set<string>();
    const signer = createTokenSigner(loadConfig({ NODE_ENV: 'test' }).actionTokens);
    /** Every mail asked for has arrived exactly once, and no workflow reacts any more. */
    const allMailsArrived = async (phase: string) => {
      await stack.settle();
      const mails = stack.mails();
      expect({ phase, copies: mails.length }).toEqual({ phase, copies: new Set(mails.map((m) => m.messageId)).size });
    };
    /** Opens every link not yet opened; asserts each answers as its task's state says, and nothing changed anywhere. */
    const openNewLinks = async (phase: string) => {
      await allMailsArrived(phase);
      const links = stack
        .mails()
        .flatMap((m) => m.links.map((l) => ({ l, subject: m.subject })))
        .filter(({ l }) => !seen.has(l));
      const before = await histories();
      for (const { l, subject } of links) {
        seen.add(l);
        const api = l.replace('/a/', '/api/a/');
        const [get, head, json] = await Promise.all([fetch(l), fetch(l, { method: 'HEAD' }), fetch(api)]);
        const verified = signer.verify(l.split('/a/')[1]!, Date.now());
        if (!verified.ok) throw new Error(`${phase}: a mailed link does not verify (${verified.reason}): ${subject}`);
        const { workflowId, task, revision } = verified.claims;
        const expected = acted.has(`${workflowId} ${task} ${revision}`) ? 'already-recorded' : 'open';
        const body = (await json.json()) as { status: string };
        expect({ phase, subject, get: get.status, head: head.status, json: json.status, status: body.status }).toEqual({ phase, subject, get: 200, head: 200, json: 200, status: expected });
        const kind = subject.split(/[:–]/)[0]!.trim().slice(0, 40);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        checked++;
      }
      expect({ phase, histories: await histories() }).toEqual({ phase, histories: before });
    };
    const actor = async (id: string) => (await state(id)).currentTask!.assignees[0]!;
    const done = (id: string, task: string, revision: number) => acted.add(`${unitWorkflowId(cascade.id, YEAR, id)} ${task} ${revision}`);

    {
      await advanceTo('2027-01-19');
      await openNewLinks('drafting');
      for (const id of ['bv-nhi', 'ttyt-hoang-hoa']) {
        const s = await state(id);
        await handle(id).executeUpdate(submitPlanUpdate, {
          args: [{ task: 'draft-plan', revision: s.revision, actor: await actor(id), planNumber: '5/KH', title: 'Kế hoạch năm 2027', summary: 'Tóm tắt', activities: {} }],
        });
        done(id, 'draft-plan', s.revision);
      }
      await openNewLinks('review');
      for (const id of ['bv-nhi', 'ttyt-hoang-hoa']) {
        await handle(id).executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: 0, actor: await actor(id), decision: 'approve', comment: '' }] });
        done(id, 'review-plan', 0);
      }
      for (const id of ['tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc']) {
        await handle(id).executeUpdate(submitPlanUpdate, {
          args: [{ task: 'draft-plan', revision: 0, actor: await actor(id), planNumber: '1/KH', title: 'Kế hoạch năm 2027', summary: 'Tóm tắt', activities: {} }],
        });
        done(id, 'draft-plan', 0);
        await handle(id).executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: 0, actor: await actor(id), decision: 'approve', comment: '' }] });
        done(id, 'review-plan', 0);
      }
      await openNewLinks('approved');
      // bv-mat never drafts: reminders and every escalation rung, with their links.
      await advanceTo('2027-03-01');
      await openNewLinks('late plan');
      await handle('bv-mat').executeUpdate(submitPlanUpdate, {
        args: [{ task: 'draft-plan', revision: 0, actor: await actor('bv-mat'), planNumber: '9/KH', title: 'Kế hoạch (muộn)', summary: 'Tóm tắt', activities: {} }],
      });
      done('bv-mat', 'draft-plan', 0);
      await handle('bv-mat').executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: 0, actor: await actor('bv-mat'), decision: 'approve', comment: '' }] });
      done('bv-mat', 'review-plan', 0);

      // November: report requests, reports, consolidations, the final report.
      await advanceTo('2027-11-12');
      await openNewLinks('report requests');
      const values = { so_su_kien_truyen_thong: 1, so_hoat_dong_thang_hanh_dong: 1, ty_le_nu_lanh_dao: { numerator: 4, denominator: 10 }, ty_le_nu_sau_dai_hoc: 12, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 };
      // Every unit of the cycle is asked for its report by now: none may be skipped.
      const stages = await Promise.all(ids.map(async (id) => [id, (await state(id)).currentTask?.kind ?? null] as const));
      expect(stages).toEqual(ids.map((id) => [id, 'report']));
      for (const id of ids) {
        const s = await state(id);
        await handle(id).executeUpdate(submitReportUpdate, { args: [{ task: 'report', revision: s.revision, actor: await actor(id), values, narrative: 'Báo cáo' }] });
        done(id, 'report', s.revision);
      }
      // Past the opening of the action month (Monday 15/11: every unit is told) before the
      // consolidations, so the cycle closes with the root's report and no timer is left to
      // wait for: the time-skipping server does not always skip time once a cycle's units closed.
      await advanceTo('2027-11-16');
      await openNewLinks('consolidation');
      for (const id of ['ttyt-hoang-hoa', cascade.org.id]) {
        const s = await state(id);
        await handle(id).executeUpdate(submitConsolidationUpdate, { args: [{ task: 'consolidate', revision: s.revision, actor: await actor(id), narrative: 'Tổng hợp' }] });
        done(id, 'consolidate', s.revision);
      }
      const result: CycleResult = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, YEAR)).result();
      expect(result.outcome).toBe('reported');
      await openNewLinks('after the final report');
    }
    process.stdout.write(`full-year links: ${checked} links opened by GET, HEAD and the JSON API; by subject: ${JSON.stringify(Object.fromEntries(kinds))}\n`);
    expect(checked).toBeGreaterThan(20);
    const subjects = stack.mails().map((m) => m.subject);
    // The stages real time cannot reach were covered: report requests, escalations, the final report.
    expect(subjects.some((s) => s.startsWith('Đề nghị báo cáo kết quả thực hiện'))).toBe(true);
    expect(subjects.some((s) => s.startsWith('Đôn đốc:'))).toBe(true);
    expect(subjects.some((s) => s.startsWith('Đề nghị tổng hợp báo cáo'))).toBe(true);
    // One action-month notice per unit, with no link.
    const notices = stack.mails().filter((m) => m.subject.startsWith(cascade.cycle.actionWindows[0]!.name));
    expect(notices).toHaveLength(ids.length);
    for (const m of notices) expect(m.text).not.toContain(`${stack.baseUrl}/a/`);
    expect(stack.mails().some((m) => [m.to, ...m.cc].includes(cascade.cycle.finalRecipient.person.email))).toBe(true);
  }, 300_000);
});
