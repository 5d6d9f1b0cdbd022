/**
 * The cycle's mails beside the tasks (pure): who is on "Nơi nhận" only, which plan
 * each unit cites, when an action month's notice goes, and what the mails carry.
 */
import { SHIPPED_CALENDAR } from '../../../domain/calendar';
import { actionWindowNoticeAt, actionWindowNotifications, issuedPlanNotifications } from '../../../domain/cycle/cycle-notices';
import { buildUnitTree, cycleContext, flattenUnits, planLabelsByUnit } from '../../../domain/cycle/unit-tree';
import { buildReport } from '../../../domain/report/build';
import { reportSetup } from '../../../domain/report/setup';
import { loadExample } from '../../support/example';

const cascade = loadExample();
const CENTRE_PLAN = { system: 'state' as const, number: '15/KH-TTYT', issuer: 'Trung tâm Y tế huyện Hoằng Hóa', issuedOn: '2018-08-20', title: 'Kế hoạch thực hiện Chỉ thị 21-CT/TW' };
/** The example with TTYT Hoằng Hóa having issued its own plan. */
const withCentrePlan = {
  ...cascade,
  org: { ...cascade.org, children: cascade.org.children!.map((c) => (c.id === 'ttyt-hoang-hoa' ? { ...c, issuedPlan: CENTRE_PLAN } : c)) },
};

describe('who is on "Nơi nhận" only', () => {
  it('runs no workflow for bodies to report to, coordinate with or inform, and mails them the plan', () => {
    const ids = flattenUnits(buildUnitTree(cascade, 2027, SHIPPED_CALENDAR)).map((u) => u.id);
    expect(ids).toHaveLength(70);
    for (const id of ['so-y-te-thanh-hoa', 'ban-vstbpn-ldld-tinh', 'thanh-vien-ban-vstbcpn-nganh', 'cong-doan-nganh-y-te']) expect(ids).not.toContain(id);
    const setup = reportSetup(cascade, 2027, SHIPPED_CALENDAR);
    expect(setup.informational.map((r) => [r.id, r.role, r.substitutes.length])).toEqual([
      ['so-y-te-thanh-hoa', 'report-to', 0],
      ['ban-vstbpn-ldld-tinh', 'report-to', 0],
      ['thanh-vien-ban-vstbcpn-nganh', 'coordinate', 2],
      ['cong-doan-nganh-y-te', 'coordinate', 0],
    ]);
    const root = buildUnitTree(cascade, 2027, SHIPPED_CALENDAR);
    const mails = issuedPlanNotifications({ cascadeId: cascade.id, year: 2027, setup, root: { id: root.id, name: root.name, planLabel: root.planLabel! }, rootReportDueAt: root.reportDueAt });
    expect(mails.map((n) => [n.kind, n.to.email, n.to.organisation, n.distribution, n.cc?.map((p) => p.email) ?? [], n.task])).toEqual([
      ['plan-issued', 'giam-doc@yte-thanhhoa.example', 'Sở Y tế Thanh Hóa', 'report-to', [], undefined],
      ['plan-issued', 'ban-vstbpn@ldld-thanhhoa.example', 'Ban Vì sự tiến bộ của phụ nữ Liên đoàn Lao động tỉnh Thanh Hóa', 'report-to', [], undefined],
      ['plan-issued', 'pho-truong-ban-vstbcpn@yte-thanhhoa.example', 'Thành viên Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa', 'coordinate', ['chanh-van-phong@yte-thanhhoa.example', 'phong-nghiep-vu-y@yte-thanhhoa.example'], undefined],
      ['plan-issued', 'cong-doan-nganh-y-te@yte-thanhhoa.example', 'Công đoàn ngành Y tế Thanh Hóa', 'coordinate', [], undefined],
    ]);
    expect(mails[0]).toMatchObject({
      unitName: cascade.org.name,
      parentPlanLabel: 'Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban Vì sự tiến bộ của phụ nữ Sở Y tế Thanh Hóa',
      period: { from: '2026-11-15', to: '2027-11-14' },
      dueAt: root.reportDueAt,
      lines: ['Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới: từ ngày 15/11/2027 đến ngày 15/12/2027'],
    });
    // The final report lists them on its "Nơi nhận" with their role.
    const doc = buildReport({ setup, issuerId: root.id, entries: [], date: '2027-11-30' });
    expect(doc.recipients.map((r) => r.text)).toEqual([
      '- Sở Nội vụ tỉnh Thanh Hóa (để b/c);',
      '- Sở Y tế Thanh Hóa (để b/c);',
      '- Ban Vì sự tiến bộ của phụ nữ Liên đoàn Lao động tỉnh Thanh Hóa (để b/c);',
      '- Thành viên Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa (để p/h);',
      '- Công đoàn ngành Y tế Thanh Hóa (để p/h);',
      '- Lưu: VT, BVSTBCPN.',
    ]);
  });
});

describe('the plan a unit cites', () => {
  it('is the nearest issued plan at or above it', () => {
    const labels = planLabelsByUnit(withCentrePlan);
    const root = 'Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban Vì sự tiến bộ của phụ nữ Sở Y tế Thanh Hóa';
    const centre = 'Kế hoạch số 15/KH-TTYT ngày 20/8/2018 của Trung tâm Y tế huyện Hoằng Hóa';
    expect([labels.get('ban-vstbcpn-nganh-y-te'), labels.get('bv-nhi'), labels.get('ttyt-hoang-hoa'), labels.get('tyt-hoang-tien')]).toEqual([root, root, centre, centre]);
    // Without the centre's plan, its stations cite the root's.
    expect(planLabelsByUnit(cascade).get('tyt-hoang-tien')).toBe(root);
    const tree = flattenUnits(buildUnitTree(withCentrePlan, 2027, SHIPPED_CALENDAR));
    expect(tree.find((u) => u.id === 'tyt-hoang-tien')!.planLabel).toBe(centre);
    // The centre's own report cites its plan; the root's report the root's.
    const setup = reportSetup(withCentrePlan, 2027, SHIPPED_CALENDAR);
    const opening = (issuerId: string) => JSON.stringify(buildReport({ setup, issuerId, entries: [], date: '2027-11-20' }).body[0]);
    expect(opening('ttyt-hoang-hoa')).toContain(`Thực hiện ${centre}, Trung tâm Y tế huyện Hoằng Hóa báo cáo kết quả thực hiện năm 2027 (kỳ số liệu từ ngày 15/11/2026 đến ngày 14/11/2027)`);
    expect(opening('ban-vstbcpn-nganh-y-te')).toContain(`Thực hiện ${root}, `);
  });
});

describe('the action month', () => {
  it('is carried to every unit and announced at 08:00 on its first day, or on the last working day before', () => {
    const context = cycleContext(cascade, 2027, SHIPPED_CALENDAR);
    expect(context.dataPeriod).toEqual({ from: '2026-11-15', to: '2027-11-14' });
    expect(context.actionWindows).toEqual([{ name: 'Tháng hành động vì bình đẳng giới và phòng chống bạo lực trên cơ sở giới', from: '2027-11-15', to: '2027-12-15' }]);
    // Monday 15/11/2027: that morning. Sunday 15/11/2026: Friday 13/11/2026.
    expect(actionWindowNoticeAt('2027-11-15', SHIPPED_CALENDAR)).toBe('2027-11-15T01:00:00.000Z');
    expect(actionWindowNoticeAt('2026-11-15', SHIPPED_CALENDAR)).toBe('2026-11-13T01:00:00.000Z');
    // Tết 2026 (Tuesday 17/02, in the official break from 14/02): Friday 13/02.
    expect(actionWindowNoticeAt('2026-02-17', SHIPPED_CALENDAR)).toBe('2026-02-13T01:00:00.000Z');
  });

  it('goes to each unit head, substitutes in copy, citing the unit\'s own plan', () => {
    const units = flattenUnits(buildUnitTree(withCentrePlan, 2027, SHIPPED_CALENDAR));
    const mails = actionWindowNotifications(cascade.id, 2027, { name: 'Tháng hành động', from: '2027-11-15', to: '2027-12-15' }, 0, units, 'fallback');
    expect(mails).toHaveLength(70);
    expect(new Set(mails.map((n) => n.workflowId)).size).toBe(70);
    const station = mails.find((n) => n.workflowId.endsWith('/unit/tyt-hoang-tien'))!;
    expect(station).toMatchObject({ kind: 'action-window', unitName: 'Trạm Y tế xã Hoằng Tiến', parentPlanLabel: expect.stringContaining('15/KH-TTYT'), period: { from: '2027-11-15', to: '2027-12-15' }, year: 2027, sequence: 'action-window-0' });
    expect(station.task).toBeUndefined();
    // A unit of an older cycle, without its own label, cites the cycle's plan.
    expect(actionWindowNotifications(cascade.id, 2027, { name: 'x', from: '2027-11-15', to: '2027-12-15' }, 1, [{ ...units[1]!, planLabel: undefined }], 'fallback')[0]!.parentPlanLabel).toBe('fallback');
  });
});
