/**
 * A parent with more than 200 children continues as new between batches (see
 * CHILD_BATCH in the unit workflow), on the time-skipping server. An extension
 * sent while its first run is busy starting children, and a removal (whose
 * handler waits for the child's cancellation) racing the batches that tell the
 * children its plan is issued, both survive the continue-as-new; no reminder is
 * sent twice afterwards: the parent's own, moved by the extension, and every
 * child's first reminder go out exactly once. (A removal racing the batches that
 * START the children is updates-during-child-batches.test.ts.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, extendDeadlineCycleUpdate, removeUnitCycleUpdate } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { syntheticCascade } from '../scale/scale-cycle';

const CHILDREN = 205;

describe('a parent of more than 200 children', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new with Updates in flight, keeps their effects, and sends no reminder twice', async () => {
    const cascade = syntheticCascade({ units: CHILDREN, depth: 1, fanout: CHILDREN }, 'large-parent-continue');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    const rootHandle = env.client.workflow.getHandle(unitWorkflowId(cascade.id, 2027, 'root'));
    const remindersOf = (unitId: string) =>
      c.mail.sent.filter((s) => s.n.workflowId === unitWorkflowId(cascade.id, 2027, unitId) && s.n.kind === 'reminder').map((s) => `${s.date} ${s.n.task}`);

    await c.run(async () => {
      // At once, while the root's first run starts its first 200 children.
      const extended = await cycle.executeUpdate(extendDeadlineCycleUpdate, {
        args: [{ unitId: 'root', newDueDate: '2027-03-01', reason: 'Chờ ý kiến của Thường trực', actor: 'admin' }],
      });
      expect(extended.message).toContain('01/03/2027');

      await c.advanceTo('2027-01-19');
      // The root ran more than once (continued as new), and still holds the extension.
      const firstCan = (await rootHandle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      expect(firstCan).toBeTruthy();
      expect(await c.state('root')).toMatchObject({ stage: 'drafting', dueAt: '2027-03-01T16:59:59.999Z' });
      for (const id of ['u1', 'u200', 'u201', `u${CHILDREN}`]) expect({ id, stage: (await c.state(id)).stage }).toEqual({ id, stage: 'waiting' });

      // The root's plan is due end of 01/3: reminders on 22/2 and 26/2 only (none for the
      // original 15/2), each once. On 26/2 it issues its plan while a child is being removed:
      // it continues as new again between the batches that tell its 204 children.
      await c.advanceTo('2027-02-26');
      expect(remindersOf('root')).toEqual(['2027-02-22 draft-plan', '2027-02-26 draft-plan']);
      const [issued, removed] = await Promise.all([
        c.submitPlan('root'),
        cycle.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId: 'u1', reason: 'Đơn vị sáp nhập vào u2', actor: 'admin' }] }),
      ]);
      expect(issued).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      expect(removed.message).toContain('u1');
      await c.advanceTo('2027-02-26', 9);
      const runsAfter = (await rootHandle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      expect(runsAfter).toBeTruthy();
      expect(runsAfter).not.toBe(firstCan);
      expect(await c.state('u1')).toMatchObject({ stage: 'cancelled' });
      expect((await cycle.query(cycleStatusQuery)).removedUnitIds).toEqual(['u1']);

      // 13/3: past each child's first reminder (due end of 19/3, reminded 12/3).
      await c.advanceTo('2027-03-13');
      expect(remindersOf('root')).toEqual(['2027-02-22 draft-plan', '2027-02-26 draft-plan']);
      const children = Array.from({ length: CHILDREN }, (_, i) => `u${i + 1}`);
      const perChild = new Map(children.map((id) => [id, { assigned: 0, reminders: [] as string[] }]));
      for (const s of c.mail.sent) {
        const id = s.n.workflowId.split('/unit/')[1]!;
        const entry = perChild.get(id);
        if (!entry) continue;
        if (s.n.kind === 'task-assigned') entry.assigned++;
        if (s.n.kind === 'reminder') entry.reminders.push(s.date);
      }
      // u1 may have been told to draft just before its removal (its task mail), never reminded.
      const expected = (id: string) => (id === 'u1' ? { assigned: perChild.get('u1')!.assigned > 0 ? 1 : 0, reminders: [] } : { assigned: 1, reminders: ['2027-03-12'] });
      const wrong = children.filter((id) => JSON.stringify(perChild.get(id)) !== JSON.stringify(expected(id)));
      expect(wrong.map((id) => ({ id, got: perChild.get(id) }))).toEqual([]);
      expect(await c.state('u1')).toMatchObject({ stage: 'cancelled' });
      expect(await c.state(`u${CHILDREN}`)).toMatchObject({ stage: 'drafting', dueAt: '2027-03-19T16:59:59.999Z' });
      // Nobody was escalated: every deadline so far was met or is still ahead.
      expect(c.mail.sent.filter((s) => s.n.kind === 'escalation')).toEqual([]);
    });
  }, 600_000);
});
