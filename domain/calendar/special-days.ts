/**
 * The resolved calendar of a year: rules, overlaid by the official schedule.
 * Results are cached per data object (a WeakMap, so each workflow's own input
 * gets its own cache and nothing outlives it).
 */
import type { CalendarData, HolidayKey } from './data';
import { addCalendarDays, parseIsoDate, toDayNumber, weekday } from './iso-date';
import { ruleHolidays } from './rules';
import type { SpecialDay } from './special-day';

const cache = new WeakMap<CalendarData, Map<number, Map<string, SpecialDay>>>();
const MAX_ENTRY_SPAN_DAYS = 31;

function officialDays(year: number, data: CalendarData): SpecialDay[] {
  const days: SpecialDay[] = [];
  for (const official of Object.values(data.years)) {
    for (const e of official.entries) {
      const last = e.to ?? e.from;
      const span = toDayNumber(last) - toDayNumber(e.from);
      if (span < 0 || span > MAX_ENTRY_SPAN_DAYS) continue; // rejected by validateCalendarData; never loop wild
      for (let d = e.from; d <= last; d = addCalendarDays(d, 1)) {
        if (parseIsoDate(d).year !== year) continue;
        days.push({ date: d, status: e.status, name: e.name, ...(e.holiday ? { holiday: e.holiday } : {}), source: 'official' });
      }
    }
  }
  return days;
}

function resolveYear(year: number, data: CalendarData): Map<string, SpecialDay> {
  let perData = cache.get(data);
  if (!perData) cache.set(data, (perData = new Map<number, Map<string, SpecialDay>>()));
  let resolved = perData.get(year);
  if (resolved) return resolved;
  const official = officialDays(year, data);
  const announced = new Set<HolidayKey>(official.flatMap((d) => (d.holiday ? [d.holiday] : [])));
  resolved = new Map<string, SpecialDay>();
  for (const d of ruleHolidays(year)) if (!d.holiday || !announced.has(d.holiday)) resolved.set(d.date, d);
  for (const d of official) resolved.set(d.date, d);
  perData.set(year, resolved);
  return resolved;
}

/**
 * Every special day of a year: statutory holidays (also those on weekends),
 * compensatory days off and compensatory working days (usually Saturdays).
 * @param year Gregorian year
 * @param data calendar data (shipped official schedules, possibly merged with more)
 * @returns days in date order
 */
export function specialDays(year: number, data: CalendarData): SpecialDay[] {
  return [...resolveYear(year, data).values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * @param isoDate `YYYY-MM-DD`, a civil date in Vietnam
 * @param data calendar data
 * @returns true for Monday–Friday that is not a day off, and for compensatory working days
 * @throws RangeError for an invalid date
 */
export function isWorkingDay(isoDate: string, data: CalendarData): boolean {
  const special = resolveYear(parseIsoDate(isoDate).year, data).get(isoDate);
  if (special) return special.status === 'working';
  const d = weekday(isoDate);
  return d !== 0 && d !== 6;
}
