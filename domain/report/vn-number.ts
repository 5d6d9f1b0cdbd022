/**
 * Numbers as Vietnamese administrative text: "1.234,5", "35,5 %". Written by hand
 * rather than with Intl so the output is the same in the workflow sandbox, on
 * every Node build (small-ICU or full) and in every test.
 */

/**
 * @param n a finite number
 * @param maxFractionDigits decimals kept (trailing zeros dropped)
 * @returns e.g. `formatVnNumber(1234.5)` → "1.234,5"
 */
export function formatVnNumber(n: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const factor = 10 ** maxFractionDigits;
  const rounded = Math.round(Math.abs(n) * factor) / factor;
  const [int, frac = ''] = rounded.toFixed(maxFractionDigits).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const trimmed = frac.replace(/0+$/, '');
  const sign = n < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${grouped}${trimmed ? `,${trimmed}` : ''}`;
}

/**
 * @param n a percentage (35.5 means 35,5 %)
 * @param maxFractionDigits decimals kept: 2 for a rate as a unit gave it, 1 for a computed one
 * @returns e.g. "35,5 %"
 */
export function formatVnPercent(n: number, maxFractionDigits = 2): string {
  return `${formatVnNumber(n, maxFractionDigits)} %`;
}

/**
 * @param isoDate a calendar date "YYYY-MM-DD"
 * @returns "dd/mm/yyyy", e.g. "14/12/2027"
 */
export function formatVnShortDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The place and date line of an administrative document (Decree 30/2020 art. 8 and
 * appendix I): days below 10 and the months 1 and 2 take a leading zero.
 * @param place the issuer's province or city, e.g. "Thanh Hóa"
 * @param isoDate the signing date "YYYY-MM-DD"
 * @returns e.g. "Thanh Hóa, ngày 09 tháng 8 năm 2018"
 */
export function placeDateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const month = m <= 2 ? `0${m}` : String(m);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${month} năm ${y}`;
}
