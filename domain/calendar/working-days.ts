import type { CalendarData } from './data';
import { addCalendarDays } from './iso-date';
import { isWorkingDay } from './special-days';

/** Guards against data that declares no working day for months on end. */
const MAX_SCAN_DAYS = 3660;

/**
 * Steps over working days, in the sense officials count them ("trong 5 ngày làm việc").
 *
 * - `n > 0`: the n-th working day strictly after `isoDate`. The start itself never
 *   counts, whether or not it is a working day: +1 from Friday 2026-02-13 is
 *   Monday 2026-02-23 (Tết in between); +1 from a Saturday is the next working day.
 * - `n < 0`: the |n|-th working day strictly before `isoDate` (mirror image).
 * - `n = 0`: `isoDate` itself when it is a working day, otherwise the next working day
 *   (so "0 working days after a Sunday" is Monday).
 *
 * @param isoDate `YYYY-MM-DD`, a civil date in Vietnam
 * @param n an integer number of working days
 * @param data calendar data
 * @returns an ISO date that is always a working day
 * @throws RangeError for an invalid date, a non-integer n, or data with no working day within ten years
 */
export function addWorkingDays(isoDate: string, n: number, data: CalendarData): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
  if (n === 0) return nextWorkingDayOnOrAfter(isoDate, data);
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let d = isoDate;
  let scanned = 0;
  while (remaining > 0) {
    d = addCalendarDays(d, step);
    if (isWorkingDay(d, data)) remaining--;
    if (++scanned > MAX_SCAN_DAYS + Math.abs(n) * 7) throw new RangeError('no working day found: check the calendar data');
  }
  return d;
}

/** @returns `isoDate` if it is a working day, else the first working day after it */
export function nextWorkingDayOnOrAfter(isoDate: string, data: CalendarData): string {
  let d = isoDate;
  for (let i = 0; !isWorkingDay(d, data); i++) {
    if (i > MAX_SCAN_DAYS) throw new RangeError('no working day found: check the calendar data');
    d = addCalendarDays(d, 1);
  }
  return d;
}

/**
 * Inverse of {@link addWorkingDays} for working-day targets.
 * @returns for `from <= to` the working days in (`from`, `to`]; for `to < from` minus the
 *   working days in [`to`, `from`). So `addWorkingDays(from, workingDaysBetween(from, to))`
 *   is `to` whenever `to` is a working day.
 */
export function workingDaysBetween(from: string, to: string, data: CalendarData): number {
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  // (lo, hi] when counting forwards, [lo, hi) when counting backwards
  for (let d = sign > 0 ? addCalendarDays(lo, 1) : lo; sign > 0 ? d <= hi : d < hi; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d, data)) count++;
  }
  return sign * count;
}
