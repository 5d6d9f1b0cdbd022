/** The second shipped example (two-tier local government since 1/7/2025) and its report. */
import path from 'node:path';
import { loadCascadeFile } from '../../../client/shared/cascade-file';
import { SHIPPED_CALENDAR } from '../../../domain/calendar';
import { buildReport } from '../../../domain/report/build';
import { reportSetup } from '../../../domain/report/setup';

const FILE = path.resolve(__dirname, '../../../examples/ct21-yte-thanhhoa-2025.yaml');

describe('examples/ct21-yte-thanhhoa-2025.yaml', () => {
  const loaded = loadCascadeFile(FILE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const cascade = loaded.value;
  const setup = reportSetup(cascade, 2026, SHIPPED_CALENDAR);

  it('has no district level: regional centres with commune stations under them', () => {
    const levels = new Map(setup.units.map((u) => [u.id, cascade.org.children!.find((c) => c.id === u.id)?.level]));
    const regional = setup.units.filter((u) => levels.get(u.id) === 'Trung tâm Y tế khu vực');
    expect(regional).toHaveLength(3);
    for (const r of regional) expect(setup.units.filter((u) => u.parentId === r.id).length).toBeGreaterThan(1);
    expect(setup.units.some((u) => /huyện/.test(u.name))).toBe(false);
  });

  it('reports the section III health indicators, summed by parts', () => {
    const entries = setup.units.map((u, i) => ({
      unitId: u.id,
      unitName: u.name,
      values: { so_luot_tu_van_sksss: 100 + i, ty_le_kham_thai_4_lan: { numerator: 8 + (i % 3), denominator: 10 }, so_luot_tu_van_vi_thanh_nien: 5 },
      narrative: `Kết quả của ${u.name}.`,
      late: false,
      submittedAt: '2026-11-20T02:00:00.000Z',
    }));
    const doc = buildReport({ setup, issuerId: cascade.org.id, entries, date: '2026-11-30' });
    const num = entries.reduce((s, e) => s + e.values.ty_le_kham_thai_4_lan.numerator, 0);
    const rate = String(Math.round((1000 * num) / (10 * entries.length)) / 10).replace('.', ',');
    const byId = Object.fromEntries(doc.digest.indicators.map((i) => [i.id, i.text]));
    expect(byId.ty_le_kham_thai_4_lan).toBe(`${rate} % (${num}/${10 * entries.length} phụ nữ mang thai)`);
    expect(byId.so_luot_tu_van_sksss).toBe(`${entries.reduce((s, e) => s + e.values.so_luot_tu_van_sksss, 0).toLocaleString('de-DE')} lượt`);
    const table = doc.body.find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' && table.rows.some((r) => r.kind === 'group' && r.text.startsWith('Nhóm III. Chăm sóc sức khỏe sinh sản'))).toBe(true);
    expect(doc.recipients.map((r) => r.text)).toContain('- Công đoàn ngành Y tế Thanh Hóa (để p/h);');
  });
});
