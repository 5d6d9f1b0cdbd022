/**
 * Dates and times as Vietnamese administrative text. Vietnam is UTC+7 all year
 * (no daylight saving), so a fixed offset is exact and needs no time-zone data.
 */
const VN_OFFSET_MS = 7 * 3600_000;

function vnParts(iso: string | number | Date): { y: number; mo: number; d: number; h: number; mi: number } | undefined {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return undefined;
  const v = new Date(t + VN_OFFSET_MS);
  return { y: v.getUTCFullYear(), mo: v.getUTCMonth() + 1, d: v.getUTCDate(), h: v.getUTCHours(), mi: v.getUTCMinutes() };
}

// Decree 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero.
const day = (d: number) => String(d).padStart(2, '0');
const month = (m: number) => (m <= 2 ? `0${m}` : String(m));

/**
 * @param iso an instant
 * @returns e.g. "ngày 24 tháng 11 năm 2026" (calendar day in Vietnam), or the input if unparsable
 */
export function formatVnDate(iso: string | number | Date): string {
  const p = vnParts(iso);
  return p ? `ngày ${day(p.d)} tháng ${month(p.mo)} năm ${p.y}` : String(iso);
}

/**
 * @param iso an instant
 * @returns e.g. "17 giờ 00, ngày 24 tháng 11 năm 2026 (giờ Việt Nam)"; an instant at the
 *   last minute of a day reads "hết ngày 24 tháng 11 năm 2026 (giờ Việt Nam)"
 */
export function formatVnDateTime(iso: string | number | Date): string {
  const p = vnParts(iso);
  if (!p) return String(iso);
  const date = `ngày ${day(p.d)} tháng ${month(p.mo)} năm ${p.y}`;
  if (p.h === 23 && p.mi === 59) return `hết ${date} (giờ Việt Nam)`;
  return `${String(p.h).padStart(2, '0')} giờ ${String(p.mi).padStart(2, '0')}, ${date} (giờ Việt Nam)`;
}

/** @returns e.g. "1.234,5" — Vietnamese digit grouping */
export function formatVnNumber(n: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
}

/**
 * @param iso an instant
 * @returns the calendar day in Vietnam as "dd/mm/yyyy" (tables, CLI), or "-" when absent or unparsable
 */
export function formatVnShortDate(iso: string | number | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '-';
  const p = vnParts(iso);
  return p ? `${String(p.d).padStart(2, '0')}/${String(p.mo).padStart(2, '0')}/${p.y}` : '-';
}

/**
 * @param iso an instant
 * @returns e.g. "24/11/2026 17:05" in Vietnam time (tables: audit entries, chart axes), or "-" when absent or unparsable
 */
export function formatVnShortDateTime(iso: string | number | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '-';
  const p = vnParts(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return p ? `${two(p.d)}/${two(p.mo)}/${p.y} ${two(p.h)}:${two(p.mi)}` : '-';
}
