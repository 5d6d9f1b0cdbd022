/**
 * What a report needs to know about a cycle that is not in the reports themselves:
 * each body's document profile (inherited down the tree), the indicators and
 * groups, the data period, and who receives the root's report. Pure.
 */
import type { CalendarData } from '../calendar';
import type { Cascade, DistributionRole, Indicator, OrgNode, Person } from '../cascade/schema';
import { computeUnitDeadlines } from '../cascade/deadlines';
import { isInformational, planLabel, planLabelsByUnit } from '../cycle/unit-tree';

/** A body of the cycle with how it heads and signs its documents. */
export interface ReportUnit {
  id: string;
  name: string;
  parentId: string | null;
  system: 'state' | 'party';
  parentBody?: string;
  symbol: string;
  place: string;
  signature: string[];
  headName: string;
  /** The plan this body carries out, cited at the top of its report. */
  planLabel: string;
}

/** Everything besides the reports that a report document needs. */
export interface ReportSetup {
  cascadeName: string;
  year: number;
  planLabel: string;
  indicators: Indicator[];
  activityGroups: { id: string; title: string }[];
  /** Inclusive ISO dates of the data period. */
  dataPeriod: { from: string; to: string };
  /** The plan's action months in the cycle year (ISO dates). */
  actionWindows: { name: string; from: string; to: string }[];
  /** Units that run a yearly workflow, root first, depth first. */
  units: ReportUnit[];
  /** Organisation that receives the root's report ("để b/c"). */
  finalRecipient: string;
  /** Bodies that receive the root's report for information, with their role and head. */
  informational: { id: string; name: string; role: DistributionRole; head: Person; substitutes: Person[] }[];
}

/** Vietnamese letters to their base letter (đ → D), for a derived abbreviation. */
function initials(name: string): string {
  const base = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'D');
  return base
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 12);
}

/** "Phó Giám đốc, Trưởng ban Vì sự tiến bộ…" → "TRƯỞNG BAN VÌ SỰ TIẾN BỘ…": the role the head signs in. */
function signatureOf(title: string): string[] {
  return [title.split(',').at(-1)!.trim().toUpperCase()];
}

const runs = (n: OrgNode): boolean => !isInformational(n);

/**
 * @param cascade the validated cascade
 * @param year the cycle year
 * @param calendar official schedules (for the data period's dates)
 * @param added units added during the cycle (they inherit their parent's profile)
 * @returns the report setup of the cycle
 */
export function reportSetup(cascade: Cascade, year: number, calendar: CalendarData, added: { id: string; name: string; parentId: string; head: { name: string; title: string } }[] = []): ReportSetup {
  const units: ReportUnit[] = [];
  const plans = planLabelsByUnit(cascade);
  const walk = (n: OrgNode, parent: ReportUnit | null): void => {
    const p = n.document ?? {};
    const unit: ReportUnit = {
      id: n.id,
      name: n.name,
      parentId: parent?.id ?? null,
      system: n.issuedPlan?.system ?? parent?.system ?? 'state',
      ...((p.parentBody ?? (parent ? parent.name : undefined)) ? { parentBody: p.parentBody ?? parent!.name } : {}),
      symbol: p.symbol ?? initials(n.shortName ?? n.name),
      place: p.place ?? parent?.place ?? 'Hà Nội',
      signature: p.signature ?? signatureOf(n.head.title),
      headName: n.head.name,
      planLabel: plans.get(n.id)!,
    };
    units.push(unit);
    for (const c of (n.children ?? []).filter(runs)) walk(c, unit);
  };
  walk(cascade.org, null);
  for (const a of added) {
    const parent = units.find((u) => u.id === a.parentId);
    if (!parent || units.some((u) => u.id === a.id)) continue;
    units.push({ id: a.id, name: a.name, parentId: a.parentId, system: parent.system, parentBody: parent.name, symbol: initials(a.name), place: parent.place, signature: signatureOf(a.head.title), headName: a.head.name, planLabel: parent.planLabel });
  }
  const deadlines = computeUnitDeadlines(cascade, year, calendar);
  return {
    cascadeName: cascade.name,
    year,
    planLabel: planLabel(cascade),
    indicators: cascade.cycle.indicators,
    activityGroups: cascade.cycle.activityGroups,
    dataPeriod: deadlines.dataPeriod,
    actionWindows: deadlines.actionWindows,
    units,
    finalRecipient: cascade.cycle.finalRecipient.organisation,
    informational: (cascade.org.children ?? []).filter((c) => !runs(c)).map((c) => ({ id: c.id, name: c.name, role: c.role!, head: c.head, substitutes: c.substitutes ?? [] })),
  };
}
