/**
 * The unit's timetable, pure: the next deadline event of the open task, and the
 * day a unit in `implementing` is asked for its report. The workflow sleeps until
 * these instants; the reducer decides what happens when they come.
 */
import type { TaskKind } from '../../actions';
import { addWorkingDays } from '../../calendar/pure';
import { deadlineEvents, officeHoursInstant } from '../schedule';
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { taskDueAt, taskDueDate } from '../unit-rules';
import type { TaskEvent } from './types';

/** At most this many children are started, signalled or cancelled per run (see workflows/unit-plan). */
export const CHILD_BATCH = 200;

/** @returns whether `n` is a usable batch size: a whole number from 1 to {@link CHILD_BATCH} */
export function isChildBatch(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= CHILD_BATCH;
}

/** @returns how many children this unit starts, signals or cancels per run */
export function childBatchOf(input: UnitWorkflowInput): number {
  const n = input.context.childBatch;
  return isChildBatch(n) ? n : CHILD_BATCH;
}

/** @returns the key recording that a task's event fired (per revision: a redraft has its own reminders) */
export function firedKey(task: TaskKind, revision: number, event: TaskEvent): string {
  return `${task}:${revision}:${event.key}`;
}

/**
 * @returns the next reminder, escalation rung or due moment of the open task that
 *   has not fired and is not dated before the task was given (or last extended)
 */
export function nextTaskEvent(m: UnitMemory, task: TaskKind, input: UnitWorkflowInput): TaskEvent | undefined {
  const { calendar, template } = input.context;
  const dueDate = taskDueDate(task, m, input, calendar);
  const due: TaskEvent = { kind: 'due', at: taskDueAt(task, m, input, calendar), key: `${dueDate}:due` };
  const events: TaskEvent[] = [...deadlineEvents(dueDate, template.reminderWorkingDaysBefore, template.escalation, calendar), due].filter(
    (e) => !m.firedEvents.includes(firedKey(task, m.revision, e)) && e.at >= m.eventsFrom,
  );
  events.sort((a, b) => a.at.localeCompare(b.at));
  return events[0];
}

/** @returns epoch ms at which a unit in `implementing` is asked for its yearly report */
export function reportRequestAt(input: UnitWorkflowInput): number {
  const due = input.node.childrenDueDate ?? input.node.reportDueDate;
  return Date.parse(officeHoursInstant(addWorkingDays(due, -input.context.template.reportRequestWorkingDaysBefore, input.context.calendar)));
}
