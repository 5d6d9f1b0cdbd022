/**
 * What a unit sends up besides its roll-up: every unit's own report of its subtree,
 * named by unit, so the body at the top can print each unit's narrative and the
 * missing ones by name. Pure; called by the unit workflow when it reports.
 */
import type { IndicatorValue, ReportSections } from '../actions';
import type { UnitEntry } from './model';

/** A carried narrative (or section) is cut at this length. */
export const MAX_CARRIED_TEXT = 4000;
/**
 * The root's roll-up travels in one signal and the final report in one activity
 * input, both under Temporal's 2 MB payload limit: past this many characters of text
 * in a subtree, every carried text is cut shorter, and past {@link MAX_CARRIED_UNITS}
 * units nothing is carried (the report is then built when the mail goes out, through queries).
 */
export const MAX_CARRIED_TEXT_TOTAL = 400_000;
export const MAX_CARRIED_UNITS = 1000;

const cutTo = (t: string, max: number): string => (t.length > max ? `${t.slice(0, max - 1)}…` : t);
const cut = (t: string): string => cutTo(t, MAX_CARRIED_TEXT);

function cutSections(s: ReportSections | undefined, max = MAX_CARRIED_TEXT): ReportSections | undefined {
  if (!s) return undefined;
  const out: ReportSections = {};
  for (const k of ['shortcomings', 'directions', 'recommendations'] as const) if (s[k]) out[k] = cutTo(s[k], max);
  return out;
}

const textLength = (e: UnitEntry): number =>
  e.narrative.length + Object.values(e.sections ?? {}).reduce((n, t) => n + (t?.length ?? 0), 0) + (e.assessment?.narrative.length ?? 0);

/** Cuts every text of the entries so that their total stays within the budget. */
function withinBudget(entries: UnitEntry[]): UnitEntry[] {
  const total = entries.reduce((n, e) => n + textLength(e), 0);
  if (total <= MAX_CARRIED_TEXT_TOTAL) return entries;
  const max = Math.max(200, Math.floor(MAX_CARRIED_TEXT_TOTAL / entries.length / 3));
  return entries.map((e) => ({
    ...e,
    narrative: cutTo(e.narrative, max),
    ...(e.sections ? { sections: cutSections(e.sections, max)! } : {}),
    ...(e.assessment ? { assessment: { narrative: cutTo(e.assessment.narrative, max), ...(e.assessment.sections ? { sections: cutSections(e.assessment.sections, max)! } : {}) } } : {}),
  }));
}

/** The unit's own report as kept in its workflow memory. */
export interface OwnReport {
  values: Record<string, IndicatorValue>;
  narrative: string;
  sections?: ReportSections;
  late?: boolean;
  submittedAt?: string;
}

/**
 * @param unit the reporting unit
 * @param own its own report, if it gave one
 * @param assessment its consolidation (overall assessment), if it consolidated
 * @param children the reports its children sent (only entries they carried count)
 * @param fallbackAt ISO instant used when the own report has no time (reports kept before this field)
 * @returns every unit entry of the subtree, the unit's own first, then its children's; undefined
 *   when the subtree is too large to carry or a child sent none (a report from an older run)
 */
export function carriedEntries(
  unit: { id: string; name: string },
  own: OwnReport | null,
  assessment: { narrative: string; sections?: ReportSections } | null,
  children: { units?: UnitEntry[]; coveredUnits?: number }[],
  fallbackAt: string,
): UnitEntry[] | undefined {
  if (children.some((c) => !c.units && (c.coveredUnits ?? 0) > 0)) return undefined;
  if (children.reduce((n, c) => n + (c.units?.length ?? 0), 0) + 1 > MAX_CARRIED_UNITS) return undefined;
  const mine: UnitEntry[] = own
    ? [
        {
          unitId: unit.id,
          unitName: unit.name,
          values: own.values,
          narrative: cut(own.narrative),
          ...(own.sections ? { sections: cutSections(own.sections)! } : {}),
          ...(assessment ? { assessment: { narrative: cut(assessment.narrative), ...(assessment.sections ? { sections: cutSections(assessment.sections)! } : {}) } } : {}),
          late: own.late ?? false,
          submittedAt: own.submittedAt ?? fallbackAt,
        },
      ]
    : [];
  return withinBudget([...mine, ...children.flatMap((c) => c.units ?? [])]);
}

/**
 * @param missingChildIds direct children that have not reported
 * @param childNames names of the direct children (absent in older runs)
 * @param reports the children's reports, with their own missing units
 * @returns names of every missing unit of the subtree (an id where no name is known)
 */
export function missingNames(missingChildIds: string[], childNames: Record<string, string> | undefined, reports: { missingUnitIds: string[]; missingUnitNames?: string[] }[]): string[] {
  return [...missingChildIds.map((id) => childNames?.[id] ?? id), ...reports.flatMap((r) => r.missingUnitNames ?? r.missingUnitIds)];
}

/** @returns `{ units }` when there are entries to carry, else nothing (the field stays absent) */
export function withUnits(units: UnitEntry[] | undefined): { units?: UnitEntry[] } {
  return units ? { units } : {};
}
