/**
 * The Vietnamese working-day calendar: pure functions, safe inside workflows.
 * Every function takes the {@link CalendarData} as an argument. Workflow code
 * imports `./pure` (the same functions, without the data schema and the shipped
 * calendar, which cost every workflow run a zod build and a JSON parse).
 */
export * from './data';
export * from './check-data';
export * from './pure';
export { SHIPPED_CALENDAR } from './shipped';
