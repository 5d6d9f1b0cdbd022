/**
 * Turns a validated cascade into what the cycle runs: the tree of units with
 * every deadline of the year computed on the working-day calendar, and the
 * context shared by all units. Pure, so the cycle workflow calls it directly.
 */
import { dateInVietnam, type CalendarData } from '../calendar/pure';
import { computeUnitDeadlines } from '../cascade/deadlines';
import type { Cascade, DocumentRef, OrgNode } from '../cascade/schema';
import { monthDayInYear } from '../cascade/month-day';
import type { CycleContext, UnitNode } from './types';

/**
 * @param doc an issued document
 * @returns "Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018 của Ban …" — how mails and reports cite it
 */
export function documentLabel(doc: DocumentRef): string {
  const [y, m, d] = doc.issuedOn.split('-');
  return `${doc.number.includes('CT') ? 'Chỉ thị' : 'Kế hoạch'} số ${doc.number} ngày ${d}/${Number(m)}/${y} của ${doc.issuer}`;
}

/** The root's plan (or the last plan above it): what the cycle as a whole implements. */
export function planLabel(cascade: Cascade): string {
  return documentLabel(cascade.org.issuedPlan ?? cascade.parentPlans.at(-1) ?? cascade.directive);
}

/** Roles that receive a body's plan without carrying it out: "để b/c", "để p/h", "để biết". */
export const isInformational = (n: Pick<OrgNode, 'role'>): boolean => (n.role ?? 'implement') !== 'implement';

/**
 * A unit carries out the plan of the nearest body at or above it that issued one
 * (a centre that issued its own plan is cited by its stations, not the root's).
 * @param cascade the cascade
 * @returns each org node's id → the label of the plan it implements
 */
export function planLabelsByUnit(cascade: Cascade): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: OrgNode, inherited: string): void => {
    const own = n.issuedPlan ? documentLabel(n.issuedPlan) : inherited;
    out.set(n.id, own);
    for (const c of n.children ?? []) walk(c, own);
  };
  walk(cascade.org, documentLabel(cascade.parentPlans.at(-1) ?? cascade.directive));
  return out;
}

/**
 * Every unit receives the calendar in its input: keep only the official
 * schedules a cycle can touch (the year before, for the data period, to the
 * year after, for a late consolidation) and drop the notes.
 */
export function calendarForYear(calendar: CalendarData, year: number): CalendarData {
  const keep = [year - 1, year, year + 1].map(String);
  return { schemaVersion: calendar.schemaVersion, years: Object.fromEntries(Object.entries(calendar.years).filter(([y]) => keep.includes(y))) };
}

/**
 * @param childBatch children started, signalled or cancelled per run (absent: the engine's default)
 * @returns the context every unit of this cycle receives
 */
export function cycleContext(cascade: Cascade, year: number, calendar: CalendarData, childBatch?: number): CycleContext {
  const c = cascade.cycle;
  return {
    // Only when set: inputs of cycles started before the setting existed stay byte-identical.
    ...(childBatch === undefined ? {} : { childBatch }),
    cascadeId: cascade.id,
    year,
    planLabel: planLabel(cascade),
    calendar: calendarForYear(calendar, year),
    offices: cascade.offices,
    dataPeriod: computeUnitDeadlines(cascade, year, calendar).dataPeriod,
    actionWindows: c.actionWindows.map((w) => ({ name: w.name, from: monthDayInYear(w.from, year), to: monthDayInYear(w.to, year) })),
    template: {
      draftingWorkingDays: c.draftingWorkingDays,
      approvalWorkingDays: c.approvalWorkingDays,
      reminderWorkingDaysBefore: c.reminderWorkingDaysBefore,
      escalation: c.escalation,
      activityGroups: c.activityGroups,
      indicators: c.indicators,
      actionWindows: c.actionWindows,
      linkValidityHours: c.linkValidityHours,
      reportRequestWorkingDaysBefore: c.reportRequestWorkingDaysBefore,
    },
  };
}

/**
 * @returns the root unit with its subtree; nodes whose role toward their parent is
 *   only `report-to`, `coordinate` or `inform` receive the plan and the final report
 *   but run no yearly workflow
 */
export function buildUnitTree(cascade: Cascade, year: number, calendar: CalendarData): UnitNode {
  const deadlines = computeUnitDeadlines(cascade, year, calendar);
  const plans = planLabelsByUnit(cascade);
  const convert = (org: OrgNode): UnitNode => {
    const d = deadlines.units[org.id]!;
    const children = (org.children ?? []).filter((c) => !isInformational(c)).map(convert);
    // A parent's own report is due when its children's are, so it can consolidate after.
    const childDue = children.length ? children.map((c) => c.reportDueAt).sort().at(-1)! : undefined;
    return {
      id: org.id,
      name: org.name,
      level: org.level,
      head: org.head,
      substitutes: org.substitutes ?? [],
      issuedPlan: org.issuedPlan,
      planLabel: plans.get(org.id)!,
      reportDueDate: dateInVietnam(d.reportDue.instant),
      reportDueAt: d.reportDue.instant,
      childrenDueDate: childDue ? dateInVietnam(childDue) : undefined,
      childrenDueAt: childDue,
      children,
    };
  };
  return convert(cascade.org);
}

/** @returns every node of a unit tree, depth first */
export function flattenUnits(root: UnitNode): UnitNode[] {
  return [root, ...root.children.flatMap(flattenUnits)];
}
