/**
 * What a unit sends up besides its roll-up: every unit's own report of its subtree,
 * named by unit, so the body at the top can print each unit's narrative and the
 * missing ones by name. Pure; called by the unit workflow when it reports.
 */
import type { IndicatorValue, ReportSections } from '../actions';
import type { UnitEntry } from './model';

/**
 * A carried narrative is cut at this length: the root's roll-up travels in one
 * signal, and 5,000 units × 4,000 characters stays under the payload limit.
 */
export const MAX_CARRIED_TEXT = 4000;

const cut = (t: string): string => (t.length > MAX_CARRIED_TEXT ? `${t.slice(0, MAX_CARRIED_TEXT - 1)}…` : t);

function cutSections(s: ReportSections | undefined): ReportSections | undefined {
  if (!s) return undefined;
  const out: ReportSections = {};
  for (const k of ['shortcomings', 'directions', 'recommendations'] as const) if (s[k]) out[k] = cut(s[k]);
  return out;
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
 * @returns every unit entry of the subtree: the unit's own first, then its children's
 */
export function carriedEntries(
  unit: { id: string; name: string },
  own: OwnReport | null,
  assessment: { narrative: string; sections?: ReportSections } | null,
  children: { units?: UnitEntry[] }[],
  fallbackAt: string,
): UnitEntry[] {
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
  return [...mine, ...children.flatMap((c) => c.units ?? [])];
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
