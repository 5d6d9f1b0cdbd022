/**
 * Removing units mid-cycle, through the cycle's `removeUnit` Update, on the
 * time-skipping server (a small tree of the shipped example: the root → BV Nhi,
 * BV Mắt, TTYT Hoằng Hóa → three stations). A removed unit stops with its whole
 * subtree, is never reminded again, and its parent stops waiting for it: the
 * roll-up and the missing lists count only the units that remain.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cycleWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, cycleSummaryQuery, removeUnitCycleUpdate, type CycleResult } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { smallExample } from '../support/example';

const ROOT = 'ban-vstbcpn-nganh-y-te';
const SUBTREE = ['ttyt-hoang-hoa', 'tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc'];

/** Different per unit, so the roll-up shows exactly who is counted. */
function valuesOf(id: string) {
  const n = { [ROOT]: 1, 'bv-nhi': 10, 'bv-mat': 100 }[id] ?? 1000;
  return { so_su_kien_truyen_thong: n, so_hoat_dong_thang_hanh_dong: 1, ty_le_nu_lanh_dao: { numerator: 4, denominator: 10 }, ty_le_nu_sau_dai_hoc: 10, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 };
}

// The time-skipping test server sometimes stops skipping time after a unit is cancelled in the
// middle of a task (seen once in a CI run: the clock then runs at wall-clock speed and the year
// cannot pass). Such a run times out early and the test runs again on a fresh server; the
// assertions are the same on both tries. See large-parent-continue.test.ts for the measurement.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

describe('removing units mid-cycle', () => {
  let env: TestWorkflowEnvironment;
  // A fresh server per try (see above).
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('cancels a removed subtree, stops chasing it, and rolls up without it; a late unit removed in November is no longer awaited', async () => {
    const cascade = smallExample(['bv-nhi', 'bv-mat', 'ttyt-hoang-hoa'], 'remove-unit');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    const remove = (unitId: string, reason = 'Đơn vị sáp nhập theo quyết định của UBND tỉnh') =>
      cycle.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId, reason, actor: 'admin' }] }).catch((e: unknown) => e);
    const refusal = (e: unknown) => (e instanceof WorkflowUpdateFailedError ? String(e.cause?.message) : `not refused: ${JSON.stringify(e)}`);
    const mailsOf = (ids: string[]) => c.mail.sent.filter((s) => ids.some((id) => s.n.workflowId.endsWith(`/unit/${id}`)));

    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      expect(await c.state('ttyt-hoang-hoa')).toMatchObject({ stage: 'drafting' });
      expect(await c.state('tyt-hoang-tien')).toMatchObject({ stage: 'waiting' });
      const sentBefore = mailsOf(SUBTREE).length;
      expect(sentBefore).toBe(1); // the centre's first task

      // The root cannot be removed; an unknown unit is refused by name; nothing changes.
      expect(refusal(await remove(ROOT))).toContain('không thể rút đơn vị gốc');
      expect(refusal(await remove('khong-co'))).toContain('unitId: không có đơn vị "khong-co"');
      expect(refusal(await remove('ttyt-hoang-hoa', 'x'))).toContain('reason');
      expect((await cycle.query(cycleStatusQuery)).removedUnitIds).toEqual([]);

      // The centre is removed while drafting: it and its three waiting stations are cancelled.
      const answer = await remove('ttyt-hoang-hoa');
      expect(answer).toMatchObject({ ok: true, message: expect.stringContaining('ttyt-hoang-hoa') });
      await c.advanceTo('2027-01-19', 9); // the cancellation travels down the subtree
      for (const id of SUBTREE) expect({ id, stage: (await c.state(id)).stage }).toEqual({ id, stage: 'cancelled' });
      const status = await cycle.query(cycleStatusQuery);
      expect(status.removedUnitIds.sort()).toEqual([...SUBTREE].sort());
      expect(status.unitIds.sort()).toEqual([ROOT, 'bv-mat', 'bv-nhi'].sort());
      // The light answer of the human status counts the same units.
      expect(await cycle.query(cycleSummaryQuery)).toEqual({ cascadeId: status.cascadeId, year: status.year, outcome: 'running', unitCount: 3, removedCount: SUBTREE.length });
      expect(status.audit).toEqual([expect.objectContaining({ action: 'remove-unit ttyt-hoang-hoa', reason: 'Đơn vị sáp nhập theo quyết định của UBND tỉnh', actor: 'admin' })]);
      // Removed twice, or a unit inside the removed subtree: refused as unknown.
      expect(refusal(await remove('ttyt-hoang-hoa'))).toContain('không có đơn vị "ttyt-hoang-hoa"');
      expect(refusal(await remove('tyt-hoang-loc'))).toContain('không có đơn vị "tyt-hoang-loc"');

      // The others plan on time.
      expect(await c.doAll('draft-plan', undefined, ['bv-nhi', 'bv-mat'])).toBe(2);
      expect(await c.doAll('review-plan', undefined, ['bv-nhi', 'bv-mat'])).toBe(2);

      // Past the centre's drafting deadline (15/2) and its whole ladder: nobody was chased for it.
      await c.advanceTo('2027-03-15');
      expect(mailsOf(SUBTREE)).toHaveLength(sentBefore);
      for (const id of SUBTREE) expect((await c.state(id)).stage).toBe('cancelled');

      // November: BV Nhi and the root report; BV Mắt does not.
      await c.advanceTo('2027-11-18');
      expect(await c.doAll('report', valuesOf, [ROOT, 'bv-nhi'])).toBe(2);
      const rootState = await c.state(ROOT);
      expect(rootState).toMatchObject({ stage: 'consolidating', consolidation: { missingUnitIds: ['bv-mat'] } });
      expect(rootState.consolidation!.values.so_su_kien_truyen_thong).toBe(11);

      // 26/11, BV Mắt is late and escalated; it is removed: the root no longer waits for it.
      await c.advanceTo('2027-11-26');
      expect(mailsOf(['bv-mat']).filter((s) => s.n.kind === 'escalation').map((s) => s.date)).toEqual(['2027-11-25']);
      expect(await remove('bv-mat', 'Đơn vị giải thể')).toMatchObject({ ok: true });
      await c.advanceTo('2027-11-26', 9);
      expect(await c.state('bv-mat')).toMatchObject({ stage: 'cancelled' });
      expect((await c.state(ROOT)).consolidation).toMatchObject({ missingUnitIds: [], values: { so_su_kien_truyen_thong: 11 } });
      // Its remaining rungs (29/11, 01/12, 06/12) never go out.
      await c.advanceTo('2027-12-07');
      expect(mailsOf(['bv-mat']).filter((s) => s.n.kind === 'escalation').map((s) => s.date)).toEqual(['2027-11-25']);

      // The root consolidates late (due 01/12): only the remaining units are in the final report.
      expect(await c.consolidate(ROOT)).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      const result: CycleResult = await cycle.result();
      expect(result.outcome).toBe('reported');
      expect(result.consolidated).toMatchObject({ unitId: ROOT, missingUnitIds: [], coveredUnits: 2, late: true });
      expect(result.consolidated!.values).toMatchObject({ so_su_kien_truyen_thong: 11, so_hoat_dong_thang_hanh_dong: 2 });
      const finals = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report');
      expect(finals).toHaveLength(1);
      // The note is the root's own assessment; no unit is listed as missing (the removed ones are out of the count).
      expect(finals[0]!.n.note).toBe(`Tổng hợp của ${ROOT}`);
      expect(finals[0]!.n.lines).toContain('Số đơn vị đã báo cáo: 2/2');
      expect(finals[0]!.n.lines!.some((l) => l.startsWith('Đơn vị chưa báo cáo'))).toBe(false);
      expect((await cycle.query(cycleStatusQuery)).audit.map((a) => a.action)).toEqual(['remove-unit ttyt-hoang-hoa', 'remove-unit bv-mat']);
    });
  }, 150_000);
});
