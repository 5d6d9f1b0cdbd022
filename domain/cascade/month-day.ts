import { formatIsoDate, isValidCivilDate } from '../calendar/iso-date';
import type { MonthDay } from './schema';

/**
 * A recurring yearly day must exist every year: 31/4 never does, and 29/2
 * only in leap years, so both are refused.
 */
export function isRecurringMonthDay({ month, day }: MonthDay): boolean {
  return !(month === 2 && day === 29) && isValidCivilDate({ year: 2025, month, day });
}

/** @returns negative, zero or positive, in calendar order within one year */
export function compareMonthDay(a: MonthDay, b: MonthDay): number {
  return a.month * 100 + a.day - (b.month * 100 + b.day);
}

/** @returns the ISO date of that day in `year` */
export function monthDayInYear(md: MonthDay, year: number): string {
  return formatIsoDate({ year, month: md.month, day: md.day });
}

/** @returns "25/11", as written in Vietnamese documents */
export function formatMonthDay({ month, day }: MonthDay): string {
  return `${day}/${month}`;
}
