/**
 * Small pure helpers over a unit's memory: copies for the reducer, the children
 * sets, dates in Vietnam time, and the notifications a unit sends.
 */
import type { TaskKind } from '../../actions';
import { dateInVietnam } from '../../calendar/pure';
import { unitWorkflowId } from '../../ids';
import type { Notification, NotificationKind, Recipient } from '../../notifications';
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { assigneesOf, taskDueAt } from '../unit-rules';
import type { UnitEffect } from './types';

/**
 * @returns a copy the reducer may change: every list and record is copied one level
 *   deep (nested objects such as the plan are replaced, never changed in place)
 */
export function copyMemory(m: UnitMemory): UnitMemory {
  return {
    ...m,
    substitutes: [...m.substitutes],
    dueOverrides: { ...m.dueOverrides },
    firedEvents: [...m.firedEvents],
    doneActions: [...m.doneActions],
    actionRecords: { ...m.actionRecords },
    childrenToStart: [...m.childrenToStart],
    startedChildIds: [...m.startedChildIds],
    childrenToNotify: [...m.childrenToNotify],
    childReports: { ...m.childReports },
    removedChildIds: [...m.removedChildIds],
    childrenToCancel: m.childrenToCancel && [...m.childrenToCancel],
    adminNotes: [...m.adminNotes],
  };
}

/** @returns direct children started or still to start, less the removed ones */
export function activeChildIds(m: UnitMemory): string[] {
  return [...m.startedChildIds, ...m.childrenToStart.map((c) => c.id)].filter((id) => !m.removedChildIds.includes(id));
}

/** @returns active children that have not reported */
export function missingChildIds(m: UnitMemory): string[] {
  return activeChildIds(m).filter((id) => !m.childReports[id]);
}

/** @returns whether the unit has (or had) children: it consolidates their reports */
export function hasChildren(m: UnitMemory): boolean {
  return m.startedChildIds.length + m.childrenToStart.length + (m.childPages?.total ?? 0) > 0;
}

/** @returns the ISO date in Vietnam of an epoch-ms instant */
export function todayOf(now: number): string {
  return dateInVietnam(new Date(now));
}

/** @returns "24/11/2026" */
export function formatVnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** @returns "09:15 ngày 20/01/2027" in Vietnam time */
export function formatVnDateTime(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ngày ${formatVnDate(local.slice(0, 10))}`;
}

/** @returns the workflow id of a unit of this unit's cycle */
export function unitIdOf(input: UnitWorkflowInput, unitId: string): string {
  return unitWorkflowId(input.context.cascadeId, input.context.year, unitId);
}

/**
 * @param extra cc, note, or an explicit due instant
 * @returns a notify effect for the unit's current revision; task mails carry the due instant and the link's expiry
 */
export function notifyEffect(
  m: UnitMemory,
  input: UnitWorkflowInput,
  now: number,
  kind: NotificationKind,
  task: TaskKind | undefined,
  sequence: string,
  to: Recipient,
  extra: Partial<Notification> = {},
): UnitEffect {
  const { context, node } = input;
  const notification: Notification = {
    kind,
    workflowId: unitIdOf(input, node.id),
    task,
    revision: m.revision,
    sequence,
    to,
    unitName: node.name,
    // The plan this unit carries out: the nearest issued plan above it (older cycles: the root's).
    parentPlanLabel: node.planLabel ?? context.planLabel,
    dueAt: task ? taskDueAt(task, m, input, context.calendar) : undefined,
    linkExpiresAt: task ? new Date(now + context.template.linkValidityHours * 3_600_000).toISOString() : undefined,
    ...extra,
  };
  return { type: 'notify', notification };
}

/** @returns the mail that opens a task to the people who may do it (none when nobody is assigned) */
export function taskOpenedEffects(m: UnitMemory, input: UnitWorkflowInput, now: number, task: TaskKind): UnitEffect[] {
  const kind: NotificationKind = task === 'review-plan' ? 'approval-request' : task === 'report' ? 'report-request' : 'task-assigned';
  const [to, ...cc] = assigneesOf(task, m, input);
  // A report request names the period its figures cover (cycles started before it was carried: none).
  const period = (task === 'report' || task === 'consolidate') && input.context.dataPeriod ? { period: input.context.dataPeriod } : {};
  return to ? [notifyEffect(m, input, now, kind, task, `open-${m.revision}`, to, { cc, ...period })] : [];
}
