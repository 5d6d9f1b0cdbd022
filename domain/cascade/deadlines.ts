/**
 * Due dates of one yearly cycle, per org node. Pure: the workflows call this
 * with the calendar data they received as input, and get the same answer on
 * every replay.
 */
import { addCalendarDays, endOfDayInstant } from '../calendar/iso-date';
import type { CalendarData } from '../calendar/data';
import { addWorkingDays, nextWorkingDayOnOrAfter } from '../calendar/working-days';
import { isWorkingDay } from '../calendar/special-days';
import { monthDayInYear } from './month-day';
import { error, warning, type CascadeProblem, type PathSegment } from './problems';
import { DUE_INTERPRETATIONS, type NonWorkingDayRule } from './due-rules';
import type { Cascade, OrgNode } from './schema';

/** How a due date's wording is read; see `cycle.report.interpretation`. */
export type DueInterpretation = (typeof DUE_INTERPRETATIONS)[number];

/** A due date as written, and the last instant that is still on time. */
export interface DueDate {
  /** The date as it would be written ("trước ngày 25/11" → `YYYY-11-25`). */
  date: string;
  /** Last on-time instant, ISO UTC (`…T16:59:59.999Z` is 23:59:59.999 in Vietnam). */
  instant: string;
}

/** Deadlines of one org node in one cycle. */
export interface UnitDeadlines {
  id: string;
  parentId?: string;
  /** 0 for the root. */
  depth: number;
  /**
   * When this node's report is due to its parent. For the root: when its
   * consolidated report is due to the final recipient (equal to `consolidationDue`).
   */
  reportDue: DueDate;
  /** Present for nodes with children: by when their reports must be consolidated. */
  consolidationDue?: DueDate;
  /** The file set this node's `reportDue` explicitly. */
  overridden: boolean;
}

/** Everything date-shaped about one cycle year. */
export interface CycleDeadlines {
  year: number;
  /** Original wording, e.g. "trước ngày 25/11". */
  wording: string;
  interpretation: DueInterpretation;
  /** Inclusive ISO dates: from a day of the previous year to a day of the cycle year. */
  dataPeriod: { from: string; to: string };
  actionWindows: Array<{ name: string; from: string; to: string }>;
  /** Keyed by org node id. */
  units: Record<string, UnitDeadlines>;
  /** Override dates that do not precede their parent's; empty for a sound file. */
  problems: CascadeProblem[];
  /** Sound but doubtful, e.g. a data period ending after the report deadline. */
  warnings: CascadeProblem[];
  /** Last on-time day of the units directly under the root (after the non-working-day rule). */
  unitsLastDay: string;
}

/**
 * @param date the due date as written
 * @param interpretation `end-of-previous-day` reads "trước ngày 25/11" as
 *   "by the end of 24/11"; `end-of-day` as "by the end of 25/11" (Asia/Ho_Chi_Minh)
 * @returns the last on-time instant, ISO UTC
 */
export function dueInstant(date: string, interpretation: DueInterpretation, rule: NonWorkingDayRule = 'keep', calendar?: CalendarData): string {
  return endOfDayInstant(lastOnTimeDay(date, interpretation, rule, calendar));
}

/**
 * @param date the due date as written
 * @param interpretation how the wording is read (see {@link dueInstant})
 * @param rule what to do when that day is not a working day (`keep` leaves it)
 * @param calendar needed to move the day; without it the day is kept
 * @returns the last day on which a report is still on time
 */
export function lastOnTimeDay(date: string, interpretation: DueInterpretation, rule: NonWorkingDayRule = 'keep', calendar?: CalendarData): string {
  const day = interpretation === 'end-of-previous-day' ? addCalendarDays(date, -1) : date;
  if (rule === 'keep' || !calendar || isWorkingDay(day, calendar)) return day;
  return rule === 'next-working-day' ? nextWorkingDayOnOrAfter(day, calendar) : addWorkingDays(day, -1, calendar);
}

/**
 * Computes every node's due dates for a cycle year.
 *
 * - Units directly under the root report on `cycle.report.due`.
 * - Each deeper level reports `levelLeadWorkingDays` working days before its parent's due date.
 * - The root consolidates `consolidationWorkingDays` working days after `cycle.report.due`.
 * - A node's own `reportDue` wins, but must fall strictly before its parent's
 *   due date (for units under the root: before the root's consolidation date);
 *   a violation is listed in `problems` and the override is still used.
 *
 * The same interpretation (`cycle.report.interpretation`) turns every date into an instant.
 *
 * @param cascade a cascade accepted by `parseCascade`
 * @param year the cycle year (the year of `cycle.report.due`)
 * @param calendar calendar data, e.g. `SHIPPED_CALENDAR` merged with extra years
 */
export function computeUnitDeadlines(cascade: Cascade, year: number, calendar: CalendarData): CycleDeadlines {
  const { report, actionWindows } = cascade.cycle;
  const due = (date: string): DueDate => ({ date, instant: dueInstant(date, report.interpretation, report.nonWorkingDay, calendar) });
  const units: Record<string, UnitDeadlines> = {};
  const problems: CascadeProblem[] = [];
  const unitsDue = monthDayInYear(report.due, year);

  const root = cascade.org;
  const rootDate = root.reportDue
    ? monthDayInYear(root.reportDue, year)
    : addWorkingDays(unitsDue, report.consolidationWorkingDays, calendar);
  units[root.id] = { id: root.id, depth: 0, reportDue: due(rootDate), overridden: !!root.reportDue, ...(root.children?.length ? { consolidationDue: due(rootDate) } : {}) };

  const stack: Array<{ node: OrgNode; parent: OrgNode; parentDate: string; path: PathSegment[]; depth: number }> = [];
  const pushChildren = (parent: OrgNode, parentDate: string, path: PathSegment[], depth: number): void => {
    const children = parent.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ node: children[i]!, parent, parentDate, path: [...path, 'children', i], depth: depth + 1 });
    }
  };
  pushChildren(root, rootDate, ['org'], 0);
  while (stack.length) {
    const { node, parent, parentDate, path, depth } = stack.pop()!;
    const computed = depth === 1 ? unitsDue : addWorkingDays(parentDate, -report.levelLeadWorkingDays, calendar);
    const date = node.reportDue ? monthDayInYear(node.reportDue, year) : computed;
    if (date >= parentDate) {
      problems.push(error([...path, 'reportDue'],
        `năm ${year}: hạn báo cáo ${date} không trước hạn ${parentDate} của đơn vị cấp trên "${parent.id}"`));
    }
    const hasChildren = !!node.children?.length;
    units[node.id] = {
      id: node.id, parentId: parent.id, depth, reportDue: due(date), overridden: !!node.reportDue,
      ...(hasChildren ? { consolidationDue: due(date) } : {}),
    };
    if (hasChildren) pushChildren(node, date, path, depth);
  }

  const dataPeriod = { from: monthDayInYear(report.dataPeriod.fromPreviousYear, year - 1), to: monthDayInYear(report.dataPeriod.to, year) };
  const unitsLastDay = lastOnTimeDay(unitsDue, report.interpretation, report.nonWorkingDay, calendar);
  const warnings: CascadeProblem[] = [];
  // Figures cannot cover days after the report has gone (Decree 09/2019: the cut-off comes first).
  if (addWorkingDays(dataPeriod.to, 1, calendar) > unitsLastDay) {
    const dmy = (iso: string) => iso.split('-').reverse().join('/');
    warnings.push(warning(['cycle', 'report', 'dataPeriod', 'to'],
      `năm ${year}: kỳ số liệu kết thúc ngày ${dmy(dataPeriod.to)}, không cách hạn báo cáo (hết ngày ${dmy(unitsLastDay)}) ít nhất một ngày làm việc`));
  }
  return {
    year,
    wording: report.wording,
    interpretation: report.interpretation,
    dataPeriod,
    unitsLastDay,
    actionWindows: actionWindows.map((w) => ({ name: w.name, from: monthDayInYear(w.from, year), to: monthDayInYear(w.to, year) })),
    units,
    problems,
    warnings,
  };
}
