/**
 * Mails the cycle sends beside the units' tasks: the issued plan to the bodies on
 * its "Nơi nhận" that do not carry it out (để b/c, để p/h, để biết), and the notice
 * to every implementing unit when one of the plan's action months opens. Pure.
 */
import { addCalendarDays, isWorkingDay, type CalendarData } from '../calendar/pure';
import type { Person } from '../cascade/schema';
import { cycleWorkflowId, unitWorkflowId } from '../ids';
import type { Notification } from '../notifications';
import type { ReportSetup } from '../report/setup';
import { officeHoursInstant } from './schedule';

/**
 * The notice goes at 08:00 on the day the window opens, or on the last working day
 * before it when that day is a day off, so it is read before the month starts.
 * @param fromIso first day of the window
 * @param calendar calendar data
 * @returns ISO instant of the notice
 */
export function actionWindowNoticeAt(fromIso: string, calendar: CalendarData): string {
  let day = fromIso;
  for (let i = 0; i < 30 && !isWorkingDay(day, calendar); i++) day = addCalendarDays(day, -1);
  return officeHoursInstant(day);
}

/** What {@link issuedPlanNotifications} needs. */
export interface IssuedPlanFacts {
  cascadeId: string;
  year: number;
  setup: ReportSetup;
  root: { id: string; name: string; planLabel: string };
  /** ISO instant the root's consolidated report is due. */
  rootReportDueAt: string;
}

/**
 * @param f the cycle's facts at its start
 * @returns one mail per informational body of the root (its head, with its other members in copy)
 */
export function issuedPlanNotifications(f: IssuedPlanFacts): Notification[] {
  return f.setup.informational.map((r) => ({
    kind: 'plan-issued',
    workflowId: cycleWorkflowId(f.cascadeId, f.year),
    revision: 0,
    sequence: `plan-${r.id}`,
    to: { ...r.head, organisation: r.name },
    ...(r.substitutes.length ? { cc: r.substitutes.map((p) => ({ ...p, organisation: r.name })) } : {}),
    unitName: f.root.name,
    parentPlanLabel: f.root.planLabel,
    distribution: r.role === 'implement' ? 'inform' : r.role,
    year: f.year,
    period: f.setup.dataPeriod,
    dueAt: f.rootReportDueAt,
    lines: f.setup.actionWindows.map((w) => `${w.name}: từ ngày ${dmy(w.from)} đến ngày ${dmy(w.to)}`),
  }));
}

/** A unit the action-month notice goes to. */
export interface NoticeUnit {
  id: string;
  name: string;
  head: Person;
  substitutes: Person[];
  planLabel?: string;
}

/**
 * @param cascadeId the cascade
 * @param year the cycle year
 * @param window the action window, ISO dates in the cycle year
 * @param index its position in the plan (part of the Message-ID)
 * @param units the units still in the cycle
 * @param fallbackPlanLabel the root's plan, for units of older cycles without their own label
 * @returns one mail per unit, to its head with its substitutes in copy
 */
export function actionWindowNotifications(
  cascadeId: string,
  year: number,
  window: { name: string; from: string; to: string },
  index: number,
  units: NoticeUnit[],
  fallbackPlanLabel: string,
): Notification[] {
  return units.map((u) => ({
    kind: 'action-window',
    workflowId: unitWorkflowId(cascadeId, year, u.id),
    revision: 0,
    sequence: `action-window-${index}`,
    to: u.head,
    ...(u.substitutes.length ? { cc: u.substitutes } : {}),
    unitName: u.name,
    parentPlanLabel: u.planLabel ?? fallbackPlanLabel,
    note: window.name,
    year,
    period: { from: window.from, to: window.to },
  }));
}

function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
