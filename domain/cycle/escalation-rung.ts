/**
 * Which rung of the escalation ladder a late unit has reached: the last rung
 * whose day (working days after the due date, at office hours) has passed.
 * Pure, for the dashboard's overdue list; the unit workflow fires the same
 * rungs from the same {@link deadlineEvents}.
 */
import { dateInVietnam, type CalendarData } from '../calendar/pure';
import type { EscalationRung } from '../cascade/schema';
import { deadlineEvents } from './schedule';

/** A rung reached, with its position on the ladder (0-based). */
export interface RungReached {
  index: number;
  rung: EscalationRung;
  /** ISO instant the rung fired. */
  at: string;
}

/**
 * @param dueAt ISO instant the open step was due
 * @param escalation the cascade's ladder
 * @param calendar calendar data
 * @param now ISO instant
 * @returns the last rung reached by `now`, or null when none yet
 */
export function escalationRungAt(dueAt: string, escalation: readonly EscalationRung[], calendar: CalendarData, now: string): RungReached | null {
  const events = deadlineEvents(dateInVietnam(dueAt), [], [...escalation], calendar).filter((e) => e.kind === 'escalation' && e.at <= now);
  const last = events.at(-1);
  return last ? { index: last.index, rung: escalation[last.index]!, at: last.at } : null;
}
