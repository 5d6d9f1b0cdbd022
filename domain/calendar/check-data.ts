import { z } from 'zod';
import { calendarDataSchema, type CalendarData } from './data';
import { parseIsoDate, toDayNumber } from './iso-date';

/** A problem in calendar data, with the path of the offending value. */
export interface CalendarDataProblem {
  path: Array<string | number>;
  message: string;
}

/** Longest block one entry may describe; Tết blocks are 9 days at most in practice. */
export const MAX_ENTRY_DAYS = 31;

/**
 * Parses and checks calendar data: shape, then that each entry lies in its
 * year, runs forwards and spans at most {@link MAX_ENTRY_DAYS} days.
 * @returns the data, or every problem found
 */
export function parseCalendarData(input: unknown): { ok: true; data: CalendarData } | { ok: false; problems: CalendarDataProblem[] } {
  const parsed = calendarDataSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.map(pathKey), message: i.message })) };
  }
  const problems: CalendarDataProblem[] = [];
  for (const [year, official] of Object.entries(parsed.data.years)) {
    official.entries.forEach((e, i) => {
      const path = ['years', year, 'entries', i];
      const to = e.to ?? e.from;
      if (parseIsoDate(e.from).year !== Number(year) || parseIsoDate(to).year !== Number(year)) {
        problems.push({ path, message: `ngày phải thuộc năm ${year}` });
      }
      const span = toDayNumber(to) - toDayNumber(e.from);
      if (span < 0) problems.push({ path: [...path, 'to'], message: '"to" phải không sớm hơn "from"' });
      else if (span >= MAX_ENTRY_DAYS) problems.push({ path: [...path, 'to'], message: `một mục dài tối đa ${MAX_ENTRY_DAYS} ngày` });
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, data: parsed.data };
}

function pathKey(k: PropertyKey): string | number {
  return typeof k === 'symbol' ? String(k) : k;
}

/** The JSON Schema of calendar data files, for editors. */
export function calendarDataJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(calendarDataSchema, { io: 'input' });
}
