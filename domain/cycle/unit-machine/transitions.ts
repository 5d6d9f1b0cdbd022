/**
 * Stage transitions shared by the commands: one place where a unit enters a stage.
 */
import type { Stage } from '../../stages';
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { taskOfStage } from '../unit-rules';
import { activeChildIds, notifyEffect, taskOpenedEffects, todayOf } from './memory-ops';
import type { UnitEffect } from './types';

/**
 * Moves `m` (a copy, changed in place) to a stage: deadline events count from now,
 * operators see it, and the task it opens is announced unless the caller already did.
 * @returns the effects, in order
 */
export function moveTo(m: UnitMemory, input: UnitWorkflowInput, now: number, stage: Stage, announce = true): UnitEffect[] {
  m.stage = stage;
  m.eventsFrom = new Date(now).toISOString();
  const task = taskOfStage(stage);
  return [{ type: 'publish' }, ...(task && announce ? taskOpenedEffects(m, input, now, task) : [])];
}

/**
 * The plan is approved (or, for a root, issued): the head is told, children are
 * to be told, and the unit implements.
 * @returns the effects, in order
 */
export function approve(m: UnitMemory, input: UnitWorkflowInput, now: number, comment?: string): UnitEffect[] {
  m.approvedOn = todayOf(now);
  m.childrenToNotify = activeChildIds(m);
  const mail = notifyEffect(m, input, now, 'approved', undefined, `approved-${m.revision}`, m.head, { cc: m.substitutes, note: comment });
  return [mail, ...moveTo(m, input, now, 'implementing')];
}
