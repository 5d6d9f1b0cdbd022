/**
 * Updates that reach a parent while it starts a batch of children, just before
 * it continues as new.
 *
 * 1. Removal. The batch is taken off `childrenToStart` (and recorded as
 *    started) when it is decided, before the starts are awaited, so a unit
 *    removed meanwhile is one that was started: it is cancelled; and the next
 *    batch begins right after the first (no child is skipped).
 * 2. Remind now. The request is kept in the unit's memory (carried across the
 *    continue-as-new) and the task's loop sends it as soon as it runs again,
 *    not at the next deadline event (patch 'remind-now-after-child-batches').
 *    The admin is told "Đã gửi nhắc việc" and the mail goes that day.
 *
 * The Update lands during the first batch's starts (it did on every run here:
 * 200 starts take the root several workflow tasks).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId } from '../../domain/ids';
import { remindNowCycleUpdate, removeUnitCycleUpdate } from '../../workflows/cascade-cycle';
import { unitWorkflowId } from '../../domain/ids';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { syntheticCascade } from '../scale/scale-cycle';

const CHILDREN = 205;

describe('Updates while a parent starts its children', () => {
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
      // Every child but u1 runs, waiting for the root's plan (u201, the first of the second
      // batch, included).
      const notWaiting: string[] = [];
      for (let i = 2; i <= CHILDREN; i++) {
        const stage = await c.state(`u${i}`).then((s) => s.stage, () => 'not started');
        if (stage !== 'waiting') notWaiting.push(`u${i}: ${stage}`);
      }
      expect(notWaiting).toEqual([]);
      // The removed unit is cancelled (or was never started), not left waiting all year.
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
      // One reminder, the one asked for (sequence now-…), well before the scheduled ones.
      expect(reminders.map((s) => ({ to: s.n.to.email, task: s.n.task, now: s.n.sequence.startsWith('now-') }))).toEqual([{ to: 'root@units.example', task: 'draft-plan', now: true }]);
    });
  }, 600_000);
});
