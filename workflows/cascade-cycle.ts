/**
 * One cascade's year. It turns the validated cascade into the tree of units,
 * starts the root unit (which starts the rest), takes the admins' steering as
 * Updates (keeping the audit trail in its own history), and ends by sending the
 * consolidated report to the final recipient.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { AdminResult } from '../domain/admin';
import type { ChildReport, UnitNode } from '../domain/cycle/types';
import { finalReportNotifications } from '../domain/cycle/final-report';
import { actionWindowNoticeAt, actionWindowNotifications, issuedPlanNotifications } from '../domain/cycle/cycle-notices';
import { dateInVietnam } from '../domain/calendar/pure';
import { reportSetup } from '../domain/report/setup';
import { checkSteering, type CycleFacts } from '../domain/cycle/cycle-steering';
import { buildUnitTree, cycleContext, flattenUnits } from '../domain/cycle/unit-tree';
import { CHILD_BATCH, isChildBatch } from '../domain/cycle/unit-machine';
import { cycleWorkflowId, unitWorkflowId } from '../domain/ids';
import { CYCLE_KEY, LEVEL_KEY, PARENT_ID_KEY, STAGE_KEY, UNIT_ID_KEY } from '../domain/search-attributes';
import type { AdminActivities, MailActivities } from '../activities/types';
import { ADMIN_ACTIVITY_OPTIONS, MAIL_ACTIVITY_OPTIONS } from './activity-options';
import { resolveCycleInput, rootInputFields } from './cycle-snapshot';
import { adminSchemas } from './schemas-on-demand';
import {
  addUnitCycleUpdate,
  cancelCycleUpdate,
  cycleStatusAnswer,
  cycleStatusQuery,
  cycleReportQuery,
  cycleSummaryAnswer,
  cycleSummaryQuery,
  extendDeadlineCycleUpdate,
  reassignCycleUpdate,
  remindNowCycleUpdate,
  removeUnitCycleUpdate,
  type CycleAnswerFacts,
  type CycleStartInput,
  type CycleResult,
  type CycleStatus,
} from './cycle-messages';
import { childCancelledSignal, childReportedSignal } from './unit-messages';
import { unitPlanWorkflow, type UnitResult } from './unit-plan';

export * from './cycle-messages';

const { forwardUnitUpdate } = proxyActivities<AdminActivities>(ADMIN_ACTIVITY_OPTIONS);
const { sendNotification } = proxyActivities<MailActivities>(MAIL_ACTIVITY_OPTIONS);
/** Action-month notices in flight at once. */
const NOTICE_BATCH = 20;

/**
 * @param raw the validated cascade, the year and the calendar data, or where they are stored (./cycle-snapshot.ts)
 * @returns the consolidated report, or that the cycle was cancelled
 */
export async function cascadeCycleWorkflow(raw: CycleStartInput): Promise<CycleResult> {
  const { input, snapshot } = await resolveCycleInput(raw);
  const { cascade, year, calendar } = input;
  if (input.childBatch !== undefined && !isChildBatch(input.childBatch)) {
    throw ApplicationFailure.create({ type: 'InvalidInput', message: `childBatch: phải là số nguyên từ 1 đến ${CHILD_BATCH} (nhận được ${String(input.childBatch)})`, nonRetryable: true });
  }
  const context = cycleContext(cascade, year, calendar, input.childBatch);
  const root = buildUnitTree(cascade, year, calendar);
  const parentOf = new Map<string, UnitNode>();
  const units = new Map<string, UnitNode>();
  for (const u of flattenUnits(root)) {
    units.set(u.id, u);
    for (const c of u.children) parentOf.set(c.id, u);
  }
  const removed = new Set<string>();
  /** Units added by an admin during the year (the report names them too). */
  const added: { id: string; name: string; parentId: string; head: { name: string; title: string } }[] = [];
  const audit: CycleStatus['audit'] = [];
  let consolidated: ChildReport | null = null;
  let outcome: CycleStatus['outcome'] = 'running';
  let rootClosed = false;
  let rootCancelRequested = false;

  upsertSearchAttributes([
    { key: CYCLE_KEY, value: `${cascade.id}/${year}` },
    { key: UNIT_ID_KEY, value: root.id },
    { key: STAGE_KEY, value: 'running' },
  ]);
  setCurrentDetails(`**${cascade.name}** — năm ${year}: ${units.size} đơn vị đang thực hiện.`);

  const facts: CycleFacts = {
    cascadeId: cascade.id,
    year,
    rootId: root.id,
    get outcome() {
      return outcome;
    },
    isUnit: (id) => units.has(id) && !removed.has(id),
    exists: (id) => units.has(id),
  };
  /** Parses and checks a steering command (validators and handlers alike); a refusal changes nothing. */
  const check = <T>(schema: z.ZodType<T>, raw: unknown, opts: Parameters<typeof checkSteering<T>>[3] = {}): T => {
    const r = checkSteering(schema, raw, facts, opts);
    if (!r.ok) throw ApplicationFailure.create({ type: r.refusal.type, message: r.refusal.message, nonRetryable: true });
    return r.value;
  };
  const forward = async (unitId: string, update: string, args: unknown, action: string, reason: string, actor: string): Promise<AdminResult> => {
    let result: AdminResult;
    try {
      result = await forwardUnitUpdate({ workflowId: unitWorkflowId(cascade.id, year, unitId), update, args });
    } catch (err) {
      // The unit's own refusal (its validator) reaches the admin as is, not as "activity failed".
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
        throw ApplicationFailure.create({ type: err.cause.type ?? 'Refused', message: err.cause.message, nonRetryable: true });
      }
      throw err;
    }
    // Workflow time: deterministic, and on replay the time the action really took effect.
    audit.push({ action, unitId, reason, actor, at: new Date().toISOString() });
    return result;
  };
  const byUnit = { unitId: (v: { unitId: string }) => v.unitId };

  setHandler(extendDeadlineCycleUpdate, (raw) => forward(raw.unitId, 'extendDeadline', raw, `extend-deadline → ${raw.newDueDate}`, raw.reason, raw.actor), {
    validator: (raw) => void check(adminSchemas().extendDeadlineSchema, raw, byUnit),
  });
  setHandler(reassignCycleUpdate, (raw) => forward(raw.unitId, 'reassign', raw, 'reassign', raw.reason, raw.actor), { validator: (raw) => void check(adminSchemas().reassignSchema, raw, byUnit) });
  setHandler(remindNowCycleUpdate, (raw) => forward(raw.unitId, 'remindNow', raw, 'remind-now', raw.reason, raw.actor), { validator: (raw) => void check(adminSchemas().remindNowSchema, raw, byUnit) });
  setHandler(
    removeUnitCycleUpdate,
    async (raw) => {
      const parent = parentOf.get(raw.unitId)!;
      const result = await forward(parent.id, 'removeChild', raw, `remove-unit ${raw.unitId}`, raw.reason, raw.actor);
      for (const u of flattenUnits(units.get(raw.unitId)!)) removed.add(u.id);
      return result;
    },
    { validator: (raw) => void check(adminSchemas().removeUnitSchema, raw, { ...byUnit, notRoot: true }) },
  );
  setHandler(
    addUnitCycleUpdate,
    async (raw) => {
      const a = adminSchemas().addUnitSchema.parse(raw);
      const parent = units.get(a.unitId)!;
      // Same deadlines as its siblings would have: a child reports when its parent's children do.
      const node: UnitNode = { ...a.node, ...(parent.planLabel ? { planLabel: parent.planLabel } : {}), reportDueDate: parent.childrenDueDate ?? parent.reportDueDate, reportDueAt: parent.childrenDueAt ?? parent.reportDueAt, children: [] };
      const result = await forward(parent.id, 'addChild', { node, reason: a.reason, actor: a.actor }, `add-unit ${node.id}`, a.reason, a.actor);
      units.set(node.id, node);
      parentOf.set(node.id, parent);
      added.push({ id: node.id, name: node.name, parentId: parent.id, head: node.head });
      parent.children.push(node);
      return result;
    },
    { validator: (raw) => void check(adminSchemas().addUnitSchema, raw, { ...byUnit, newUnitId: (v) => v.node.id }) },
  );
  setHandler(
    cancelCycleUpdate,
    async (raw) => {
      audit.push({ action: 'cancel-cycle', reason: raw.reason, actor: raw.actor, at: new Date().toISOString() });
      await cancelRoot();
      return { ok: true, message: `Đã hủy chu kỳ ${year}; các đơn vị đang dừng lại.` };
    },
    { validator: (raw) => void check(adminSchemas().cancelCycleSchema, raw) },
  );

  setHandler(childReportedSignal, (report) => {
    consolidated = report;
  });
  setHandler(childCancelledSignal, () => {
    outcome = 'cancelled';
  });
  const answerFacts = (): CycleAnswerFacts => ({ cascadeId: cascade.id, year, outcome, unitIds: units.keys(), parentOf: (id) => parentOf.get(id)?.id ?? null, removed, consolidated, audit });
  setHandler(cycleStatusQuery, () => cycleStatusAnswer(answerFacts()));
  // A new Query handler only: answering it writes nothing to history (no patch needed).
  setHandler(cycleSummaryQuery, () => cycleSummaryAnswer(answerFacts()));
  setHandler(cycleReportQuery, () => ({ setup: reportSetup(cascade, year, calendar, added), removedUnitIds: [...removed], consolidated }));

  const rootRun = await startChild(unitPlanWorkflow, {
    workflowId: unitWorkflowId(cascade.id, year, root.id),
    // The cycle waits for its root; cancelling the cycle cancels the root, which cancels the rest.
    parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    // Cancelled by hand (cancel update, or this workflow's own cancellation) so it is requested once.
    cancellationType: ChildWorkflowCancellationType.ABANDON,
    args: [{ context, ...rootInputFields(root, snapshot), parentId: null, reportToWorkflowId: cycleWorkflowId(cascade.id, year), superiors: [] }],
    typedSearchAttributes: [
      { key: CYCLE_KEY, value: `${cascade.id}/${year}` },
      { key: UNIT_ID_KEY, value: root.id },
      { key: PARENT_ID_KEY, value: '' },
      { key: LEVEL_KEY, value: root.level },
    ],
    staticSummary: `${root.name} — tổng hợp năm ${year}`,
    staticDetails: `Đơn vị gốc của chu kỳ ${cascade.id}/${year}: ${units.size} đơn vị.`,
  });

  // Bodies on the root's "Nơi nhận" that do not carry the plan out (để b/c, để p/h, để biết)
  // receive it; each implementing unit is told when an action month opens. Cycles started
  // before these mails existed take neither path (replay).
  const planMails = sendIssuedPlan();
  const notices = sendActionWindowNotices();

  // The consolidated report goes out as soon as the root reports; the root itself
  // stays open for late children, and the cycle closes with it.
  const rootDone = rootRun.result().then(
    (r: UnitResult) => {
      rootClosed = true;
      if (r.stage === 'cancelled') outcome = 'cancelled';
    },
    (err: unknown) => {
      rootClosed = true;
      if (!isCancellation(err)) throw err;
      outcome = 'cancelled';
    },
  );
  try {
    await condition(() => consolidated !== null || rootClosed);
    if (consolidated && outcome === 'running') {
      await sendConsolidatedReport(consolidated);
      outcome = 'reported';
      publish();
    }
    await rootDone;
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      await cancelRoot();
      await rootDone.catch(() => undefined);
    });
    outcome = 'cancelled';
  }
  if (outcome === 'running') outcome = consolidated ? 'reported' : 'cancelled';
  // A year that closes before its action month still announces it.
  await planMails;
  if (outcome === 'reported') await notices;
  publish();
  await condition(allHandlersFinished);
  return { outcome: outcome === 'reported' ? 'reported' : 'cancelled', consolidated };

  async function cancelRoot(): Promise<void> {
    if (rootCancelRequested) return;
    rootCancelRequested = true;
    await getExternalWorkflowHandle(unitWorkflowId(cascade.id, year, root.id)).cancel();
  }

  function publish(): void {
    upsertSearchAttributes([{ key: STAGE_KEY, value: outcome }]);
    const text = outcome === 'reported' ? 'đã gửi báo cáo tổng hợp' : outcome === 'cancelled' ? 'đã hủy' : 'đang thực hiện';
    setCurrentDetails(`**${cascade.name}** — năm ${year}: ${text}.`);
  }

  /**
   * A mail that asks nothing: an address the server refuses for good (after the activity's
   * retries) is left in the history for operators and does not fail the cycle.
   */
  async function sendNoTask(n: Parameters<typeof sendNotification>[0]): Promise<void> {
    await sendNotification(n).catch((err: unknown) => {
      if (isCancellation(err)) throw err;
    });
  }

  /** The root's issued plan to its informational bodies (patched 'plan-informational'). */
  async function sendIssuedPlan(): Promise<void> {
    if (!root.issuedPlan) return;
    const setup = reportSetup(cascade, year, calendar);
    if (!setup.informational.length || !patched('plan-informational')) return;
    const facts = { cascadeId: cascade.id, year, setup, root: { id: root.id, name: root.name, planLabel: root.planLabel ?? context.planLabel }, rootReportDueAt: root.reportDueAt };
    try {
      for (const n of issuedPlanNotifications(facts)) await sendNoTask(n);
    } catch (err) {
      if (!isCancellation(err)) throw err;
    }
  }

  /** On each action month's first day (patched 'action-month-notice'), a notice to every unit still in the cycle. */
  async function sendActionWindowNotices(): Promise<void> {
    const windows = (context.actionWindows ?? []).map((w, i) => ({ w, i, at: Date.parse(actionWindowNoticeAt(w.from, calendar)) })).filter((x) => x.at > Date.now());
    if (!windows.length || !patched('action-month-notice')) return;
    try {
      for (const { w, i, at } of windows) {
        if (at > Date.now()) await sleep(at - Date.now());
        if (outcome === 'cancelled' || rootCancelRequested) return;
        const recipients = [...units.values()].filter((u) => !removed.has(u.id));
        const mails = actionWindowNotifications(cascade.id, year, w, i, recipients, context.planLabel);
        // A few at a time: one unit's mail server being slow does not hold the rest.
        for (let k = 0; k < mails.length; k += NOTICE_BATCH) await Promise.all(mails.slice(k, k + NOTICE_BATCH).map(sendNoTask));
      }
    } catch (err) {
      if (!isCancellation(err)) throw err;
    }
  }

  async function sendConsolidatedReport(report: ChildReport): Promise<void> {
    const setup = reportSetup(cascade, year, calendar, added);
    // Bodies on the "Nơi nhận" for coordination or information get the same report, with no task.
    const informational = setup.informational.length > 0 && patched('final-report-informational');
    const facts = { cascade, year, setup, planLabel: context.planLabel, root, report, removedUnitIds: [...removed], today: dateInVietnam(new Date()), informational };
    for (const n of finalReportNotifications(facts)) await sendNotification(n);
  }
}
