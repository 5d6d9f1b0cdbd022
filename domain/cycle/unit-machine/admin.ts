/**
 * Admin steering of one unit (forwarded by the cycle, which keeps the audit
 * trail): extend, reassign, remind now, add a child, remove a child.
 */
import type { AdminResult } from '../../admin';
import { TASK_LABELS_VI } from '../../tasks';
import { isIsoDate } from '../../calendar/pure';
import { ERROR_TYPES } from '../../errors';
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { taskDueDate, taskOfStage } from '../unit-rules';
import { activeChildIds, copyMemory, formatVnDate, notifyEffect, todayOf, unitIdOf } from './memory-ops';
import type { Decision, Refusal, UnitCommand, UnitEffect } from './types';

type AdminCommand = Extract<UnitCommand, { type: 'extend' | 'reassign' | 'remind' | 'add-child' | 'remove-child' }>;

const refuse = (type: Refusal['type'], message: string): Decision => ({ ok: false, refusal: { type, message } });

/**
 * @param m memory before
 * @param cmd an admin command, its shape already checked by zod
 * @param input the unit's input
 * @param now epoch ms (workflow time)
 * @returns the decision
 */
export function decideAdmin(m: UnitMemory, cmd: AdminCommand, input: UnitWorkflowInput, now: number): Decision {
  const { node } = input;
  const next = copyMemory(m);
  const note = (actor: string, action: string, reason: string): void => {
    next.adminNotes.push({ at: new Date(now).toISOString(), actor, action, reason });
  };
  const done = (message: string, effects: UnitEffect[] = []): Decision => {
    const reply: AdminResult = { ok: true, message };
    return { ok: true, memory: next, effects, wake: true, reply };
  };

  switch (cmd.type) {
    case 'extend': {
      const a = cmd.input;
      if (!isIsoDate(a.newDueDate)) return refuse(ERROR_TYPES.InvalidInput, `newDueDate: ngày ${a.newDueDate} không có thật`);
      const task = a.task ?? taskOfStage(m.stage);
      if (!task) return refuse(ERROR_TYPES.WrongStage, `Đơn vị đang ở bước "${m.stage}": không có việc nào đang chờ để gia hạn.`);
      if (a.newDueDate < todayOf(now)) return refuse(ERROR_TYPES.InvalidInput, `newDueDate: ${a.newDueDate} đã qua`);
      const current = taskDueDate(task, m, input, input.context.calendar);
      if (a.newDueDate <= current) return refuse(ERROR_TYPES.InvalidInput, `newDueDate: phải sau hạn hiện tại (${current})`);
      next.dueOverrides[task] = a.newDueDate;
      next.eventsFrom = new Date(now).toISOString();
      note(a.actor, `extend ${task} → ${a.newDueDate}`, a.reason);
      return done(`Đã gia hạn việc ${TASK_LABELS_VI[task]} của ${node.name} đến hết ngày ${formatVnDate(a.newDueDate)}.`, [{ type: 'publish' }]);
    }
    case 'reassign': {
      const a = cmd.input;
      if (a.head) next.head = a.head;
      if (a.substitutes) next.substitutes = a.substitutes;
      note(a.actor, 'reassign', a.reason);
      // The new assignee gets a fresh link; old links are refused as "not the assignee".
      const task = taskOfStage(next.stage);
      const mail = task && task !== 'review-plan' ? [notifyEffect(next, input, now, 'task-assigned', task, `reassigned-${next.adminNotes.length}`, next.head, { cc: next.substitutes })] : [];
      return done(`Đã giao lại nhiệm vụ của ${node.name}.`, mail);
    }
    case 'remind': {
      if (!taskOfStage(m.stage)) return refuse(ERROR_TYPES.WrongStage, `Đơn vị đang ở bước "${m.stage}": không có việc nào để nhắc.`);
      note(cmd.input.actor, 'remind-now', cmd.input.reason);
      next.remindRequested = true;
      return done(`Đã gửi nhắc việc tới ${node.name}.`);
    }
    case 'add-child': {
      if (activeChildIds(m).includes(cmd.node.id) || m.removedChildIds.includes(cmd.node.id)) {
        return refuse(ERROR_TYPES.InvalidInput, `node.id: đơn vị "${cmd.node.id}" đã có trong ${node.name}`);
      }
      if (m.stage === 'reported' || m.stage === 'cancelled') return refuse(ERROR_TYPES.WrongStage, `${node.name} đã kết thúc năm (${m.stage}): không thể thêm đơn vị.`);
      next.childrenToStart.push(cmd.node);
      note(cmd.actor, `add-unit ${cmd.node.id}`, cmd.reason);
      return done(`Đã thêm đơn vị ${cmd.node.name} vào ${node.name}.`);
    }
    case 'remove-child': {
      const a = cmd.input;
      if (!activeChildIds(m).includes(a.unitId)) return refuse(ERROR_TYPES.InvalidInput, `unitId: "${a.unitId}" không phải đơn vị trực thuộc ${node.name}`);
      next.removedChildIds.push(a.unitId);
      next.childrenToStart = next.childrenToStart.filter((c) => c.id !== a.unitId);
      note(a.actor, `remove-unit ${a.unitId}`, a.reason);
      const effects: UnitEffect[] = m.startedChildIds.includes(a.unitId) ? [{ type: 'cancel-child', workflowId: unitIdOf(input, a.unitId) }] : [];
      return done(`Đã rút đơn vị ${a.unitId} khỏi ${node.name}; báo cáo của đơn vị này không còn được chờ.`, effects);
    }
  }
}
