/**
 * What happens between units and on the unit's own clock: the parent's approval,
 * children's reports and cancellations, deadline events, and the steps of the
 * unit's loop (children in batches, the report request, the report up, cancel).
 */
import type { EscalationRung, Person } from '../../cascade/schema';
import { ERROR_TYPES } from '../../errors';
import type { Recipient } from '../../notifications';
import { carriedEntries, withUnits } from '../../report/carry';
import { escalationAsk } from '../escalation-ask';
import { consolidationOf } from './consolidation';
import type { ChildReport, UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { assigneesOf, taskDueAt, taskOfStage } from '../unit-rules';
import { activeChildIds, copyMemory, formatVnDate, hasChildren, notifyEffect, taskOpenedEffects, todayOf, unitIdOf } from './memory-ops';
import { childBatchOf, firedKey } from './schedule';
import { moveTo } from './transitions';
import type { ChildStart, Decision, UnitCommand, UnitEffect } from './types';

type LoopCommand = Exclude<UnitCommand, { type: 'submit-plan' | 'review' | 'submit-report' | 'submit-consolidation' | 'extend' | 'reassign' | 'remind' | 'add-child' | 'remove-child' }>;

/** @returns who a rung writes to: the unit's head, its superior, the superior's superior (else the superior), or an office */
function rungRecipient(rung: EscalationRung, unitPeople: Person[], input: UnitWorkflowInput): Recipient | undefined {
  switch (rung.to) {
    case 'unit-head':
      return unitPeople[0];
    case 'superior':
      return input.superiors[0];
    case 'superior-of-superior':
      return input.superiors[1] ?? input.superiors[0];
    case 'office': {
      const office = input.context.offices.find((o) => o.id === rung.officeId);
      // An office is addressed by its name, never as a person ("đồng chí").
      return office && { name: office.name, email: office.email, kind: 'office' };
    }
  }
}

function childStart(m: UnitMemory, input: UnitWorkflowInput, now: number, child: UnitWorkflowInput['node']): ChildStart {
  const { context, node } = input;
  return {
    workflowId: unitIdOf(input, child.id),
    input: {
      context,
      node: child,
      parentId: node.id,
      reportToWorkflowId: unitIdOf(input, node.id),
      // By reference, a child reads its own children from the same snapshot.
      ...(input.snapshot ? { snapshot: input.snapshot } : {}),
      superiors: [m.head, ...input.superiors].slice(0, 2),
      // Started after this plan's approval (issued plan, or added mid-cycle): draft at
      // once, the window counted from the day the unit joins, never from before it existed.
      parentPlanApprovedOn: m.approvedOn ? [m.approvedOn, todayOf(now)].sort().at(-1) : undefined,
      firstTaskMarkerOnlyIfTasked: true,
    },
    searchAttributes: { cycle: `${context.cascadeId}/${context.year}`, unitId: child.id, parentId: node.id, level: child.level },
    staticSummary: `${child.name} — kế hoạch năm ${context.year}`,
    staticDetails: `Đơn vị: ${child.name} (${child.level}); cấp trên: ${node.name}; hạn báo cáo: ${formatVnDate(child.reportDueDate)}.`,
  };
}

/**
 * @param before the children's reports when the roll-up was last looked at
 * @param after the children's reports now
 * @param corrections whether a report replacing an earlier one counts (patch
 *   'resend-corrected-roll-up'); without it only a new child's report does
 * @returns whether the roll-up sent up is out of date
 */
export function childReportsChanged(before: Record<string, ChildReport>, after: Record<string, ChildReport>, corrections: boolean): boolean {
  if (!corrections) return Object.keys(after).length !== Object.keys(before).length;
  // Compared by content: the same report delivered twice changes nothing.
  return Object.entries(after).some(([unitId, report]) => JSON.stringify(before[unitId]) !== JSON.stringify(report));
}

/**
 * @param m memory before
 * @param cmd a message between units, a clock event, or a step of the unit's loop
 * @param input the unit's input
 * @param now epoch ms (workflow time)
 * @returns the decision
 */
export function decideLoop(m: UnitMemory, cmd: LoopCommand, input: UnitWorkflowInput, now: number): Decision {
  const next = copyMemory(m);
  const same: Decision = { ok: true, memory: m, effects: [], wake: false };
  const applied = (effects: UnitEffect[], wake: boolean): Decision => ({ ok: true, memory: next, effects, wake });
  const continueIfMore = (rest: unknown[]): UnitEffect[] => (rest.length ? [{ type: 'continue-as-new' }] : []);

  switch (cmd.type) {
    case 'parent-approved':
      if (m.stage !== 'waiting') return same;
      next.parentPlanApprovedOn = cmd.approvedOn;
      return applied(moveTo(next, input, now, 'drafting'), true);
    case 'child-reported':
      if (m.removedChildIds.includes(cmd.report.unitId)) return same;
      next.childReports[cmd.report.unitId] = cmd.report;
      return applied([], true);
    case 'child-cancelled':
      if (!next.removedChildIds.includes(cmd.unitId)) next.removedChildIds.push(cmd.unitId);
      return applied([], true);
    case 'deadline-event-due': {
      const { task, event } = cmd;
      if (taskOfStage(m.stage) !== task) return { ok: false, refusal: { type: ERROR_TYPES.WrongStage, message: `task ${task} is not open in stage ${m.stage}` } };
      next.firedEvents.push(firedKey(task, m.revision, event));
      if (event.kind === 'due') return applied([{ type: 'publish' }], false);
      const people = assigneesOf(task, next, input);
      if (event.kind === 'reminder') {
        const [to, ...cc] = people;
        return applied(to ? [notifyEffect(next, input, now, 'reminder', task, event.key, to, { cc })] : [], false);
      }
      const rung = input.context.template.escalation[event.index]!;
      const to = rungRecipient(rung, people, input);
      // The late unit's people are copied so they see the matter has gone up; only its own head gets an action link.
      const cc = rung.to === 'unit-head' ? people.slice(1) : people;
      const mail = to ? [notifyEffect(next, input, now, 'escalation', rung.to === 'unit-head' ? task : undefined, event.key, to, { cc, note: escalationAsk(rung, task), about: task, dueAt: taskDueAt(task, next, input, input.context.calendar) })] : [];
      return applied(mail, false);
    }
    case 'remind-due': {
      next.remindRequested = false;
      const [to, ...cc] = assigneesOf(cmd.task, next, input);
      return applied(to ? [notifyEffect(next, input, now, 'reminder', cmd.task, `now-${next.adminNotes.length}`, to, { cc })] : [], false);
    }
    case 'resume':
      return { ok: true, memory: m, effects: [{ type: 'publish' }], wake: false };
    case 'announce-first-task': {
      const task = taskOfStage(m.stage);
      return { ok: true, memory: m, effects: task ? taskOpenedEffects(m, input, now, task) : [], wake: false };
    }
    case 'start-child-batch': {
      const batch = m.childrenToStart.slice(0, childBatchOf(input));
      next.childrenToStart = m.childrenToStart.slice(batch.length);
      next.startedChildIds.push(...batch.map((c) => c.id));
      // Kept so that missing children are named in roll-ups and reports.
      next.childNames = { ...m.childNames, ...Object.fromEntries(batch.map((c) => [c.id, c.name])) };
      if (m.approvedOn) next.childrenToNotify = m.childrenToNotify.filter((id) => !batch.some((c) => c.id === id));
      // Children still in the snapshot count as more to start: each batch gets a fresh run.
      const unread = next.childPages?.next != null ? [next.childPages] : [];
      return applied([{ type: 'start-children', children: batch.map((c) => childStart(m, input, now, c)) }, ...continueIfMore([...next.childrenToStart, ...unread])], false);
    }
    case 'children-loaded': {
      if (!m.childPages || m.childPages.next === null) return same;
      // A child an admin removed (or added by hand) meanwhile is not started again.
      const known = new Set([...activeChildIds(m), ...m.removedChildIds]);
      next.childrenToStart.push(...cmd.children.filter((c) => !known.has(c.id)));
      next.childPages = { ...m.childPages, next: cmd.next };
      return applied([], false);
    }
    case 'notify-child-batch': {
      const batch = m.childrenToNotify.slice(0, childBatchOf(input));
      next.childrenToNotify = m.childrenToNotify.slice(batch.length);
      const ids = batch.filter((id) => m.startedChildIds.includes(id) && !m.removedChildIds.includes(id));
      return applied([{ type: 'signal-parent-approved', workflowIds: ids.map((id) => unitIdOf(input, id)), approvedOn: m.approvedOn! }, ...continueIfMore(next.childrenToNotify)], false);
    }
    case 'report-requested':
      if (m.stage !== 'implementing') return same;
      return applied(moveTo(next, input, now, 'reporting'), true);
    case 'report-up': {
      const c = hasChildren(m) ? consolidationOf(m, input) : { values: m.report?.values ?? {}, missingUnitIds: [], missingUnitNames: [], coveredUnits: 1 };
      const by = m.actionRecords[`consolidate:${m.revision}`] ?? m.actionRecords[`report:${m.revision}`];
      const submittedAt = new Date(now).toISOString();
      const assessment = m.consolidationNarrative ? { narrative: m.consolidationNarrative, ...(m.consolidationSections ? { sections: m.consolidationSections } : {}) } : null;
      const childReports = Object.values(m.childReports).filter((r) => !m.removedChildIds.includes(r.unitId));
      const report: ChildReport = {
        unitId: input.node.id,
        values: c.values,
        missingUnitIds: c.missingUnitIds,
        missingUnitNames: c.missingUnitNames,
        late: m.late,
        submittedAt,
        coveredUnits: c.coveredUnits,
        ...(by ? { submittedBy: by.actor } : {}),
        // Each unit's own report travels up by name (within a size budget), with this unit's overall assessment.
        unitName: input.node.name,
        ...withUnits(carriedEntries(input.node, m.report, assessment, childReports, submittedAt)),
        ...(assessment ? { assessment } : {}),
      };
      next.reportedAt = report.submittedAt;
      return applied([{ type: 'report-up', workflowId: input.reportToWorkflowId, report }], false);
    }
    case 'resend-roll-up':
      if (!childReportsChanged(cmd.reportsBefore, m.childReports, cmd.patches.resendCorrectedRollUp)) return same;
      return decideLoop(m, { type: 'report-up' }, input, now);
    case 'cancel': {
      const effects: UnitEffect[] = [];
      if (m.stage !== 'cancelled') {
        next.stage = 'cancelled';
        effects.push({ type: 'publish' });
      }
      next.childrenToCancel ??= m.startedChildIds.filter((id) => !m.removedChildIds.includes(id) && !m.childReports[id]);
      return applied(effects, false);
    }
    case 'cancel-child-batch': {
      const all = m.childrenToCancel ?? [];
      const batch = all.slice(0, childBatchOf(input));
      next.childrenToCancel = all.slice(batch.length);
      // Two events per cancelled child: a large fan-out is cancelled over several runs.
      return applied([{ type: 'cancel-children', workflowIds: batch.map((id) => unitIdOf(input, id)) }, ...continueIfMore(next.childrenToCancel)], false);
    }
    case 'report-cancelled-up':
      return { ok: true, memory: m, effects: [{ type: 'report-cancelled-up', workflowId: input.reportToWorkflowId, unitId: input.node.id }], wake: false };
  }
}
