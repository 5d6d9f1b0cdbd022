/**
 * The mails of a year that carry no task, on the time-skipping server: the issued
 * plan to the bodies on "Nơi nhận" (patch 'plan-informational'), the notice to each
 * unit when the action month opens (patch 'action-month-notice'), the data period in
 * the report requests, and each unit citing the plan of the nearest body that issued one.
 *
 * Tree: the root → BV Mắt, TTYT Hoằng Hóa (which issued its own plan) → three
 * stations; the Health Department's director (để b/c) and the sector committee's
 * members (để p/h) on "Nơi nhận".
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { smallExample } from '../support/example';

const ROOT_PLAN = 'Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban Vì sự tiến bộ của phụ nữ Sở Y tế Thanh Hóa';
const CENTRE_PLAN = 'Kế hoạch số 15/KH-TTYT ngày 20/8/2018 của Trung tâm Y tế huyện Hoằng Hóa';
const STATIONS = ['tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc'];

describe('mails with no task through a year', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('mails the plan to "Nơi nhận" on the first day, cites the nearest plan, names the data period and announces the action month', async () => {
    const small = smallExample(['bv-mat', 'ttyt-hoang-hoa', 'so-y-te-thanh-hoa', 'thanh-vien-ban-vstbcpn-nganh'], 'notices');
    const cascade = {
      ...small,
      org: {
        ...small.org,
        children: small.org.children!.map((c) =>
          c.id === 'ttyt-hoang-hoa' ? { ...c, issuedPlan: { system: 'state' as const, number: '15/KH-TTYT', issuer: 'Trung tâm Y tế huyện Hoằng Hóa', issuedOn: '2018-08-20', title: 'Kế hoạch thực hiện Chỉ thị 21-CT/TW' } } : c,
        ),
      },
    };
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const sent = (kind: string) => c.mail.sent.filter((s) => s.n.kind === kind);
    const unitOf = (workflowId: string) => workflowId.split('/unit/')[1];
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      // The first day: the plan to the director (to report to) and to the committee's members (to coordinate), no task.
      expect(sent('plan-issued').map((s) => [s.date, s.n.to.email, s.n.distribution, s.n.cc?.length ?? 0, s.n.task, s.n.parentPlanLabel])).toEqual([
        ['2027-01-18', 'giam-doc@yte-thanhhoa.example', 'report-to', 0, undefined, ROOT_PLAN],
        ['2027-01-18', 'pho-truong-ban-vstbcpn@yte-thanhhoa.example', 'coordinate', 2, undefined, ROOT_PLAN],
      ]);
      // The centre issued its own plan: it implements at once, and its stations draft under it.
      expect((await c.state('ttyt-hoang-hoa')).stage).toBe('implementing');
      expect(await c.doAll('draft-plan')).toBe(4);
      const drafting = sent('task-assigned').filter((s) => s.n.task === 'draft-plan');
      expect(Object.fromEntries(drafting.map((s) => [unitOf(s.n.workflowId), s.n.parentPlanLabel]))).toEqual({
        'bv-mat': ROOT_PLAN,
        'tyt-hoang-tien': CENTRE_PLAN,
        'tyt-hoang-thanh': CENTRE_PLAN,
        'tyt-hoang-loc': CENTRE_PLAN,
      });
      expect(await c.doAll('review-plan')).toBe(4);

      // The report requests name the plan and the period the figures cover.
      await c.advanceTo('2027-11-08');
      const requests = sent('report-request');
      expect(requests.map((s) => unitOf(s.n.workflowId)).sort()).toEqual(['ban-vstbcpn-nganh-y-te', 'bv-mat', 'ttyt-hoang-hoa', ...STATIONS].sort());
      for (const r of requests) expect(r.n.period).toEqual({ from: '2026-11-15', to: '2027-11-14' });
      expect(requests.find((s) => unitOf(s.n.workflowId) === 'tyt-hoang-loc')!.n.parentPlanLabel).toBe(CENTRE_PLAN);
      expect(sent('action-window')).toEqual([]);

      // Monday 15/11/2027, 08:00: every unit is told the action month opens, citing its own plan.
      await c.advanceTo('2027-11-16');
      const notices = sent('action-window');
      expect(notices.map((s) => [unitOf(s.n.workflowId), s.at.slice(0, 16), s.n.period, s.n.task]).sort()).toEqual(
        ['ban-vstbcpn-nganh-y-te', 'bv-mat', 'ttyt-hoang-hoa', ...STATIONS].sort().map((id) => [id, '2027-11-15T01:00', { from: '2027-11-15', to: '2027-12-15' }, undefined]),
      );
      expect(notices.find((s) => unitOf(s.n.workflowId) === 'tyt-hoang-thanh')!.n).toMatchObject({ parentPlanLabel: CENTRE_PLAN, note: cascade.cycle.actionWindows[0]!.name, to: { email: 'tyt-hoang-thanh@yte-thanhhoa.example' } });
      expect(notices.find((s) => unitOf(s.n.workflowId) === 'bv-mat')!.n.parentPlanLabel).toBe(ROOT_PLAN);
      // No task mail ever went to a body that is only on "Nơi nhận".
      const onlyInformed = ['giam-doc@yte-thanhhoa.example', 'pho-truong-ban-vstbcpn@yte-thanhhoa.example'];
      expect(c.mail.sent.filter((s) => onlyInformed.includes(s.n.to.email) && s.n.kind !== 'plan-issued')).toEqual([]);
    });
  }, 300_000);
});
