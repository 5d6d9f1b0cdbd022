/**
 * Workflow ids, built and parsed in one place. Ids carry only slugs (cascade id,
 * year, org node id) and never personal data: ids and search attributes are not
 * encrypted by a payload codec and are visible to every operator.
 */

/** A stable slug: lowercase ASCII letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CYCLE_PREFIX = 'cascade';

/**
 * @param cascadeId slug of the cascade definition
 * @param year the reporting year
 * @returns the cycle workflow id, e.g. `cascade/ct21-yte-thanhhoa/2026`
 */
export function cycleWorkflowId(cascadeId: string, year: number): string {
  return `${CYCLE_PREFIX}/${cascadeId}/${year}`;
}

/**
 * @param cascadeId slug of the cascade definition
 * @param year the reporting year
 * @param unitId slug of the org node
 * @returns the unit workflow id, e.g. `cascade/ct21-yte-thanhhoa/2026/unit/bv-da-khoa-tinh`
 */
export function unitWorkflowId(cascadeId: string, year: number, unitId: string): string {
  return `${cycleWorkflowId(cascadeId, year)}/unit/${unitId}`;
}

/** What a workflow id names, as parsed by {@link parseWorkflowId}. */
export type ParsedWorkflowId =
  | { kind: 'cycle'; cascadeId: string; year: number }
  | { kind: 'unit'; cascadeId: string; year: number; unitId: string };

/**
 * Inverse of {@link cycleWorkflowId} and {@link unitWorkflowId}.
 * @returns the parts, or `undefined` when the id is not one of ours
 */
export function parseWorkflowId(id: string): ParsedWorkflowId | undefined {
  const m = /^cascade\/([a-z0-9-]+)\/(\d{4})(?:\/unit\/([a-z0-9-]+))?$/.exec(id);
  if (!m || !SLUG_PATTERN.test(m[1]!)) return undefined;
  const base = { cascadeId: m[1]!, year: Number(m[2]) };
  return m[3] ? { kind: 'unit', ...base, unitId: m[3] } : { kind: 'cycle', ...base };
}
