/**
 * The calendar's functions without its data schema: what workflow code imports.
 * Everything here is plain arithmetic on dates and the {@link CalendarData} it is
 * given. The index adds the zod schema of the data and the shipped calendar,
 * which parses a JSON file when its module is evaluated; the workflow sandbox
 * evaluates a run's modules when the run is created, so importing the index from
 * workflow code would build that schema and parse that file once per unit.
 */
export type { CalendarData, HolidayKey } from './data';
export * from './iso-date';
export { tetDate, hungKingsDate, lunarToIsoDate } from './lunar';
export { ruleHolidays } from './rules';
export type { SpecialDay } from './special-day';
export { specialDays, isWorkingDay } from './special-days';
export { addWorkingDays, nextWorkingDayOnOrAfter, workingDaysBetween } from './working-days';
