/** Sample yearly reports of the shipped example, different per unit, for report tests. */
import { SHIPPED_CALENDAR } from '../../../domain/calendar';
import type { UnitEntry } from '../../../domain/report/model';
import { reportSetup, type ReportSetup } from '../../../domain/report/setup';
import { loadExample } from '../../support/example';

/** @returns the example's setup for a year and one entry per unit (some late, one missing) */
export function sampleReports(year = 2027, missing: string[] = ['tyt-hoang-tien']): { setup: ReportSetup; entries: UnitEntry[] } {
  const setup = reportSetup(loadExample(), year, SHIPPED_CALENDAR);
  const entries = setup.units
    .filter((u) => !missing.includes(u.id))
    .map((u, i): UnitEntry => ({
      unitId: u.id,
      unitName: u.name,
      values: {
        so_su_kien_truyen_thong: i + 1,
        so_hoat_dong_thang_hanh_dong: 2,
        ty_le_nu_lanh_dao: { numerator: i % 7, denominator: 10 + (i % 5) },
        ty_le_nu_sau_dai_hoc: 10 + (i % 5) + 0.5,
        co_ban_vstbcpn: i % 9 !== 4,
        so_vu_viec_vi_pham: i % 3,
        ...(i % 4 === 0 ? { ket_qua_noi_bat: `Tổ chức tốt Tháng hành động tại ${u.name}.` } : {}),
      },
      narrative: `${u.name} đã quán triệt Chỉ thị 21-CT/TW đến toàn thể cán bộ, viên chức.`,
      ...(i % 5 === 1 ? { sections: { shortcomings: 'Kinh phí cho hoạt động truyền thông còn hạn chế.', recommendations: 'Đề nghị bố trí kinh phí tập huấn.' } } : {}),
      late: i % 11 === 3,
      submittedAt: `${year}-11-10T03:00:00.000Z`,
    }));
  return { setup, entries };
}
