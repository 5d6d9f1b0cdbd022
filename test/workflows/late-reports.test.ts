/**
 * Late yearly reports on the time-skipping server, in a three-level tree of the
 * shipped example: the root (Ban VSTBCPN ngành Y tế) → TTYT Hoằng Hóa → three
 * commune stations, and a hospital (BV Mắt) directly under the root. A station
 * and the hospital never report on time: each gets its reminders and escalation
 * rungs on the exact working days, the station's "superior-of-superior" rung
 * reaching its real grand-superior (the root's head). Their parents consolidate
 * without them (non-empty missing lists, in the final mail too); the late reports
 * are accepted as late and travel up again after the parents have reported.
 */
import type { IndicatorValue } from '../../domain/actions';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cycleWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, type CycleResult } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { smallExample } from '../support/example';

const ROOT = 'ban-vstbcpn-nganh-y-te';
const ROOT_HEAD = 'truong-ban-vstbcpn@yte-thanhhoa.example';
const TTYT_HEAD = 'ttyt-hoang-hoa@yte-thanhhoa.example';
const STATION_HEAD = 'tyt-hoang-tien@yte-thanhhoa.example';
const MAT_HEAD = 'bv-mat@yte-thanhhoa.example';
const OFFICE = 'van-phong@yte-thanhhoa.example';

/** Different per unit, so every roll-up is a real check. */
const VALUES: Record<string, Record<string, IndicatorValue>> = Object.fromEntries(
  [ROOT, 'bv-mat', 'ttyt-hoang-hoa', 'tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc'].map((id, i) => [
    id,
    {
      so_su_kien_truyen_thong: 10 ** i,
      so_hoat_dong_thang_hanh_dong: 1,
      ty_le_nu_lanh_dao: { numerator: 3 + i, denominator: 10 },
      ty_le_nu_sau_dai_hoc: 10,
      co_ban_vstbcpn: true,
      so_vu_viec_vi_pham: 0,
      ket_qua_noi_bat: `Kết quả của ${id}`,
    },
  ]),
);

describe('late reports in a three-level tree', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('reminds and escalates late reporters up to the grand-superior, consolidates without them, then carries their late reports up', async () => {
    const cascade = smallExample(['bv-mat', 'ttyt-hoang-hoa'], 'late-reports');
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
    const deadlineMails = (unitId: string) =>
      c.mail.sent
        .filter((s) => s.n.workflowId.endsWith(`/unit/${unitId}`) && (s.n.kind === 'reminder' || s.n.kind === 'escalation'))
        .map((s) => ({ date: s.date, time: s.at.slice(11, 16), kind: s.n.kind, task: s.n.task ?? null, to: s.n.to.email, cc: (s.n.cc ?? []).map((p) => p.email) }));
    const sum = (ids: string[]) => ids.reduce((s, id) => s + (VALUES[id]!.so_su_kien_truyen_thong as number), 0);

    await c.run(async () => {
      // Plans: the hospital and the centre, then the centre's stations.
      await c.advanceTo('2027-01-19');
      expect(await c.planRounds()).toEqual([2, 2, 3, 3]);

      // 08/11: everyone has been asked for the report; all but BV Mắt and TYT Hoằng Tiến report.
      await c.advanceTo('2027-11-08');
      for (const id of c.unitIds) expect({ id, stage: (await c.state(id)).stage }).toEqual({ id, stage: 'reporting' });
      expect(await c.doAll('report', (id) => VALUES[id]!, [ROOT, 'ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc'])).toBe(4);

      // 16/11: the centre consolidates (due 19/11) while one station is still missing.
      await c.advanceTo('2027-11-16');
      const centre = await c.state('ttyt-hoang-hoa');
      expect(centre).toMatchObject({ stage: 'consolidating', consolidation: { missingUnitIds: ['tyt-hoang-tien'] } });
      expect(centre.consolidation!.values.so_su_kien_truyen_thong).toBe(sum(['ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc']));
      expect(await c.consolidate('ttyt-hoang-hoa')).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      expect(await c.state('ttyt-hoang-hoa')).toMatchObject({ stage: 'reported', late: false });

      // 26/11: the root consolidates (due 01/12) with BV Mắt and the station still missing.
      await c.advanceTo('2027-11-26');
      const rootBefore = await c.state(ROOT);
      expect(rootBefore.consolidation!.missingUnitIds).toEqual(['bv-mat', 'tyt-hoang-tien']);
      expect(rootBefore.consolidation!.values.so_su_kien_truyen_thong).toBe(sum([ROOT, 'ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc']));
      expect(await c.consolidate(ROOT)).toMatchObject({ outcome: 'accepted', stage: 'reported' });
      await c.advanceTo('2027-11-26', 9);
      const finals = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report');
      // The centre's consolidated report goes up to the root's head; the root's, with its assessment,
      // to the final recipient, naming the units still missing.
      expect(finals.map((s) => ({ date: s.date, to: s.n.to.email, note: s.n.note }))).toEqual([
        { date: '2027-11-16', to: 'truong-ban-vstbcpn@yte-thanhhoa.example', note: 'Tổng hợp của ttyt-hoang-hoa' },
        { date: '2027-11-26', to: cascade.cycle.finalRecipient.person.email, note: `Tổng hợp của ${ROOT}` },
      ]);
      expect(finals[1]!.n.lines).toContain('Đơn vị chưa báo cáo: Bệnh viện Mắt Thanh Hóa; Trạm Y tế xã Hoằng Tiến');
      expect((await cycle.query(cycleStatusQuery)).consolidated).toMatchObject({ unitId: ROOT, missingUnitIds: ['bv-mat', 'tyt-hoang-tien'], coveredUnits: 4, late: false });

      // 07/12: past every rung of both ladders.
      await c.advanceTo('2027-12-07');
      // The station (report due end of 16/11): its own head, then the centre's head (superior),
      // then the root's head (superior-of-superior: a real grand-superior), then the office.
      expect(deadlineMails('tyt-hoang-tien')).toEqual([
        { date: '2027-11-09', time: '01:00', kind: 'reminder', task: 'report', to: STATION_HEAD, cc: [] },
        { date: '2027-11-15', time: '01:00', kind: 'reminder', task: 'report', to: STATION_HEAD, cc: [] },
        { date: '2027-11-17', time: '01:00', kind: 'escalation', task: 'report', to: STATION_HEAD, cc: [] },
        { date: '2027-11-19', time: '01:00', kind: 'escalation', task: null, to: TTYT_HEAD, cc: [STATION_HEAD] },
        { date: '2027-11-23', time: '01:00', kind: 'escalation', task: null, to: ROOT_HEAD, cc: [STATION_HEAD] },
        { date: '2027-11-26', time: '01:00', kind: 'escalation', task: null, to: OFFICE, cc: [STATION_HEAD] },
      ]);
      // The hospital (due end of 24/11) has no grand-superior inside the cycle: that rung goes to its superior.
      expect(deadlineMails('bv-mat')).toEqual([
        { date: '2027-11-17', time: '01:00', kind: 'reminder', task: 'report', to: MAT_HEAD, cc: [] },
        { date: '2027-11-23', time: '01:00', kind: 'reminder', task: 'report', to: MAT_HEAD, cc: [] },
        { date: '2027-11-25', time: '01:00', kind: 'escalation', task: 'report', to: MAT_HEAD, cc: [] },
        { date: '2027-11-29', time: '01:00', kind: 'escalation', task: null, to: ROOT_HEAD, cc: [MAT_HEAD] },
        { date: '2027-12-01', time: '01:00', kind: 'escalation', task: null, to: ROOT_HEAD, cc: [MAT_HEAD] },
        { date: '2027-12-06', time: '01:00', kind: 'escalation', task: null, to: OFFICE, cc: [MAT_HEAD] },
      ]);
      // Those who reported on time were never chased; the consolidators only reminded before their due dates.
      for (const id of ['tyt-hoang-thanh', 'tyt-hoang-loc']) expect(deadlineMails(id)).toEqual([]);
      expect(deadlineMails('ttyt-hoang-hoa')).toEqual([{ date: '2027-11-12', time: '01:00', kind: 'reminder', task: 'consolidate', to: TTYT_HEAD, cc: [] }]);
      expect(deadlineMails(ROOT)).toEqual([{ date: '2027-11-24', time: '01:00', kind: 'reminder', task: 'consolidate', to: ROOT_HEAD, cc: [] }]);

      // The station reports late: accepted, marked late, and its centre's roll-up goes up again.
      const stationAnswer = await c.report('tyt-hoang-tien', VALUES['tyt-hoang-tien']!);
      expect(stationAnswer).toMatchObject({ outcome: 'accepted', stage: 'reported', message: 'Đã nhận báo cáo (nộp sau thời hạn).' });
      expect(await c.state('tyt-hoang-tien')).toMatchObject({ stage: 'reported', late: true });
      await c.advanceTo('2027-12-07', 9);
      expect((await c.state('ttyt-hoang-hoa')).consolidation).toMatchObject({ missingUnitIds: [], values: { so_su_kien_truyen_thong: sum(['ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc', 'tyt-hoang-tien']) } });
      expect((await c.state(ROOT)).consolidation!.missingUnitIds).toEqual(['bv-mat']);
      // (That the root sends this corrected roll-up up to the cycle at once is late-corrected-roll-up.test.ts.)

      // The hospital reports late too: the root's roll-up is complete and the cycle closes with it.
      expect(await c.report('bv-mat', VALUES['bv-mat']!)).toMatchObject({ outcome: 'accepted', stage: 'reported', message: 'Đã nhận báo cáo (nộp sau thời hạn).' });
      expect(await c.state('bv-mat')).toMatchObject({ stage: 'reported', late: true });
      const result: CycleResult = await cycle.result();
      expect(result.outcome).toBe('reported');
      expect(result.consolidated).toMatchObject({ unitId: ROOT, missingUnitIds: [], coveredUnits: 6 });
      expect(result.consolidated!.values.so_su_kien_truyen_thong).toBe(sum(c.unitIds));
      // Nothing else was chased after the late reports, and the final recipient got one mail.
      expect(c.mail.sent.filter((s) => s.n.kind === 'escalation')).toHaveLength(8);
      const finalMails = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report' && s.n.sequence === 'final');
      expect(finalMails).toHaveLength(1);
    });
  }, 300_000);
});
