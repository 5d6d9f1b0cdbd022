/**
 * Deadlines of the shipped example on the working-day calendar, across Tết 2027
 * (off 05/2–11/2 by the Labour Code rules): a late unit gets each reminder and
 * escalation rung on the exact day; an extension moves them; a cancel stops all.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cycleWorkflowId } from '../../domain/ids';
import { cancelCycleUpdate, cycleStatusQuery, extendDeadlineCycleUpdate, type CycleResult } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { loadExample } from '../support/example';

describe('deadlines of the example across Tết 2027', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('reminds and escalates a late unit on the exact working days, then accepts its late plan', async () => {
    const cascade = loadExample();
    const office = cascade.offices[0]!;
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const mailsOf = (unitId: string) =>
      c.mail.sent
        .filter((s) => s.n.workflowId.endsWith(`/unit/${unitId}`) && (s.n.kind === 'reminder' || s.n.kind === 'escalation'))
        .map((s) => ({ date: s.date, kind: s.n.kind, to: s.n.to.email, time: s.at.slice(11, 16) }));
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      // Everyone but the children's hospital drafts on time.
      const others = c.unitIds.filter((id) => id !== 'bv-nhi');
      await c.doAll('draft-plan', undefined, others);
      await c.doAll('review-plan', undefined, others);

      // 15 working days from Monday 18/1/2027, skipping Tết (05/2–11/2): due end of Monday 15/2.
      const before = await c.state('bv-nhi');
      expect(before).toMatchObject({ stage: 'drafting', dueAt: '2027-02-15T16:59:59.999Z', overdue: false });

      await c.advanceTo('2027-02-16', 9);
      expect(await c.state('bv-nhi')).toMatchObject({ stage: 'drafting', overdue: true });
      await c.advanceTo('2027-03-01');
      const head = before.currentTask!.assignees[0]!;
      expect(mailsOf('bv-nhi')).toEqual([
        { date: '2027-02-01', kind: 'reminder', to: head, time: '01:00' }, // 5 working days before
        { date: '2027-02-12', kind: 'reminder', to: head, time: '01:00' }, // 1 working day before: first day after Tết
        { date: '2027-02-16', kind: 'escalation', to: head, time: '01:00' }, // +1: the unit's head
        { date: '2027-02-18', kind: 'escalation', to: cascade.org.head.email, time: '01:00' }, // +3: its superior
        { date: '2027-02-22', kind: 'escalation', to: cascade.org.head.email, time: '01:00' }, // +5: no grand-superior in the cycle, so the superior
        { date: '2027-02-25', kind: 'escalation', to: office.email, time: '01:00' }, // +8: Văn phòng Sở
      ]);
      // Each rung once: nothing more while the plan is still missing.
      await c.advanceTo('2027-04-01');
      expect(mailsOf('bv-nhi')).toHaveLength(6);

      // The late plan is accepted and marked late.
      await c.submitPlan('bv-nhi');
      expect(await c.state('bv-nhi')).toMatchObject({ stage: 'in-review', late: true });
      await c.review('bv-nhi', 'approve');
      expect(await c.state('bv-nhi')).toMatchObject({ stage: 'implementing', late: true });
    });
  });

  it('moves reminders and escalations when an admin extends a deadline, and refuses a bad extension', async () => {
    const cascade = loadExample();
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    await c.run(async () => {
      await c.advanceTo('2027-01-20');
      const bad = await cycle
        .executeUpdate(extendDeadlineCycleUpdate, { args: [{ unitId: 'bv-mat', newDueDate: '2027-01-10', reason: 'Đơn vị xin gia hạn', actor: 'admin' }] })
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((bad as WorkflowUpdateFailedError).cause?.message)).toMatch(/newDueDate/);
      const unknown = await cycle
        .executeUpdate(extendDeadlineCycleUpdate, { args: [{ unitId: 'khong-co', newDueDate: '2027-03-10', reason: 'x x x', actor: 'admin' }] })
        .catch((e: unknown) => e);
      expect(String((unknown as WorkflowUpdateFailedError).cause?.message)).toMatch(/unitId: không có đơn vị "khong-co"/);
      expect((await c.state('bv-mat')).dueAt).toBe('2027-02-15T16:59:59.999Z');

      const ok = await cycle.executeUpdate(extendDeadlineCycleUpdate, {
        args: [{ unitId: 'bv-mat', newDueDate: '2027-03-10', reason: 'Đơn vị đang kiện toàn nhân sự', actor: 'admin' }],
      });
      expect(ok.message).toContain('10/03/2027');
      expect((await c.state('bv-mat')).dueAt).toBe('2027-03-10T16:59:59.999Z');
      await c.advanceTo('2027-03-12');
      const dates = c.mail.sent
        .filter((s) => s.n.workflowId.endsWith('/unit/bv-mat') && (s.n.kind === 'reminder' || s.n.kind === 'escalation'))
        .map((s) => `${s.date} ${s.n.kind}`);
      expect(dates).toEqual(['2027-03-03 reminder', '2027-03-09 reminder', '2027-03-11 escalation']);
    });
  });

  it('cancels the whole cycle: every unit stops as cancelled', async () => {
    const cascade = loadExample();
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      const answer = await cycle.executeUpdate(cancelCycleUpdate, { args: [{ reason: 'Chỉ thị được thay thế', actor: 'admin' }] });
      expect(answer.message).toContain('Đã hủy');
      const result: CycleResult = await cycle.result();
      expect(result).toEqual({ outcome: 'cancelled', consolidated: null });
      const stages = await Promise.all(c.unitIds.map(async (id) => (await c.state(id)).stage));
      expect(new Set(stages)).toEqual(new Set(['cancelled']));
      // A second cancel is refused (the cycle has closed), and leaves one cancel in the audit trail.
      const again: unknown = await cycle.executeUpdate(cancelCycleUpdate, { args: [{ reason: 'lần nữa', actor: 'admin' }] }).then(
        (answer) => ({ accepted: answer }),
        (e: unknown) => e,
      );
      expect(again).toBeInstanceOf(Error);
      expect(again).not.toHaveProperty('accepted');
      // The server refuses an Update to a closed workflow ("workflow execution already completed";
      // the time-skipping server says the update is "not found").
      expect(String((again as Error).message)).toMatch(/already completed|update [\w-]+ not found/i);
      const status = await cycle.query(cycleStatusQuery);
      expect(status).toMatchObject({ outcome: 'cancelled' });
      // Dated in workflow time: the morning of 19/01/2027 (Vietnam) the cancel was sent on.
      expect(status.audit).toEqual([{ action: 'cancel-cycle', reason: 'Chỉ thị được thay thế', actor: 'admin', at: expect.stringMatching(/^2027-01-19T0\d:/) }]);
    });
  }, 300_000);
});
