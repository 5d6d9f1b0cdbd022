/** The cascade model, its validation, deadlines and synthetic generator. */
export * from './schema';
export * from './problems';
export * from './limits';
export { parseCascade, checkCascade, type ParseCascadeResult } from './validate';
export { ROLLUPS_BY_TYPE } from './validate-cycle';
export { computeUnitDeadlines, dueInstant, type DueDate, type UnitDeadlines, type CycleDeadlines, type DueInterpretation } from './deadlines';
export { generateCascade, type GenerateOptions, type CascadeInput } from './generate';
export { compareMonthDay, formatMonthDay, isRecurringMonthDay, monthDayInYear } from './month-day';
