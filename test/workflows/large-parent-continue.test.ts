/**
 * A parent with more children than one batch continues as new between batches
 * (the cycle input's `childBatch`; 200 in production, 10 here so that 25 children
 * take three runs and the test stays short), on the time-skipping server.
 *
 * 1. An extension sent while its first run is busy starting children, and a
 *    removal (whose handler waits for the child's cancellation) racing the batches
 *    that tell the children its plan is issued, both survive the continue-as-new.
 * 2. No reminder is sent twice after those continue-as-new runs: the parent's own,
 *    moved by the extension, and every child's first reminder go out exactly once.
 *
 * Two tests, each on its own server: after a child is cancelled mid-task, the test
 * server stops skipping time (a skip of one hour took 136 s of real time here, the
 * two weeks to the children's reminders 350 s), so the removal's test checks its
 * effects as they land, without moving the clock again.
 * (A removal racing the batches that START the children is updates-during-child-batches.test.ts.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, extendDeadlineCycleUpdate, removeUnitCycleUpdate } from '../../workflows/cascade-cycle';
import { startCycle, type CycleUnderTest } from '../support/cycle-harness';
import { waitFor } from '../support/e2e-stack';
import { createTimeSkippingEnv } from '../support/temporal';
import { syntheticCascade } from '../scale/scale-cycle';

const CHILDREN = 25;
const BATCH = 10;

describe('a parent of more children than one batch', () => {
  let env: TestWorkflowEnvironment;
  // A fresh server per test (see above).
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  /** Starts the cycle, extends the root's plan at once, and checks it survived the first continue-as-new. */
  async function extendedWhileStarting(label: string) {
    const cascade = syntheticCascade({ units: CHILDREN, depth: 1, fanout: CHILDREN }, label);
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18', childBatch: BATCH });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    const rootHandle = env.client.workflow.getHandle(unitWorkflowId(cascade.id, 2027, 'root'));
    const firstRunOf = async () => (await rootHandle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    const afterStart = async () => {
      // At once, while the root's first run starts its first batch of children.
      const extended = await cycle.executeUpdate(extendDeadlineCycleUpdate, {
        args: [{ unitId: 'root', newDueDate: '2027-03-01', reason: 'Chờ ý kiến của Thường trực', actor: 'admin' }],
      });
      expect(extended.message).toContain('01/03/2027');
      await c.advanceTo('2027-01-19');
      // The root ran more than once (continued as new), and still holds the extension.
      const firstCan = await firstRunOf();
      expect(firstCan).toBeTruthy();
      expect(await c.state('root')).toMatchObject({ stage: 'drafting', dueAt: '2027-03-01T16:59:59.999Z' });
      for (const id of ['u1', `u${BATCH}`, `u${BATCH + 1}`, `u${CHILDREN}`]) expect({ id, stage: (await c.state(id)).stage }).toEqual({ id, stage: 'waiting' });
      // The root's plan is due end of 01/3: reminders on 22/2 and 26/2 only (none for the original 15/2), each once.
      await c.advanceTo('2027-02-26');
      expect(remindersOf(c, 'root')).toEqual(['2027-02-22 draft-plan', '2027-02-26 draft-plan']);
      return { firstCan };
    };
    return { c, cycle, firstRunOf, afterStart };
  }

  const remindersOf = (c: CycleUnderTest, unitId: string) =>
    c.mail.sent.filter((s) => s.n.workflowId === unitWorkflowId(c.cascade.id, 2027, unitId) && s.n.kind === 'reminder').map((s) => `${s.date} ${s.n.task}`);

  it('keeps an extension and a removal that race its batches across continue-as-new', async () => {
    const { c, cycle, firstRunOf, afterStart } = await extendedWhileStarting('lpc-removal');
    await c.run(async () => {
      const { firstCan } = await afterStart();
      // On 26/2 it issues its plan while a child is being removed: it continues as new
      // again between the batches that tell its other children.
      const [issued, removed] = await Promise.all([
        c.submitPlan('root'),
        cycle.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId: 'u1', reason: 'Đơn vị sáp nhập vào u2', actor: 'admin' }] }),
      ]);
      expect(issued).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      expect(removed.message).toContain('u1');
      // Everything below lands without moving the clock: the last batch's children draft.
      await waitFor(async () => (await c.state(`u${CHILDREN}`)).stage === 'drafting', 60_000, `u${CHILDREN} to be told the plan is issued`);
      const runsAfter = await firstRunOf();
      expect(runsAfter).toBeTruthy();
      expect(runsAfter).not.toBe(firstCan);
      expect(await c.state('u1')).toMatchObject({ stage: 'cancelled' });
      expect((await cycle.query(cycleStatusQuery)).removedUnitIds).toEqual(['u1']);
      const stages = await Promise.all(Array.from({ length: CHILDREN - 1 }, (_, i) => c.state(`u${i + 2}`).then((s) => s.stage)));
      expect(new Set(stages)).toEqual(new Set(['drafting']));
      // u1 may have been told to draft just before its removal (its task mail), never reminded.
      expect(c.mail.sent.filter((s) => s.n.workflowId === unitWorkflowId(c.cascade.id, 2027, 'u1') && s.n.kind !== 'task-assigned')).toEqual([]);
    });
  }, 300_000);

  it('sends every reminder once after the continue-as-new runs', async () => {
    const { c, afterStart } = await extendedWhileStarting('lpc-reminders');
    await c.run(async () => {
      await afterStart();
      expect(await c.submitPlan('root')).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      // 13/3: past each child's first reminder (due end of 19/3, reminded 12/3).
      await c.advanceTo('2027-03-13');
      expect(remindersOf(c, 'root')).toEqual(['2027-02-22 draft-plan', '2027-02-26 draft-plan']);
      const children = Array.from({ length: CHILDREN }, (_, i) => `u${i + 1}`);
      const perChild = new Map(children.map((id) => [id, { assigned: 0, reminders: [] as string[] }]));
      for (const s of c.mail.sent) {
        const entry = perChild.get(s.n.workflowId.split('/unit/')[1]!);
        if (!entry) continue;
        if (s.n.kind === 'task-assigned') entry.assigned++;
        if (s.n.kind === 'reminder') entry.reminders.push(s.date);
      }
      const wrong = children.filter((id) => JSON.stringify(perChild.get(id)) !== JSON.stringify({ assigned: 1, reminders: ['2027-03-12'] }));
      expect(wrong.map((id) => ({ id, got: perChild.get(id) }))).toEqual([]);
      expect(await c.state(`u${CHILDREN}`)).toMatchObject({ stage: 'drafting', dueAt: '2027-03-19T16:59:59.999Z' });
      // Nobody was escalated: every deadline so far was met or is still ahead.
      expect(c.mail.sent.filter((s) => s.n.kind === 'escalation')).toEqual([]);
    });
  }, 300_000);
});
