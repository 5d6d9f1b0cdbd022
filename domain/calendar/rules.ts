/**
 * Holidays as the Labour Code 2019 defines them (art. 112), before any yearly
 * announcement: a fallback for years the data does not cover yet.
 */
import type { HolidayKey } from './data';
import { addCalendarDays, formatIsoDate, weekday } from './iso-date';
import { hungKingsDate, tetDate } from './lunar';
import type { SpecialDay } from './special-day';

function fixed(year: number, month: number, day: number): string {
  return formatIsoDate({ year, month, day });
}

function isWeekend(iso: string): boolean {
  const d = weekday(iso);
  return d === 0 || d === 6;
}

/**
 * The statutory days off of a year, with compensatory days: art. 111(3) gives
 * the next working day off when a holiday falls on the weekly rest day.
 * Defaults where the law leaves a choice to the yearly announcement: Tết is the
 * last day of the old lunar year plus the first four of the new one; the day
 * adjacent to 2/9 is 1/9.
 * @returns days in date order, all `source: 'rule'`
 */
export function ruleHolidays(year: number): SpecialDay[] {
  const tet = tetDate(year);
  const holidays: Array<[string, HolidayKey, string]> = [
    [fixed(year, 1, 1), 'new-year', 'Tết Dương lịch'],
    ...[-1, 0, 1, 2, 3].map((k): [string, HolidayKey, string] => [addCalendarDays(tet, k), 'tet', 'Tết Nguyên đán']),
    [hungKingsDate(year), 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
    [fixed(year, 4, 30), 'reunification', 'Ngày Chiến thắng (30/4)'],
    [fixed(year, 5, 1), 'labour-day', 'Ngày Quốc tế Lao động (1/5)'],
    [fixed(year, 9, 1), 'national-day', 'Quốc khánh (ngày liền kề 2/9)'],
    [fixed(year, 9, 2), 'national-day', 'Quốc khánh (2/9)'],
  ];
  holidays.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const taken = new Set(holidays.map(([date]) => date));
  const days: SpecialDay[] = [];
  for (const [date, holiday, name] of holidays) {
    days.push({ date, status: 'off', name, holiday, source: 'rule' });
    if (!isWeekend(date)) continue;
    let comp = addCalendarDays(date, 1);
    while (isWeekend(comp) || taken.has(comp)) comp = addCalendarDays(comp, 1);
    taken.add(comp);
    days.push({ date: comp, status: 'off', name: `Nghỉ bù ${name}`, holiday, source: 'rule' });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
