/**
 * Pure rules of a unit's year: which task is open, who may do it, when it is
 * due, whether an action is acceptable. The workflow calls these; tests can too.
 */
import { addWorkingDays, endOfDayInstant, type CalendarData } from '../calendar/pure';
import { TASK_STAGE, type TaskKind } from '../tasks';
import type { Indicator, Person } from '../cascade/schema';
import type { Stage, WaitingOn } from '../stages';
import type { UnitMemory } from './unit-memory';
import type { UnitWorkflowInput } from './types';

/** The stage → task map, inverted. */
export const STAGE_TASK: Partial<Record<Stage, TaskKind>> = {
  drafting: 'draft-plan',
  'in-review': 'review-plan',
  reporting: 'report',
  consolidating: 'consolidate',
};

/** A refused action: `type` lets pages pick the right explanation. */
export interface Refusal {
  type: 'WrongStage' | 'StaleRevision' | 'NotAssignee' | 'InvalidInput';
  message: string;
}

/** @returns the task open in the given stage, if any */
export function taskOfStage(stage: Stage): TaskKind | undefined {
  return STAGE_TASK[stage];
}

/** @returns who the unit waits on in a stage */
export function waitingOn(stage: Stage): WaitingOn {
  switch (stage) {
    case 'waiting':
      return 'parent';
    case 'drafting':
    case 'reporting':
    case 'consolidating':
      return 'unit-head';
    case 'in-review':
      return 'approver';
    case 'implementing':
      return 'nobody';
    default:
      return 'nobody';
  }
}

/** @returns the people who may do a task: the head and substitutes, or the parent's head for a review */
export function assigneesOf(task: TaskKind, mem: UnitMemory, input: UnitWorkflowInput): Person[] {
  if (task === 'review-plan') return input.superiors.slice(0, 1);
  return [mem.head, ...mem.substitutes];
}

/**
 * @returns the ISO due date (Vietnam) of a task: an admin's extension wins; drafting
 *   counts from the parent's approval (or from a return), review from submission
 */
export function taskDueDate(task: TaskKind, mem: UnitMemory, input: UnitWorkflowInput, calendar: CalendarData): string {
  const override = mem.dueOverrides[task];
  if (override) return override;
  const t = input.context.template;
  switch (task) {
    case 'draft-plan':
      return addWorkingDays(mem.returnedOn ?? mem.parentPlanApprovedOn ?? input.node.reportDueDate, t.draftingWorkingDays, calendar);
    case 'review-plan':
      return addWorkingDays(mem.submittedOn ?? input.node.reportDueDate, t.approvalWorkingDays, calendar);
    case 'report':
      return input.node.childrenDueDate ?? input.node.reportDueDate;
    case 'consolidate':
      return input.node.reportDueDate;
  }
}

/**
 * The instant a task is due. Report due dates already carry the configured
 * interpretation ("trước ngày 25/11" → end of 24/11); other dates are end of day.
 */
export function taskDueAt(task: TaskKind, mem: UnitMemory, input: UnitWorkflowInput, calendar: CalendarData): string {
  if (!mem.dueOverrides[task]) {
    if (task === 'report' && input.node.childrenDueAt) return input.node.childrenDueAt;
    if ((task === 'report' && !input.node.childrenDueAt) || task === 'consolidate') return input.node.reportDueAt;
  }
  return endOfDayInstant(taskDueDate(task, mem, input, calendar));
}

/** @returns the key recording that an action was done */
export function actionKey(task: TaskKind, revision: number): string {
  return `${task}:${revision}`;
}

/**
 * Checks an action against the unit's state (its shape was checked by zod before).
 * @returns undefined when acceptable (or already done: the handler answers that), else why not
 */
export function refuseAction(
  action: { task: TaskKind; revision: number; actor: string; activities?: Record<string, unknown> },
  mem: UnitMemory,
  input: UnitWorkflowInput,
): Refusal | undefined {
  if (mem.doneActions.includes(actionKey(action.task, action.revision))) return undefined;
  // A plan may only fill the activity groups of its cycle (any other key would be stored and mailed).
  if (action.activities) {
    const problems = activityGroupProblems(input.context.template.activityGroups, action.activities);
    if (problems.length) return { type: 'InvalidInput', message: problems.join('; ') };
  }
  const stageOfTask = TASK_STAGE[action.task];
  if (mem.stage !== stageOfTask) {
    return { type: 'WrongStage', message: `Việc này không còn mở: đơn vị đang ở bước "${mem.stage}", không phải "${stageOfTask}".` };
  }
  if (action.revision !== mem.revision) {
    return { type: 'StaleRevision', message: `Liên kết thuộc lần dự thảo thứ ${action.revision + 1}, nhưng kế hoạch đang ở lần thứ ${mem.revision + 1}: hãy dùng liên kết trong email mới nhất.` };
  }
  const allowed = assigneesOf(action.task, mem, input).map((p) => p.email.toLowerCase());
  if (!allowed.includes(action.actor.toLowerCase())) {
    return { type: 'NotAssignee', message: 'Người gửi không còn là người được giao việc này (có thể nhiệm vụ đã được giao cho người khác).' };
  }
  return undefined;
}

/** A value given as numerator and denominator (a ratio indicator). */
function isRatio(v: unknown): v is { numerator: number; denominator: number } {
  return typeof v === 'object' && v !== null && typeof (v as { numerator?: unknown }).numerator === 'number' && typeof (v as { denominator?: unknown }).denominator === 'number';
}

/**
 * Indicator values must match their declared types (percent within 0–100); unknown
 * ids are refused and every non-text indicator must be given.
 * @returns one `values.<id>: …` line per problem, empty when the values are acceptable
 */
export function indicatorValueProblems(indicators: Indicator[], values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const byId = new Map(indicators.map((i) => [i.id, i]));
  for (const [id, v] of Object.entries(values)) {
    const ind = byId.get(id);
    if (!ind) problems.push(`values.${id}: không có chỉ tiêu này`);
    else if ((ind.type === 'number' || ind.type === 'percent') && typeof v !== 'number') problems.push(`values.${id}: phải là số`);
    else if (ind.type === 'percent' && typeof v === 'number' && (v < 0 || v > 100)) problems.push(`values.${id}: tỷ lệ phải từ 0 đến 100`);
    else if (ind.type === 'ratio' && !isRatio(v)) problems.push(`values.${id}: phải gồm tử số và mẫu số`);
    else if (ind.type === 'ratio' && isRatio(v) && v.numerator > v.denominator) problems.push(`values.${id}: tử số không được lớn hơn mẫu số`);
    else if (ind.type !== 'ratio' && isRatio(v)) problems.push(`values.${id}: chỉ tiêu này không nhập dạng tử số/mẫu số`);
    else if (ind.type === 'boolean' && typeof v !== 'boolean') problems.push(`values.${id}: phải là Có hoặc Không`);
    else if (ind.type === 'text' && typeof v !== 'string') problems.push(`values.${id}: phải là văn bản`);
  }
  for (const ind of indicators) {
    if (ind.type !== 'text' && !(ind.id in values)) problems.push(`values.${ind.id}: chưa nhập`);
  }
  return problems;
}

/** Most activity-group keys a plan may carry; a cycle configures a handful. */
export const MAX_ACTIVITY_GROUPS = 50;

/**
 * A plan's activities must be keyed by the cycle's activity-group ids only.
 * @param groups the cycle's activity groups
 * @param activities the submitted activities, by group id
 * @returns one `activities.<id>: …` line per problem (at most 5 listed), empty when acceptable
 */
export function activityGroupProblems(groups: readonly { id: string }[], activities: Record<string, unknown>): string[] {
  const known = new Set(groups.map((g) => g.id));
  const keys = Object.keys(activities);
  if (keys.length > MAX_ACTIVITY_GROUPS) return [`activities: quá nhiều nhóm hoạt động (${keys.length}, tối đa ${MAX_ACTIVITY_GROUPS})`];
  const unknown = keys.filter((k) => !known.has(k));
  // Ids are echoed only when they look like ids: the page escapes them, a log might not.
  const shown = unknown.slice(0, 5).map((k) => (/^[\p{L}\p{N}._-]{1,20}$/u.test(k) ? `activities.${k}` : 'activities'));
  return shown.map((where) => `${where}: không có nhóm hoạt động này trong chu kỳ`);
}
