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
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { z } from 'zod';
import { describeZodError } from '../domain/actions';
import {
  addUnitSchema,
  cancelCycleSchema,
  extendDeadlineSchema,
  reassignSchema,
  remindNowSchema,
  removeUnitSchema,
  type AddUnitInput,
  type AdminResult,
  type CancelCycleInput,
  type ExtendDeadlineInput,
  type ReassignInput,
  type RemindNowInput,
  type RemoveUnitInput,
} from '../domain/admin';
import type { CalendarData } from '../domain/calendar';
import type { Cascade } from '../domain/cascade/schema';
import type { ChildReport, UnitNode } from '../domain/cycle/types';
import { buildUnitTree, cycleContext, flattenUnits } from '../domain/cycle/unit-tree';
import { dateInVietnam } from '../domain/calendar';
import { buildReport } from '../domain/report/build';
import { reportSetup, type ReportSetup } from '../domain/report/setup';
import { finalReportMailParts } from '../domain/report/mail-parts';
import { cycleWorkflowId, unitWorkflowId } from '../domain/ids';
import { CYCLE_KEY, LEVEL_KEY, PARENT_ID_KEY, STAGE_KEY, UNIT_ID_KEY } from '../domain/search-attributes';
import type { AdminActivities, MailActivities } from '../activities/types';
import { childCancelledSignal, childReportedSignal } from './unit-messages';
import { unitPlanWorkflow, type UnitResult } from './unit-plan';

/** Input of {@link cascadeCycleWorkflow}: a cascade already validated by `cascade validate`. */
export interface CycleInput {
  cascade: Cascade;
  year: number;
  calendar: CalendarData;
}

/** What the cycle returns when the year is over. */
export interface CycleResult {
  outcome: 'reported' | 'cancelled';
  consolidated: ChildReport | null;
}

/** Cycle-level status (per-unit status comes from the units themselves, see `cascade cycle status`). */
export interface CycleStatus {
  cascadeId: string;
  year: number;
  outcome: 'running' | 'reported' | 'cancelled';
  unitIds: string[];
  /** Parent of each unit (null for the root). */
  parentIds: Record<string, string | null>;
  removedUnitIds: string[];
  consolidated: ChildReport | null;
  audit: { action: string; unitId?: string; reason: string; actor: string }[];
}

export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');
/** What a report document of this cycle needs (for `cascade cycle report`, at any time). */
export const cycleReportQuery = defineQuery<CycleReportContext>('cycleReport');

/** Answer of {@link cycleReportQuery}. */
export interface CycleReportContext {
  setup: ReportSetup;
  removedUnitIds: string[];
  consolidated: ChildReport | null;
}
export const extendDeadlineCycleUpdate = defineUpdate<AdminResult, [ExtendDeadlineInput]>('extendDeadline');
export const reassignCycleUpdate = defineUpdate<AdminResult, [ReassignInput]>('reassign');
export const remindNowCycleUpdate = defineUpdate<AdminResult, [RemindNowInput]>('remindNow');
export const addUnitCycleUpdate = defineUpdate<AdminResult, [AddUnitInput]>('addUnit');
export const removeUnitCycleUpdate = defineUpdate<AdminResult, [RemoveUnitInput]>('removeUnit');
export const cancelCycleUpdate = defineUpdate<AdminResult, [CancelCycleInput]>('cancelCycle');

const { forwardUnitUpdate } = proxyActivities<AdminActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['InvalidInput', 'WrongStage', 'UnknownUnit', 'StaleRevision', 'NotAssignee'] },
});
const { sendNotification } = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: ['PermanentSmtpError', 'InvalidNotification'] },
});

/**
 * @param input the validated cascade, the year and the calendar data (official schedules)
 * @returns the consolidated report, or that the cycle was cancelled
 */
export async function cascadeCycleWorkflow(input: CycleInput): Promise<CycleResult> {
  const { cascade, year, calendar } = input;
  const context = cycleContext(cascade, year, calendar);
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

  const parse = <T>(schema: z.ZodType<T>, raw: unknown): T => {
    const r = schema.safeParse(raw);
    if (!r.success) throw ApplicationFailure.create({ type: 'InvalidInput', message: describeZodError(r.error).join('; '), nonRetryable: true });
    return r.data;
  };
  const knownUnit = (id: string): void => {
    if (!units.has(id) || removed.has(id)) {
      throw ApplicationFailure.create({ type: 'UnknownUnit', message: `unitId: không có đơn vị "${id}" trong chu kỳ ${cascade.id}/${year}`, nonRetryable: true });
    }
  };
  const running = (): void => {
    if (outcome !== 'running') throw ApplicationFailure.create({ type: 'WrongStage', message: `Chu kỳ ${year} đã kết thúc (${outcome}).`, nonRetryable: true });
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
    audit.push({ action, unitId, reason, actor });
    return result;
  };

  /** Validator of an Update that steers one unit: the cycle runs and knows the unit. */
  const steering =
    <T extends { unitId: string }>(schema: z.ZodType<T>) =>
    (raw: unknown): void => {
      running();
      knownUnit(parse(schema, raw).unitId);
    };

  setHandler(
    extendDeadlineCycleUpdate,
    (raw) => forward(raw.unitId, 'extendDeadline', raw, `extend-deadline → ${raw.newDueDate}`, raw.reason, raw.actor),
    { validator: steering(extendDeadlineSchema) },
  );
  setHandler(
    reassignCycleUpdate,
    (raw) => forward(raw.unitId, 'reassign', raw, 'reassign', raw.reason, raw.actor),
    { validator: steering(reassignSchema) },
  );
  setHandler(
    remindNowCycleUpdate,
    (raw) => forward(raw.unitId, 'remindNow', raw, 'remind-now', raw.reason, raw.actor),
    { validator: steering(remindNowSchema) },
  );
  setHandler(
    removeUnitCycleUpdate,
    async (raw) => {
      const parent = parentOf.get(raw.unitId)!;
      const result = await forward(parent.id, 'removeChild', raw, `remove-unit ${raw.unitId}`, raw.reason, raw.actor);
      for (const u of flattenUnits(units.get(raw.unitId)!)) removed.add(u.id);
      return result;
    },
    {
      validator: (raw) => {
        running();
        const a = parse(removeUnitSchema, raw);
        knownUnit(a.unitId);
        if (a.unitId === root.id) throw ApplicationFailure.create({ type: 'InvalidInput', message: 'unitId: không thể rút đơn vị gốc; hãy hủy cả chu kỳ', nonRetryable: true });
      },
    },
  );
  setHandler(
    addUnitCycleUpdate,
    async (raw) => {
      const a = parse(addUnitSchema, raw);
      const parent = units.get(a.unitId)!;
      // Same deadlines as its siblings would have: a child reports when its parent's children do.
      const node: UnitNode = {
        ...a.node,
        reportDueDate: parent.childrenDueDate ?? parent.reportDueDate,
        reportDueAt: parent.childrenDueAt ?? parent.reportDueAt,
        children: [],
      };
      const result = await forward(parent.id, 'addChild', { node, reason: a.reason, actor: a.actor }, `add-unit ${node.id}`, a.reason, a.actor);
      units.set(node.id, node);
      parentOf.set(node.id, parent);
      added.push({ id: node.id, name: node.name, parentId: parent.id, head: node.head });
      parent.children.push(node);
      return result;
    },
    {
      validator: (raw) => {
        running();
        const a = parse(addUnitSchema, raw);
        knownUnit(a.unitId);
        if (units.has(a.node.id)) throw ApplicationFailure.create({ type: 'InvalidInput', message: `node.id: đã có đơn vị "${a.node.id}" trong chu kỳ này`, nonRetryable: true });
      },
    },
  );
  setHandler(
    cancelCycleUpdate,
    async (raw) => {
      audit.push({ action: 'cancel-cycle', reason: raw.reason, actor: raw.actor });
      await cancelRoot();
      return { ok: true, message: `Đã hủy chu kỳ ${year}; các đơn vị đang dừng lại.` };
    },
    {
      validator: (raw) => {
        running();
        parse(cancelCycleSchema, raw);
      },
    },
  );

  setHandler(childReportedSignal, (report) => {
    consolidated = report;
  });
  setHandler(childCancelledSignal, () => {
    outcome = 'cancelled';
  });
  setHandler(cycleStatusQuery, () => ({
    cascadeId: cascade.id,
    year,
    outcome,
    unitIds: [...units.keys()].filter((id) => !removed.has(id)),
    parentIds: Object.fromEntries([...units.keys()].map((id) => [id, parentOf.get(id)?.id ?? null])),
    removedUnitIds: [...removed],
    consolidated,
    audit,
  }));

  setHandler(cycleReportQuery, () => ({ setup: reportSetup(cascade, year, calendar, added), removedUnitIds: [...removed], consolidated }));

  const rootRun = await startChild(unitPlanWorkflow, {
    workflowId: unitWorkflowId(cascade.id, year, root.id),
    // The cycle waits for its root; cancelling the cycle cancels the root, which cancels the rest.
    parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    // Cancelled by hand (cancel update, or this workflow's own cancellation) so it is requested once.
    cancellationType: ChildWorkflowCancellationType.ABANDON,
    args: [{ context, node: root, parentId: null, reportToWorkflowId: cycleWorkflowId(cascade.id, year), superiors: [] }],
    typedSearchAttributes: [
      { key: CYCLE_KEY, value: `${cascade.id}/${year}` },
      { key: UNIT_ID_KEY, value: root.id },
      { key: PARENT_ID_KEY, value: '' },
      { key: LEVEL_KEY, value: root.level },
    ],
    staticSummary: `${root.name} — tổng hợp năm ${year}`,
    staticDetails: `Đơn vị gốc của chu kỳ ${cascade.id}/${year}: ${units.size} đơn vị.`,
  });

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

  async function sendConsolidatedReport(report: ChildReport): Promise<void> {
    const person = cascade.cycle.finalRecipient.person;
    const setup = reportSetup(cascade, year, calendar, added);
    // Too large a tree to carry every unit's report: the mail activity builds the document through queries.
    const document = report.units
      ? buildReport({ setup, issuerId: root.id, entries: report.units, ...(report.assessment ? { assessment: report.assessment } : {}), date: dateInVietnam(new Date()), removedUnitIds: [...removed] })
      : undefined;
    const body = document
      ? { ...finalReportMailParts(document, report.assessment?.narrative), report: document }
      : { ...(report.assessment ? { note: report.assessment.narrative } : {}), attachReportOf: { cascadeId: cascade.id, year, unitId: root.id } };
    // The root's body sends its report, signed by its head, to the final recipient's organisation.
    await sendNotification({
      kind: 'consolidated-report',
      workflowId: cycleWorkflowId(cascade.id, year),
      revision: 0,
      sequence: 'final',
      to: { ...person, organisation: cascade.cycle.finalRecipient.organisation },
      unitName: root.name,
      parentPlanLabel: context.planLabel,
      ...body,
    });
    // Bodies on the "Nơi nhận" for coordination or information get the same report, with no task.
    if (setup.informational.length && patched('final-report-informational')) {
      for (const r of setup.informational) {
        await sendNotification({
          kind: 'consolidated-report',
          workflowId: cycleWorkflowId(cascade.id, year),
          revision: 0,
          sequence: `final-${r.id}`,
          to: { ...r.head, organisation: r.name },
          unitName: root.name,
          parentPlanLabel: context.planLabel,
          ...body,
        });
      }
    }
  }
}
