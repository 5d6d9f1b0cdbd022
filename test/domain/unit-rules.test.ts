/** The pure rules the unit workflow's validators use. */
import { indicatorValueProblems } from '../../domain/cycle/unit-rules';
import type { Indicator } from '../../domain/cascade/schema';

const indicators: Indicator[] = [
  { id: 'so_su_kien', label: 'Số sự kiện', type: 'number', rollup: 'sum' },
  { id: 'ty_le_nu', label: 'Tỷ lệ nữ', type: 'percent', rollup: 'mean' },
  { id: 'co_ban', label: 'Có Ban', type: 'boolean', rollup: 'all' },
  { id: 'ket_qua', label: 'Kết quả', type: 'text', rollup: 'list' },
];

describe('indicatorValueProblems', () => {
  it('accepts typed values; text may be left out', () => {
    expect(indicatorValueProblems(indicators, { so_su_kien: 3, ty_le_nu: 42.5, co_ban: true })).toEqual([]);
  });

  it('names each wrong, unknown or missing value by its path', () => {
    expect(indicatorValueProblems(indicators, { so_su_kien: '3', ty_le_nu: 120, khac: 1, ket_qua: 5 })).toEqual([
      'values.so_su_kien: phải là số',
      'values.ty_le_nu: tỷ lệ phải từ 0 đến 100',
      'values.khac: không có chỉ tiêu này',
      'values.ket_qua: phải là văn bản',
      'values.co_ban: chưa nhập',
    ]);
  });
});
