/**
 * Validation of a cascade file beyond its shape. {@link parseCascade} is the one
 * entry point for untrusted input (the CLI, the web admin, a workflow's start
 * argument); it never throws for bad input, it returns every problem found.
 */
import { DEFAULT_LIMITS, type CascadeLimits } from './limits';
import { prepareInput } from './prepare';
import type { CascadeProblem } from './problems';
import { cascadeSchema, type Cascade } from './schema';
import { checkCycle } from './validate-cycle';
import { checkOrg } from './validate-org';
import { vietnameseErrorMap, zodIssuesToProblems } from './zod-messages';

/** Outcome of {@link parseCascade}: warnings never make it fail. */
export type ParseCascadeResult =
  | { ok: true; cascade: Cascade; warnings: CascadeProblem[] }
  | { ok: false; problems: CascadeProblem[] };

/**
 * Checks a shape-valid cascade: unique ids (units, offices, indicators,
 * activity groups), tree size and depth, documents and plans issued in order
 * down the chain, report due dates preceding the level above, escalation
 * offices that exist, action windows that run forwards, roll-ups that fit
 * their indicator type. Rules that need the calendar of a given year are in
 * `computeUnitDeadlines`.
 * @returns problems, errors and warnings mixed, in file order within each section
 */
export function checkCascade(cascade: Cascade, limits: CascadeLimits = DEFAULT_LIMITS): CascadeProblem[] {
  return [...checkCycle(cascade), ...checkOrg(cascade, limits)];
}

/**
 * Parses untrusted input (already decoded from YAML or JSON) into a {@link Cascade}.
 * Strings are normalised to NFC; cyclic or oversized input is refused before
 * the schema runs.
 * @param input the decoded document
 * @param limits size bounds; defaults to {@link DEFAULT_LIMITS}
 */
export function parseCascade(input: unknown, limits: CascadeLimits = DEFAULT_LIMITS): ParseCascadeResult {
  const prepared = prepareInput(input, limits);
  if (prepared.problems.length) return { ok: false, problems: prepared.problems };
  const parsed = cascadeSchema.safeParse(prepared.value, { error: vietnameseErrorMap });
  if (!parsed.success) return { ok: false, problems: zodIssuesToProblems(parsed.error.issues) };
  const problems = checkCascade(parsed.data, limits);
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, cascade: parsed.data, warnings: problems };
}
