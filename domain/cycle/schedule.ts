/**
 * When reminders and escalation rungs fire for one due date. All times are
 * computed on the working-day calendar and land at the start of office hours
 * (08:00, Asia/Ho_Chi_Minh) of a working day, so nobody is written to on Tết.
 */
import { addWorkingDays, startOfDayInstant, type CalendarData } from '../calendar/pure';
import type { EscalationRung } from '../cascade/schema';

/** Office hours start: mail sent at 08:00 Vietnam time. */
export const OFFICE_HOURS_START_MS = 8 * 3_600_000;

/** One timed event of a task's deadline. */
export interface DeadlineEvent {
  kind: 'reminder' | 'escalation';
  /** Index in the reminder offsets or in the escalation ladder. */
  index: number;
  /** ISO date (Vietnam) and instant it fires. */
  date: string;
  at: string;
  /** Stable key: an event fires at most once per due date. */
  key: string;
}

/** @returns 08:00 Vietnam time on `isoDate`, as an ISO instant */
export function officeHoursInstant(isoDate: string): string {
  return new Date(Date.parse(startOfDayInstant(isoDate)) + OFFICE_HOURS_START_MS).toISOString();
}

/**
 * @param dueDate ISO date (Vietnam) of the deadline
 * @param reminderWorkingDaysBefore e.g. [5, 1]: reminders on those working days before
 * @param escalation the ladder: each rung fires `afterWorkingDays` working days after the due date
 * @param calendar calendar data
 * @returns the events in time order
 */
export function deadlineEvents(
  dueDate: string,
  reminderWorkingDaysBefore: number[],
  escalation: EscalationRung[],
  calendar: CalendarData,
): DeadlineEvent[] {
  const events: DeadlineEvent[] = [];
  reminderWorkingDaysBefore.forEach((before, index) => {
    // 0 days before = on the due date itself (if it is a working day, else the last one before).
    const date = before === 0 ? addWorkingDays(addWorkingDays(dueDate, 1, calendar), -1, calendar) : addWorkingDays(dueDate, -before, calendar);
    events.push({ kind: 'reminder', index, date, at: officeHoursInstant(date), key: `${dueDate}:reminder:${index}` });
  });
  escalation.forEach((rung, index) => {
    const date = addWorkingDays(dueDate, Math.max(1, rung.afterWorkingDays), calendar);
    events.push({ kind: 'escalation', index, date, at: officeHoursInstant(date), key: `${dueDate}:escalation:${index}` });
  });
  return events.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}
