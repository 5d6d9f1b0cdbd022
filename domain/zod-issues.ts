/**
 * Turns a zod validation error into the field-specific lines a person reads.
 * Only zod's types are imported: workflow code describes errors of schemas it
 * loaded on demand without evaluating zod itself.
 */
import type { z } from 'zod';

/**
 * Flattens a zod error to `path: message` lines, e.g. `values.women_leaders: ...`.
 * @returns one line per problem
 */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(gốc)'}: ${i.message}`);
}
