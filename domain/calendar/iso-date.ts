/**
 * Plain calendar-date arithmetic on ISO strings (`YYYY-MM-DD`). Everything goes
 * through `Date.UTC` so the host's time zone never leaks in: a civil date in
 * Vietnam is just a label, and instants are derived from it at a fixed UTC+7.
 */

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
/** IANA name of the only time zone this project reasons in. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A civil date as numbers; `month` is 1–12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/**
 * @returns the parts of a valid ISO date
 * @throws RangeError when the text is not an existing calendar date (e.g. 2026-02-30)
 */
export function parseIsoDate(iso: string): CivilDate {
  const m = ISO_DATE.exec(iso);
  if (m) {
    const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (isValidCivilDate(parts)) return parts;
  }
  throw new RangeError(`"${iso}" is not a valid YYYY-MM-DD date`);
}

/** @returns whether the text is an existing calendar date in `YYYY-MM-DD` form */
export function isIsoDate(iso: string): boolean {
  const m = ISO_DATE.exec(iso);
  return m !== null && isValidCivilDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

/** @returns whether month/day exist in that year (29/2 only in leap years) */
export function isValidCivilDate({ year, month, day }: CivilDate): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** @returns 28–31 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** @returns `YYYY-MM-DD`, zero-padded */
export function formatIsoDate({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01; a cheap key for ordering and stepping dates. */
export function toDayNumber(iso: string): number {
  const { year, month, day } = parseIsoDate(iso);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/**
 * @param days calendar days, may be negative
 * @returns the date `days` calendar days after `iso`
 */
export function addCalendarDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** @returns 0 = Sunday … 6 = Saturday, as `Date#getUTCDay` */
export function weekday(iso: string): number {
  return (((toDayNumber(iso) + 4) % 7) + 7) % 7;
}

/**
 * The last millisecond of a civil day in Vietnam, as an ISO UTC instant.
 * "Due 24/11" means anything stamped up to 24/11 23:59:59.999 (UTC+7) is on time.
 * @example endOfDayInstant('2026-11-24') === '2026-11-24T16:59:59.999Z'
 */
export function endOfDayInstant(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  const ms = Date.UTC(year, month - 1, day + 1) - VIETNAM_UTC_OFFSET_MINUTES * 60_000 - 1;
  return new Date(ms).toISOString();
}

/**
 * The first millisecond of a civil day in Vietnam, as an ISO UTC instant.
 * @example startOfDayInstant('2026-11-24') === '2026-11-23T17:00:00.000Z'
 */
export function startOfDayInstant(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_UTC_OFFSET_MINUTES * 60_000).toISOString();
}

/**
 * The civil date in Vietnam at an instant. Workflows pass their deterministic
 * clock (`new Date()` inside a workflow is replay-safe); domain code never reads the clock itself.
 * @param instant an ISO timestamp with offset, epoch milliseconds, or a Date
 * @throws RangeError for an unparseable instant
 */
export function dateInVietnam(instant: string | number | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  const shifted = new Date(ms + VIETNAM_UTC_OFFSET_MINUTES * 60_000);
  return formatIsoDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}
