/**
 * KNOWN BUGS (reported to the lead; kept red on purpose, not weakened): Updates
 * that reach a parent while it starts a batch of children, just before it
 * continues as new.
 *
 * 1. Removal. A unit
 * removed while its parent is still starting a batch of children is neither
 * cancelled nor is the batch bookkeeping right. The parent's `removeChild`
 * handler drops the unit from `childrenToStart` while `startChildBatch` awaits
 * the batch's starts; when the starts resolve, the loop cuts `batch.length`
 * entries off the (now shorter) list (workflows/unit-plan.ts, startChildBatch:
 * `mem.childrenToStart = mem.childrenToStart.slice(batch.length)`). So:
 * - the removed unit was started (it was in the batch) but is never cancelled:
 *   it waits all year, outside every list;
 * - the first child of the NEXT batch is silently never started.
 *
 *
 * 2. Remind now. The `remindNow` handler only sets a local flag
 *    (`remindNowRequested`), read by the deadline loop; during the batches the
 *    loop is not running, and the continue-as-new drops the flag (it is not in
 *    the carried state). The admin is told "Đã gửi nhắc việc" and no mail goes.
 *
 * Races: they show when the Update lands during the first batch's starts (it
 * did on every run here: 200 starts take the root several workflow tasks).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId } from '../../domain/ids';
import { remindNowCycleUpdate, removeUnitCycleUpdate } from '../../workflows/cascade-cycle';
import { unitWorkflowId } from '../../domain/ids';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { syntheticCascade } from '../scale/scale-cycle';

const CHILDREN = 205;

describe('Updates while a parent starts its children (bugs)', () => {
  let env: TestWorkflowEnvironment;
  // A fresh server per test: each starts its cycle on 18/1/2027.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('cancels the removed unit and still starts every other child', async () => {
    const cascade = syntheticCascade({ units: CHILDREN, depth: 1, fanout: CHILDREN }, 'remove-during-start');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    await c.run(async () => {
      const removed = await cycle.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId: 'u1', reason: 'Đơn vị sáp nhập vào u2', actor: 'admin' }] });
      expect(removed.message).toContain('u1');
      await c.advanceTo('2027-01-19');
      // Every child but u1 runs, waiting for the root's plan: today u201 was never started
      // (its query fails: workflow not found).
      const notWaiting: string[] = [];
      for (let i = 2; i <= CHILDREN; i++) {
        const stage = await c.state(`u${i}`).then((s) => s.stage, () => 'not started');
        if (stage !== 'waiting') notWaiting.push(`u${i}: ${stage}`);
      }
      expect(notWaiting).toEqual([]);
      // The removed unit is cancelled (or was never started): today it is 'waiting', forever.
      const u1 = await c.state('u1').then((s) => s.stage, () => 'not started');
      expect(['cancelled', 'not started']).toContain(u1);
    });
  }, 600_000);

  it('sends the reminder an admin asked for while the parent was starting its children', async () => {
    const cascade = syntheticCascade({ units: CHILDREN, depth: 1, fanout: CHILDREN }, 'remind-during-start');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    await c.run(async () => {
      const answer = await cycle.executeUpdate(remindNowCycleUpdate, { args: [{ unitId: 'root', reason: 'Nhắc trước giao ban', actor: 'admin' }] });
      expect(answer.message).toContain('Đã gửi nhắc việc');
      // A day later (nothing else is due: the root's first scheduled reminder is 01/2).
      await c.advanceTo('2027-01-19');
      const reminders = c.mail.sent.filter((s) => s.n.workflowId === unitWorkflowId(cascade.id, 2027, 'root') && s.n.kind === 'reminder');
      // Today: [] (the request was lost in the continue-as-new).
      expect(reminders.map((s) => ({ to: s.n.to.email, task: s.n.task, now: s.n.sequence.startsWith('now-') }))).toEqual([{ to: 'root@units.example', task: 'draft-plan', now: true }]);
    });
  }, 600_000);
});
