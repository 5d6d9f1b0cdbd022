/**
 * Lunar anchors of the Vietnamese calendar. date-chinese does the astronomy;
 * its Vietnamese variant uses UTC+7 for the new moon, which is what makes Tết
 * differ from Chinese New Year in some years (e.g. 1985, 2007).
 */
import { CalendarVietnamese } from 'date-chinese';
import { formatIsoDate } from './iso-date';

const cache = new Map<string, string>();

/**
 * @param gregorianYear the Gregorian year in which the lunar year starts
 * @param month lunar month 1–12 (never the leap month)
 * @param day lunar day 1–30
 * @returns the ISO date of that lunar day
 */
export function lunarToIsoDate(gregorianYear: number, month: number, day: number): string {
  const key = `${gregorianYear}-${month}-${day}`;
  let iso = cache.get(key);
  if (iso === undefined) {
    const cal = new CalendarVietnamese();
    cal.set(0, 0, month, 0, day);
    iso = formatIsoDate(cal.toGregorian(gregorianYear));
    cache.set(key, iso);
  }
  return iso;
}

/** @returns the date of Tết Nguyên đán (1/1 lunar) in that Gregorian year */
export function tetDate(year: number): string {
  return lunarToIsoDate(year, 1, 1);
}

/** @returns the date of Giỗ Tổ Hùng Vương (10/3 lunar) in that Gregorian year */
export function hungKingsDate(year: number): string {
  return lunarToIsoDate(year, 3, 10);
}
