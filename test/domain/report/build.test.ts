/**
 * The report document model: Decree 30/2020 elements, party header, figures checked
 * against values computed here from the sample reports, names of missing units.
 */
import { buildReport } from '../../../domain/report/build';
import type { ReportBlock, ReportDocument } from '../../../domain/report/model';
import { carriedEntries, MAX_CARRIED_TEXT, MAX_CARRIED_TEXT_TOTAL, MAX_CARRIED_UNITS, missingNames } from '../../../domain/report/carry';
import { formatVnNumber, formatVnPercent, placeDateLine } from '../../../domain/report/vn-number';
import { sampleReports } from './sample';

const text = (d: ReportDocument): string =>
  d.body
    .map((b: ReportBlock) => (b.kind === 'table' ? b.rows.map((r) => (r.kind === 'group' ? r.text : r.cells.join(' | '))).join('\n') : b.kind === 'bullets' ? b.items.join('\n') : b.text))
    .join('\n');

describe('Vietnamese numbers and dates', () => {
  it.each([
    [35.5, '35,5'],
    [1234.5, '1.234,5'],
    [1234567, '1.234.567'],
    [0.125, '0,13'],
    [-2.5, '-2,5'],
    [0, '0'],
  ])('%p → %p', (n, s) => expect(formatVnNumber(n)).toBe(s));
  it('percent with a space, two decimals as given or one when computed', () => {
    expect(formatVnPercent(35.5)).toBe('35,5 %');
    expect(formatVnPercent(37.25)).toBe('37,25 %');
    expect(formatVnPercent(35.54, 1)).toBe('35,5 %');
  });
  it.each([
    ['2018-08-09', 'Thanh Hóa, ngày 09 tháng 8 năm 2018'],
    ['2027-02-05', 'Thanh Hóa, ngày 05 tháng 02 năm 2027'],
    ['2027-11-24', 'Thanh Hóa, ngày 24 tháng 11 năm 2027'],
  ])('place-date line of %p', (d, line) => expect(placeDateLine('Thanh Hóa', d)).toBe(line));
});

describe('the yearly report of the sector committee', () => {
  const { setup, entries } = sampleReports(2027, ['tyt-hoang-tien', 'bv-mat']);
  const root = setup.units[0]!;
  const doc = buildReport({
    setup,
    issuerId: root.id,
    entries,
    assessment: { narrative: 'Các đơn vị đã triển khai nghiêm túc.', sections: { directions: 'Tiếp tục đào tạo cán bộ nữ.' } },
    date: '2027-11-27',
  });

  it('has the state header, number and symbol, place-date line, type and trích yếu', () => {
    expect(doc.nationalHeading).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(doc.parentBody).toBe('SỞ Y TẾ THANH HÓA');
    expect(doc.issuingBody).toBe('BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ NGÀNH Y TẾ THANH HÓA');
    expect(doc.numberLine).toMatch(/^Số:\s+\/BC-BVSTBCPN$/);
    expect(doc.placeDateLine).toBe('Thanh Hóa, ngày 27 tháng 11 năm 2027');
    expect(doc.typeName).toBe('BÁO CÁO');
    expect(doc.summary).toBe('Kết quả thực hiện Chỉ thị 21-CT/TW về công tác phụ nữ trong ngành Y tế Thanh Hóa năm 2027');
    expect(doc.signature).toEqual({ lines: ['TRƯỞNG BAN'], name: 'Trịnh Đình Khải' });
    // The seed's "Nơi nhận": the director of the Health Department and the provincial labour federation's
    // committee to report to, the sector committee's members and the trade union to coordinate.
    expect(doc.recipients.map((r) => r.text)).toEqual([
      '- Sở Nội vụ tỉnh Thanh Hóa (để b/c);',
      '- Sở Y tế Thanh Hóa (để b/c);',
      '- Ban Vì sự tiến bộ của phụ nữ Liên đoàn Lao động tỉnh Thanh Hóa (để b/c);',
      '- Thành viên Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa (để p/h);',
      '- Công đoàn ngành Y tế Thanh Hóa (để p/h);',
      '- Lưu: VT, BVSTBCPN.',
    ]);
    expect(doc.draftMark).toBeUndefined();
  });

  it('has the four sections in order', () => {
    const headings = doc.body.filter((b) => b.kind === 'heading' && b.level === 1).map((b) => (b as { text: string }).text);
    expect(headings).toEqual(['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2028', 'IV. KIẾN NGHỊ, ĐỀ XUẤT']);
  });

  it('prints figures computed from the units\' own values', () => {
    const sum = (f: (v: (typeof entries)[number]['values']) => number) => entries.reduce((s, e) => s + f(e.values), 0);
    const events = sum((v) => v.so_su_kien_truyen_thong as number);
    const num = sum((v) => (v.ty_le_nu_lanh_dao as { numerator: number }).numerator);
    const den = sum((v) => (v.ty_le_nu_lanh_dao as { denominator: number }).denominator);
    const yes = entries.filter((e) => e.values.co_ban_vstbcpn === true).length;
    const rate = Math.round((1000 * num) / den) / 10;
    const byId = Object.fromEntries(doc.digest.indicators.map((i) => [i.id, i.text]));
    expect(byId.so_su_kien_truyen_thong).toBe(`${events.toLocaleString('de-DE')} sự kiện`);
    expect(byId.ty_le_nu_lanh_dao).toBe(`${String(rate).replace('.', ',')} % (${num}/${den} cán bộ lãnh đạo, quản lý)`);
    expect(byId.co_ban_vstbcpn).toBe(`${yes}/${entries.length} đơn vị`);
    expect(doc.digest).toMatchObject({ expected: setup.units.length, received: setup.units.length - 2 });
  });

  it('names the missing and late units, and carries every unit\'s narrative and sections by name', () => {
    expect(doc.digest.missing.sort()).toEqual(['Bệnh viện Mắt Thanh Hóa', 'Trạm Y tế xã Hoằng Tiến']);
    const body = text(doc);
    expect(body).toContain('Đơn vị chưa gửi báo cáo (2 đơn vị): ');
    expect(body).not.toMatch(/tyt-hoang-tien|bv-mat/);
    for (const e of entries) expect(body).toContain(e.narrative);
    const late = entries.filter((e) => e.late).map((e) => e.unitName);
    expect(late.length).toBeGreaterThan(0);
    expect(doc.digest.late).toEqual(late);
    const withShortcomings = entries.filter((e) => e.sections?.shortcomings);
    for (const e of withShortcomings) expect(body).toContain(`${e.unitName}: Kinh phí cho hoạt động truyền thông còn hạn chế.`);
    expect(body).toContain('Các đơn vị đã triển khai nghiêm túc.');
    expect(body).toContain('Tiếp tục đào tạo cán bộ nữ.');
  });

  it('prints no number the English way', () => {
    expect(text(doc)).not.toMatch(/\d\.\d{1,2}\s*%|\d,\d{3}\b(?!,)/);
  });

  it('is a progress report before the body reported, and a subtree report for one unit', () => {
    const progress = buildReport({ setup, issuerId: 'ttyt-hoang-hoa', entries, date: '2027-11-12', progress: true });
    expect(progress.draftMark).toBe('BÁO CÁO TIẾN ĐỘ');
    expect(progress.summary).toMatch(/^Tình hình, kết quả /);
    expect(progress.parentBody).toBe('BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ NGÀNH Y TẾ THANH HÓA');
    expect(progress.recipients[0]!.text).toBe('- Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa (để b/c);');
    const sub = setup.units.filter((u) => u.id === 'ttyt-hoang-hoa' || u.parentId === 'ttyt-hoang-hoa');
    expect(progress.digest).toMatchObject({ expected: sub.length, missing: ['Trạm Y tế xã Hoằng Tiến'] });
  });

  it('uses the party header and hyphenated number for a party body', () => {
    const party = { ...setup, units: setup.units.map((u, i) => (i === 0 ? { ...u, system: 'party' as const, symbol: 'TU' } : u)) };
    const d = buildReport({ setup: party, issuerId: root.id, entries, date: '2027-11-27' });
    expect(d.nationalHeading).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM']);
    expect(d.numberLine).toMatch(/^Số\s+-BC\/TU$/);
  });

  it('refuses an issuer outside the cycle', () => {
    expect(() => buildReport({ setup, issuerId: 'khong-co', entries, date: '2027-11-27' })).toThrow(/khong-co/);
  });
});

describe('carrying reports up', () => {
  it('puts the unit first with its assessment, then every child entry, and cuts long texts', () => {
    const long = 'x'.repeat(MAX_CARRIED_TEXT + 50);
    const child = { unitId: 'c', unitName: 'Con', values: {}, narrative: 'n', late: true, submittedAt: 't' };
    const out = carriedEntries({ id: 'p', name: 'Cha' }, { values: { a: 1 }, narrative: long, late: false }, { narrative: 'Đánh giá' }, [{ units: [child] }, {}], '2027-11-20T00:00:00Z')!;
    expect(out.map((e) => e.unitId)).toEqual(['p', 'c']);
    expect(out[0]).toMatchObject({ unitName: 'Cha', assessment: { narrative: 'Đánh giá' }, submittedAt: '2027-11-20T00:00:00Z' });
    expect(out[0]!.narrative).toHaveLength(MAX_CARRIED_TEXT);
    expect(out[1]).toBe(child);
  });
});

describe('carrying stays within the payload limit', () => {
  const entry = (i: number, text: string) => ({ unitId: `u${i}`, unitName: `Đơn vị ${i}`, values: { a: i }, narrative: text, late: false, submittedAt: 't' });
  it('cuts every text when a subtree carries too much, keeping every unit and its values', () => {
    const units = Array.from({ length: 400 }, (_, i) => entry(i, 'y'.repeat(3000)));
    const out = carriedEntries({ id: 'p', name: 'Cha' }, { values: {}, narrative: 'x' }, null, [{ units, coveredUnits: 400 }], 't')!;
    expect(out).toHaveLength(401);
    expect(out.reduce((n, e) => n + e.narrative.length, 0)).toBeLessThanOrEqual(MAX_CARRIED_TEXT_TOTAL);
    expect(out.map((e) => e.values)).toEqual([{}, ...units.map((u) => u.values)]);
  });
  it('carries nothing past the unit limit, or when a child sent no entries (older run)', () => {
    const many = Array.from({ length: MAX_CARRIED_UNITS }, (_, i) => entry(i, 'n'));
    expect(carriedEntries({ id: 'p', name: 'Cha' }, { values: {}, narrative: 'x' }, null, [{ units: many, coveredUnits: many.length }], 't')).toBeUndefined();
    expect(carriedEntries({ id: 'p', name: 'Cha' }, { values: {}, narrative: 'x' }, null, [{ coveredUnits: 3 }], 't')).toBeUndefined();
  });
});

describe('missing units by name', () => {
  it('names direct children and keeps the names their reports carried; an id only when no name is known', () => {
    expect(missingNames(['a', 'b'], { a: 'Trạm Y tế xã A' }, [{ missingUnitIds: ['c'], missingUnitNames: ['Trạm Y tế xã C'] }, { missingUnitIds: ['d'] }])).toEqual(['Trạm Y tế xã A', 'b', 'Trạm Y tế xã C', 'd']);
  });
});
