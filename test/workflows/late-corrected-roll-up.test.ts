/**
 * A late grandchild after its parent and the root have reported: the parent
 * re-sends its corrected roll-up, which REPLACES the one the root holds (the
 * number of child reports at the root stays the same), and the root passes the
 * correction on to the cycle (patch 'resend-corrected-roll-up'; runs started
 * before it keep the old behaviour, see test/replay).
 *
 * Same small tree as late-reports.test.ts: the root → BV Mắt, TTYT Hoằng Hóa →
 * three stations; BV Mắt keeps the root open, TYT Hoằng Tiến reports late.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId } from '../../domain/ids';
import { cycleStatusQuery } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { smallExample } from '../support/example';

const ROOT = 'ban-vstbcpn-nganh-y-te';
const values = (n: number) => ({ so_su_kien_truyen_thong: n, so_hoat_dong_thang_hanh_dong: 1, ty_le_nu_lanh_dao: { numerator: 4, denominator: 10 }, ty_le_nu_sau_dai_hoc: 10, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 });

describe('a late grandchild after the root has reported', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it("reaches the cycle through the root's corrected roll-up", async () => {
    const cascade = smallExample(['bv-mat', 'ttyt-hoang-hoa'], 'late-grandchild');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      expect(await c.planRounds()).toEqual([2, 2, 3, 3]);
      await c.advanceTo('2027-11-08');
      expect(await c.doAll('report', () => values(1), [ROOT, 'ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc'])).toBe(4);
      await c.advanceTo('2027-11-16');
      expect(await c.consolidate('ttyt-hoang-hoa')).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      await c.advanceTo('2027-11-26');
      expect(await c.consolidate(ROOT)).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      await c.advanceTo('2027-11-26', 9);
      expect((await cycle.query(cycleStatusQuery)).consolidated).toMatchObject({ missingUnitIds: ['bv-mat', 'tyt-hoang-tien'], coveredUnits: 4 });

      // The station reports late; the centre's and the root's own roll-ups are corrected ...
      expect(await c.report('tyt-hoang-tien', values(1000))).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      await c.advanceTo('2027-11-26', 10);
      expect((await c.state('ttyt-hoang-hoa')).consolidation).toMatchObject({ missingUnitIds: [] });
      expect((await c.state(ROOT)).consolidation).toMatchObject({ missingUnitIds: ['bv-mat'], values: { so_su_kien_truyen_thong: 1004 } });
      // ... and the cycle holds the corrected one too (no longer the roll-up without the station).
      expect((await cycle.query(cycleStatusQuery)).consolidated).toMatchObject({ missingUnitIds: ['bv-mat'], coveredUnits: 5, values: { so_su_kien_truyen_thong: 1004 } });
    });
  }, 300_000);
});
