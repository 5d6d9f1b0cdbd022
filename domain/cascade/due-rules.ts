/**
 * How a template's deadlines are read, as plain constants: the schema
 * (`./schema`) builds its enums from them, and the deadline arithmetic that runs
 * inside workflows reads them without evaluating zod.
 */

/** How "trước ngày 25/11" is read: due by the end of the day before, or of the day itself. */
export const DUE_INTERPRETATIONS = ['end-of-previous-day', 'end-of-day'] as const;

/**
 * What happens when the last on-time day is not a working day: kept as is, or moved to
 * the previous working day (a reporting chain needs its figures before the day off), or
 * to the next one (Civil Code 2015 art. 148(5): a time limit ending on a day off ends
 * with the next working day).
 */
export const NON_WORKING_DAY_RULES = ['keep', 'previous-working-day', 'next-working-day'] as const;
export type NonWorkingDayRule = (typeof NON_WORKING_DAY_RULES)[number];
