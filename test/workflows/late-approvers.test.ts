/**
 * Late approvers on the time-skipping server (a small tree of the shipped example:
 * the root → BV Nhi, BV Mắt, TTYT Hoằng Hóa → three stations). A plan left in
 * review is reminded and escalated on the exact working days, to the approver and
 * then up (a station's approver's own superior is a real grand-superior); an admin
 * extends one review deadline and the whole ladder moves; a unit head reassigned
 * while the plan is in review does not disturb the approver, and receives the
 * returned plan with a link of their own.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, extendDeadlineCycleUpdate, reassignCycleUpdate } from '../../workflows/cascade-cycle';
import { submitPlanUpdate } from '../../workflows/unit-messages';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { smallExample } from '../support/example';

const ROOT_HEAD = 'truong-ban-vstbcpn@yte-thanhhoa.example';
const TTYT_HEAD = 'ttyt-hoang-hoa@yte-thanhhoa.example';
const OFFICE = 'van-phong@yte-thanhhoa.example';
const OLD_NHI_HEAD = 'bv-nhi@yte-thanhhoa.example';
const NEW_NHI_HEAD = { name: 'Nguyễn Thị Bích Ngọc', title: 'Phó Giám đốc', email: 'pgd-nhi@yte-thanhhoa.example' };

describe('late approvers', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('reminds and escalates late reviews on the exact days, moves them on an extension, and survives a reassignment during review', async () => {
    const cascade = smallExample(['bv-nhi', 'bv-mat', 'ttyt-hoang-hoa'], 'late-approvers');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    const reviewMails = (unitId: string) =>
      c.mail.sent
        .filter((s) => s.n.workflowId.endsWith(`/unit/${unitId}`) && (s.n.kind === 'reminder' || s.n.kind === 'escalation') && (s.n.task === 'review-plan' || s.n.task === undefined))
        .map((s) => ({ date: s.date, time: s.at.slice(11, 16), kind: s.n.kind, link: s.n.task === 'review-plan', to: s.n.to.email, cc: (s.n.cc ?? []).map((p) => p.email) }));
    const mailsTo = (unitId: string, kind: string) => c.mail.sent.filter((s) => s.n.workflowId.endsWith(`/unit/${unitId}`) && s.n.kind === kind).map((s) => ({ date: s.date, to: s.n.to.email, task: s.n.task ?? null, revision: s.n.revision }));

    await c.run(async () => {
      // Tuesday 19/1: three plans go to the root's head; the centre's is approved at once,
      // and its stations' plans go to the centre's head. Reviews are due end of 26/1 (5 working days).
      await c.advanceTo('2027-01-19');
      expect(await c.doAll('draft-plan')).toBe(3);
      expect(await c.review('ttyt-hoang-hoa', 'approve')).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      expect(await c.doAll('draft-plan')).toBe(3);
      for (const id of ['bv-nhi', 'bv-mat', 'tyt-hoang-tien']) {
        expect(await c.state(id)).toMatchObject({ stage: 'in-review', waitingOn: 'approver', dueAt: '2027-01-26T16:59:59.999Z' });
      }
      expect((await c.state('tyt-hoang-tien')).currentTask!.assignees).toEqual([TTYT_HEAD]);
      expect(await c.doAll('review-plan', undefined, ['tyt-hoang-thanh', 'tyt-hoang-loc'])).toBe(2);

      // Wednesday 20/1: BV Mắt's review is extended to 05/3; BV Nhi's head is replaced.
      await c.advanceTo('2027-01-20');
      const extended = await cycle.executeUpdate(extendDeadlineCycleUpdate, {
        args: [{ unitId: 'bv-mat', newDueDate: '2027-03-05', reason: 'Trưởng ban đi công tác dài ngày', actor: 'admin' }],
      });
      expect(extended.message).toContain('05/03/2027');
      expect(await c.state('bv-mat')).toMatchObject({ stage: 'in-review', dueAt: '2027-03-05T16:59:59.999Z', currentTask: { kind: 'review-plan', assignees: [ROOT_HEAD] } });
      const reassigned = await cycle.executeUpdate(reassignCycleUpdate, { args: [{ unitId: 'bv-nhi', head: NEW_NHI_HEAD, reason: 'Thay đổi nhân sự phụ trách', actor: 'admin' }] });
      expect(reassigned.message).toContain('Đã giao lại');
      // The review stays with the approver: same task, same due date, nothing sent to the new head yet.
      expect(await c.state('bv-nhi')).toMatchObject({ stage: 'in-review', dueAt: '2027-01-26T16:59:59.999Z', currentTask: { kind: 'review-plan', revision: 0, assignees: [ROOT_HEAD] } });
      expect(c.mail.sent.filter((s) => s.n.to.email === NEW_NHI_HEAD.email)).toEqual([]);

      // Past every rung of the original ladder (26/1 due; Tết 2027 is 05/2–11/2).
      await c.advanceTo('2027-02-15');
      // The 5-days-before reminder (19/1, 08:00) predates the submission (08:30): not sent.
      expect(reviewMails('bv-nhi')).toEqual([
        { date: '2027-01-25', time: '01:00', kind: 'reminder', link: true, to: ROOT_HEAD, cc: [] },
        { date: '2027-01-27', time: '01:00', kind: 'escalation', link: true, to: ROOT_HEAD, cc: [] },
        { date: '2027-01-29', time: '01:00', kind: 'escalation', link: false, to: ROOT_HEAD, cc: [ROOT_HEAD] },
        { date: '2027-02-02', time: '01:00', kind: 'escalation', link: false, to: ROOT_HEAD, cc: [ROOT_HEAD] },
        { date: '2027-02-12', time: '01:00', kind: 'escalation', link: false, to: OFFICE, cc: [ROOT_HEAD] },
      ]);
      // A station's approver is the centre's head; the superior-of-superior rung reaches the root's head.
      expect(reviewMails('tyt-hoang-tien')).toEqual([
        { date: '2027-01-25', time: '01:00', kind: 'reminder', link: true, to: TTYT_HEAD, cc: [] },
        { date: '2027-01-27', time: '01:00', kind: 'escalation', link: true, to: TTYT_HEAD, cc: [] },
        { date: '2027-01-29', time: '01:00', kind: 'escalation', link: false, to: TTYT_HEAD, cc: [TTYT_HEAD] },
        { date: '2027-02-02', time: '01:00', kind: 'escalation', link: false, to: ROOT_HEAD, cc: [TTYT_HEAD] },
        { date: '2027-02-12', time: '01:00', kind: 'escalation', link: false, to: OFFICE, cc: [TTYT_HEAD] },
      ]);
      // The extended review has had nothing yet: its ladder starts 26/2.
      expect(reviewMails('bv-mat')).toEqual([]);
      for (const id of ['tyt-hoang-thanh', 'tyt-hoang-loc', 'ttyt-hoang-hoa']) expect(reviewMails(id)).toEqual([]);

      // The late approver returns BV Nhi's plan: the "returned" mail and its link go to the new head.
      expect(await c.review('bv-nhi', 'return', 'Bổ sung hoạt động nhóm II.3')).toMatchObject({ outcome: 'accepted', stage: 'drafting' });
      await c.advanceTo('2027-02-15', 9); // the mail activity runs after the Update's answer
      expect(mailsTo('bv-nhi', 'returned')).toEqual([{ date: '2027-02-15', to: NEW_NHI_HEAD.email, task: 'draft-plan', revision: 1 }]);
      const redraft = await c.state('bv-nhi');
      expect(redraft).toMatchObject({ stage: 'drafting', revision: 1, currentTask: { kind: 'draft-plan', revision: 1, assignees: [NEW_NHI_HEAD.email] } });
      // The old head can no longer act; the new one can.
      const nhi = env.client.workflow.getHandle(unitWorkflowId(cascade.id, 2027, 'bv-nhi'));
      const draft = { task: 'draft-plan' as const, revision: 1, planNumber: '2/KH-NHI', title: 'Kế hoạch năm 2027 (bổ sung)', summary: 'Bổ sung nhóm II.3', activities: { 'II.3': ['Rà soát quy hoạch cán bộ nữ'] } };
      const refused = await nhi.executeUpdate(submitPlanUpdate, { args: [{ ...draft, actor: OLD_NHI_HEAD }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain('không còn là người được giao');
      expect(await c.state('bv-nhi')).toEqual(redraft);
      await expect(nhi.executeUpdate(submitPlanUpdate, { args: [{ ...draft, actor: NEW_NHI_HEAD.email }] })).resolves.toMatchObject({ outcome: 'accepted', stage: 'in-review' });
      // Its second review is due 5 working days after 15/2, a new ladder for revision 1.
      expect(await c.state('bv-nhi')).toMatchObject({ stage: 'in-review', revision: 1, dueAt: '2027-02-22T16:59:59.999Z' });

      // The extended review: reminders 26/2 and 04/3, the first rung on 08/3; approved on 09/3.
      await c.advanceTo('2027-03-09');
      expect(reviewMails('bv-mat')).toEqual([
        { date: '2027-02-26', time: '01:00', kind: 'reminder', link: true, to: ROOT_HEAD, cc: [] },
        { date: '2027-03-04', time: '01:00', kind: 'reminder', link: true, to: ROOT_HEAD, cc: [] },
        { date: '2027-03-08', time: '01:00', kind: 'escalation', link: true, to: ROOT_HEAD, cc: [] },
      ]);
      expect(await c.review('bv-mat', 'approve')).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      expect(await c.review('bv-nhi', 'approve')).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      expect(await c.review('tyt-hoang-tien', 'approve')).toMatchObject({ outcome: 'accepted', stage: 'implementing' });
      // A review is not a submission: approving late does not mark the unit late.
      expect(await c.state('bv-mat')).toMatchObject({ late: false });
      // BV Nhi's second review (due 22/2) had its own ladder, to the same approver.
      expect(reviewMails('bv-nhi').slice(5).map((m) => `${m.date} ${m.kind} ${m.to}`)).toEqual([
        `2027-02-19 reminder ${ROOT_HEAD}`,
        `2027-02-23 escalation ${ROOT_HEAD}`,
        `2027-02-25 escalation ${ROOT_HEAD}`,
        `2027-03-01 escalation ${ROOT_HEAD}`,
        `2027-03-04 escalation ${OFFICE}`,
      ]);

      // Nothing more after the approvals; the audit trail lists both admin actions.
      await c.advanceTo('2027-04-01');
      expect(c.mail.sent.filter((s) => s.n.kind === 'reminder' || s.n.kind === 'escalation')).toHaveLength(5 + 5 + 5 + 3);
      expect((await cycle.query(cycleStatusQuery)).audit.map((a) => a.action)).toEqual(['extend-deadline → 2027-03-05', 'reassign']);
    });
  }, 300_000);
});
