/**
 * The official holiday schedule as data. The Labour Code fixes which holidays
 * exist, but the exact Tết and National Day blocks and the swapped working
 * Saturdays are announced each year; a new year is added by editing JSON
 * (shipped `calendar/vn-official.json`, or `--calendar FILE`), not code.
 */
import { z } from 'zod';
import { isIsoDate } from './iso-date';

/** The statutory holidays of Labour Code 2019 art. 112, by key. */
export const HOLIDAY_KEYS = ['new-year', 'tet', 'hung-kings', 'reunification', 'labour-day', 'national-day'] as const;
/** One of {@link HOLIDAY_KEYS}. */
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

const isoDate = z.string().refine(isIsoDate, 'ngày phải theo dạng YYYY-MM-DD và có thật');

/**
 * One announced day or block. `holiday` ties an entry to a statutory holiday:
 * once a year lists any entry for a holiday, the rule-based days for that
 * holiday (including computed compensatory days) are dropped for that year.
 */
export const officialEntrySchema = z.strictObject({
  from: isoDate,
  /** Inclusive; defaults to `from`. */
  to: isoDate.optional(),
  status: z.enum(['off', 'working']),
  name: z.string().trim().min(1).max(200),
  holiday: z.enum(HOLIDAY_KEYS).optional(),
});
/** A parsed {@link officialEntrySchema}. */
export type OfficialEntry = z.infer<typeof officialEntrySchema>;

export const officialYearSchema = z.strictObject({
  /** Where the schedule was announced (document number, date). */
  source: z.string().trim().min(1).max(500),
  entries: z.array(officialEntrySchema).max(100),
});
/** A parsed {@link officialYearSchema}. */
export type OfficialYear = z.infer<typeof officialYearSchema>;

/** The whole data file: official schedules keyed by year ("2026"). */
export const calendarDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  notes: z.array(z.string()).optional(),
  years: z.record(z.string().regex(/^\d{4}$/, 'năm gồm 4 chữ số'), officialYearSchema),
});
/** Calendar data as passed to every calendar function (and to workflows as input). */
export type CalendarData = z.infer<typeof calendarDataSchema>;

/** Calendar data with no official schedules: rules only. */
export const RULES_ONLY_CALENDAR: CalendarData = { schemaVersion: 1, years: {} };

/**
 * Later data wins per year: a supplied year replaces the shipped one wholesale,
 * because an announcement is a complete statement of that year's schedule.
 * @returns a new object; inputs are not modified
 */
export function mergeCalendarData(...layers: CalendarData[]): CalendarData {
  const years: CalendarData['years'] = {};
  const notes: string[] = [];
  for (const layer of layers) {
    Object.assign(years, layer.years);
    notes.push(...(layer.notes ?? []));
  }
  return { schemaVersion: 1, ...(notes.length ? { notes } : {}), years };
}
