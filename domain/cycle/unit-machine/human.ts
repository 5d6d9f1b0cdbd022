/**
 * The human actions on a unit (from the signed links): submit plan, review,
 * submit report, submit consolidation. Each is refused with one precise reason,
 * answered "already recorded" when repeated, or applied.
 */
import type { ActionResult, ReviewPlanInput, TaskKind } from '../../actions';
import { ERROR_TYPES } from '../../errors';
import type { UnitWorkflowInput } from '../types';
import type { ActionRecord, UnitMemory } from '../unit-memory';
import { actionKey, indicatorValueProblems, refuseAction, taskDueAt } from '../unit-rules';
import { copyMemory, formatVnDateTime, hasChildren, notifyEffect, todayOf } from './memory-ops';
import { approve, moveTo } from './transitions';
import type { Decision, Refusal, UnitCommand, UnitEffect } from './types';

type HumanCommand = Extract<UnitCommand, { type: 'submit-plan' | 'review' | 'submit-report' | 'submit-consolidation' }>;

const ALREADY: Omit<ActionResult, 'stage'> = { outcome: 'already-recorded', message: 'Việc này đã được ghi nhận trước đó; không cần gửi lại.' };

/**
 * @param done the decision recorded first on a revision
 * @param decision the decision arriving now
 * @returns the refusal of a later, different decision (who decided what, and when), or undefined when it is the same
 */
export function laterDecisionRefusal(done: ActionRecord | undefined, decision: 'approve' | 'return'): Refusal | undefined {
  if (!done?.decision || done.decision === decision) return undefined;
  const what = done.decision === 'approve' ? 'phê duyệt' : 'trả lại';
  return { type: ERROR_TYPES.AlreadyDecided, message: `Kế hoạch đã được ${done.actor} ${what} lúc ${formatVnDateTime(done.at)}; quyết định sau không được ghi nhận.` };
}

function conflictingDecision(m: UnitMemory, a: ReviewPlanInput): Refusal | undefined {
  return laterDecisionRefusal(m.actionRecords[actionKey(a.task, a.revision)], a.decision);
}

/**
 * @param m memory before
 * @param cmd a human action, its shape already checked by zod
 * @param input the unit's input
 * @param now epoch ms (workflow time)
 * @returns the decision
 */
export function decideHuman(m: UnitMemory, cmd: HumanCommand, input: UnitWorkflowInput, now: number): Decision {
  const a = cmd.input;
  const refusal = refuseAction(a, m, input) ?? (cmd.type === 'review' ? conflictingDecision(m, cmd.input) : undefined);
  if (refusal) return { ok: false, refusal: { type: refusal.type, message: refusal.message } };
  if (m.doneActions.includes(actionKey(a.task, a.revision))) {
    return { ok: true, memory: m, effects: [], wake: false, reply: { ...ALREADY, stage: m.stage } };
  }
  if (cmd.type === 'submit-report') {
    const problems = indicatorValueProblems(input.context.template.indicators, cmd.input.values);
    if (problems.length) return { ok: false, refusal: { type: ERROR_TYPES.InvalidInput, message: problems.join('; ') } };
  }
  const next = copyMemory(m);
  const late = (task: TaskKind): boolean => {
    const isLate = now > Date.parse(taskDueAt(task, next, input, input.context.calendar));
    if (isLate) next.late = true;
    return isLate;
  };
  const record = (decision?: 'approve' | 'return'): void => {
    next.doneActions.push(actionKey(a.task, a.revision));
    next.actionRecords[actionKey(a.task, a.revision)] = { actor: a.actor, at: new Date(now).toISOString(), ...(decision ? { decision } : {}) };
  };
  const accepted = (effects: UnitEffect[], message: string): Decision => ({
    ok: true,
    memory: next,
    effects,
    wake: true,
    reply: { outcome: 'accepted', stage: next.stage, message },
  });

  switch (cmd.type) {
    case 'submit-plan': {
      const { task: _t, revision: _r, actor: _a, ...plan } = cmd.input;
      next.plan = plan;
      late('draft-plan');
      next.submittedOn = todayOf(now);
      record();
      // The root of a cycle has no approver inside it: issuing its plan approves it.
      if (input.superiors.length === 0) return accepted(approve(next, input, now), 'Đã ban hành kế hoạch; các đơn vị trực thuộc được giao xây dựng kế hoạch.');
      return accepted(moveTo(next, input, now, 'in-review'), 'Đã nhận dự thảo kế hoạch; kế hoạch đã được chuyển cấp trên xem xét, phê duyệt.');
    }
    case 'review': {
      const r = cmd.input;
      record(r.decision);
      if (r.decision === 'approve') {
        next.lastReviewComment = r.comment || null;
        return accepted(approve(next, input, now, r.comment || undefined), 'Đã phê duyệt kế hoạch; đơn vị được thông báo để triển khai thực hiện.');
      }
      next.lastReviewComment = r.comment;
      next.revision++;
      next.returnedOn = todayOf(now);
      delete next.dueOverrides['draft-plan'];
      // The "returned" mail carries the comment and the new link: it opens the redraft.
      const mail = notifyEffect(next, input, now, 'returned', 'draft-plan', `returned-${next.revision}`, next.head, { cc: next.substitutes, note: r.comment });
      return accepted([mail, ...moveTo(next, input, now, 'drafting', false)], 'Đã trả lại kế hoạch kèm ý kiến; đơn vị sẽ chỉnh sửa và gửi lại.');
    }
    case 'submit-report': {
      next.report = { values: cmd.input.values, narrative: cmd.input.narrative, ...(cmd.input.sections ? { sections: cmd.input.sections } : {}), submittedAt: new Date(now).toISOString() };
      const isLate = late('report');
      next.report.late = isLate;
      record();
      return accepted(moveTo(next, input, now, hasChildren(next) ? 'consolidating' : 'reported'), isLate ? 'Đã nhận báo cáo (nộp sau thời hạn).' : 'Đã nhận báo cáo kết quả thực hiện.');
    }
    case 'submit-consolidation': {
      next.consolidationNarrative = cmd.input.narrative;
      if (cmd.input.sections) next.consolidationSections = cmd.input.sections;
      const isLate = late('consolidate');
      record();
      // The body above receives the consolidated report as a document (the root's goes out from the cycle);
      // the shell says whether this run takes that path (patched 'report-up-mail').
      const head = input.superiors[0];
      const reportMail = head && cmd.reportUpMail
        ? [notifyEffect(next, input, now, 'consolidated-report', undefined, `report-up-${next.revision}`, head, { attachReportOf: { cascadeId: input.context.cascadeId, year: input.context.year, unitId: input.node.id }, note: cmd.input.narrative })]
        : [];
      return accepted([...reportMail, ...moveTo(next, input, now, 'reported')], isLate ? 'Đã gửi báo cáo tổng hợp (sau thời hạn).' : 'Đã gửi báo cáo tổng hợp lên cấp trên.');
    }
  }
}
