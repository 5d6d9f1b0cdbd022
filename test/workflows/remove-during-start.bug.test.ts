/**
 * KNOWN BUG (reported to the lead; kept red on purpose, not weakened): a unit
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
 * A race: it shows when the Update lands during the first batch's starts (it
 * did on every run here: 200 starts take the root several workflow tasks).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId } from '../../domain/ids';
import { removeUnitCycleUpdate } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { syntheticCascade } from '../scale/scale-cycle';

const CHILDREN = 205;

describe('removing a unit while its parent starts its children (bug)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
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
  });
});
