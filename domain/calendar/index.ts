/**
 * The Vietnamese working-day calendar: pure functions, safe inside workflows.
 * Every function takes the {@link CalendarData} as an argument.
 */
export * from './data';
export * from './check-data';
export * from './iso-date';
export { tetDate, hungKingsDate, lunarToIsoDate } from './lunar';
export { ruleHolidays } from './rules';
export type { SpecialDay } from './special-day';
export { specialDays, isWorkingDay } from './special-days';
export { addWorkingDays, nextWorkingDayOnOrAfter, workingDaysBetween } from './working-days';
export { SHIPPED_CALENDAR } from './shipped';
