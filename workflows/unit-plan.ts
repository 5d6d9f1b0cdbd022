/**
 * One unit's year: waiting → drafting ⇄ in-review → implementing → reporting →
 * (consolidating, for a node with children) → reported; or cancelled.
 *
 * Shape for scale: children are started in batches with ParentClosePolicy
 * ABANDON and report back by signal to this workflow's id, so this workflow can
 * continue-as-new whenever the server suggests it (children are not carried over
 * a continue-as-new, and no run ever has more than CHILD_BATCH pending children).
 */
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  setCurrentDetails,
} from '@temporalio/workflow';
import { z } from 'zod';
import {
  describeZodError,
  reviewPlanSchema,
  submitConsolidationSchema,
  submitPlanSchema,
  submitReportSchema,
  TASK_LABELS_VI,
  type ActionResult,
  type TaskKind,
} from '../domain/actions';
import { extendDeadlineSchema, reassignSchema, remindNowSchema, removeUnitSchema, type AdminResult } from '../domain/admin';
import { addWorkingDays, dateInVietnam, isIsoDate } from '../domain/calendar';
import { rollUp } from '../domain/cycle/rollup';
import { carriedEntries, missingNames, withUnits } from '../domain/report/carry';
import { deadlineEvents, officeHoursInstant, type DeadlineEvent } from '../domain/cycle/schedule';
import type { ChildReport, UnitNode, UnitWorkflowInput } from '../domain/cycle/types';
import { initialMemory, type UnitMemory } from '../domain/cycle/unit-memory';
import { actionKey, assigneesOf, indicatorValueProblems, refuseAction, taskDueAt, taskDueDate, taskOfStage, waitingOn } from '../domain/cycle/unit-rules';
import { unitWorkflowId } from '../domain/ids';
import type { Notification, NotificationKind, Recipient } from '../domain/notifications';
import { escalationAsk } from '../domain/cycle/escalation-ask';
import {
  CYCLE_KEY,
  DUE_AT_KEY,
  LEVEL_KEY,
  OVERDUE_KEY,
  PARENT_ID_KEY,
  STAGE_KEY,
  UNIT_ID_KEY,
  WAITING_ON_KEY,
} from '../domain/search-attributes';
import { STAGE_LABELS_VI, type Stage } from '../domain/stages';
import type { MailActivities } from '../activities/types';
import {
  addChildUpdate,
  childCancelledSignal,
  childReportedSignal,
  extendDeadlineUpdate,
  parentPlanApprovedSignal,
  reassignUpdate,
  remindNowUpdate,
  removeChildUpdate,
  reviewPlanUpdate,
  submitConsolidationUpdate,
  submitPlanUpdate,
  submitReportUpdate,
  unitStateQuery,
  type UnitState,
} from './unit-messages';

/**
 * At most this many children are started (or signalled, or cancelled) per run.
 * Each start carries the child's input (~10 KB with the cycle context), so 200
 * keeps a run's history near 2 MB, under the server's 4 MB continue-as-new hint
 * (400 made 4.5 MB runs at 5,000 units).
 */
export const CHILD_BATCH = 200;

const { sendNotification } = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  // SMTP may be down for hours; keep trying with backoff for up to three days.
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: ['PermanentSmtpError', 'InvalidNotification'] },
});

/** What a unit workflow returns when it closes. */
export interface UnitResult {
  unitId: string;
  stage: Stage;
  late: boolean;
  revision: number;
}

/**
 * @param input the unit's node (with its subtree and deadlines), its superiors and the cycle context
 * @returns the final stage of the unit
 */
export async function unitPlanWorkflow(input: UnitWorkflowInput): Promise<UnitResult> {
  const { context, node } = input;
  const calendar = context.calendar;
  const mem: UnitMemory = (input.carried as UnitMemory | undefined) ?? initialMemory(node, input.parentPlanApprovedOn ?? null, new Date().toISOString(), dateInVietnam(new Date()), input.parentId === null);
  const pendingMail = new Set<Promise<unknown>>();
  /** Bumped on every change, so waits wake up and recompute. */
  let version = 0;
  let remindNowRequested = false;
  const touch = (): void => {
    version++;
  };
  const today = (): string => dateInVietnam(new Date());
  const hasChildren = (): boolean => mem.startedChildIds.length + mem.childrenToStart.length > 0;
  const activeChildIds = (): string[] =>
    [...mem.startedChildIds, ...mem.childrenToStart.map((c) => c.id)].filter((id) => !mem.removedChildIds.includes(id));
  const missingChildIds = (): string[] => activeChildIds().filter((id) => !mem.childReports[id]);

  // ---------- notifications ----------
  function notify(kind: NotificationKind, task: TaskKind | undefined, sequence: string, to: { name: string; title?: string; email: string }, extra: Partial<Notification> = {}): void {
    const dueAt = task ? taskDueAt(task, mem, input, calendar) : undefined;
    const n: Notification = {
      kind,
      workflowId: workflowInfo().workflowId,
      task,
      revision: mem.revision,
      sequence,
      to,
      unitName: node.name,
      parentPlanLabel: context.planLabel,
      dueAt,
      linkExpiresAt: task ? new Date(Date.now() + context.template.linkValidityHours * 3_600_000).toISOString() : undefined,
      ...extra,
    };
    const p = sendNotification(n).catch((err: unknown) => log.error('notification not sent', { kind, sequence, err: String(err) }));
    pendingMail.add(p);
    void p.finally(() => pendingMail.delete(p));
  }

  function notifyTaskOpened(task: TaskKind): void {
    const people = assigneesOf(task, mem, input);
    const kind: NotificationKind = task === 'review-plan' ? 'approval-request' : task === 'report' ? 'report-request' : 'task-assigned';
    const [to, ...cc] = people;
    if (to) notify(kind, task, `open-${mem.revision}`, to, { cc });
  }

  // ---------- visibility for operators ----------
  function publish(): void {
    const task = taskOfStage(mem.stage);
    const dueAt = task ? taskDueAt(task, mem, input, calendar) : null;
    const overdue = dueAt !== null && Date.now() > Date.parse(dueAt);
    upsertSearchAttributes([
      { key: STAGE_KEY, value: mem.stage },
      { key: WAITING_ON_KEY, value: waitingOn(mem.stage) },
      { key: DUE_AT_KEY, value: dueAt ? new Date(dueAt) : null },
      { key: OVERDUE_KEY, value: overdue },
    ]);
    const due = dueAt ? `, hạn ${formatVnDate(dateInVietnam(dueAt))}` : '';
    const who = waitingOn(mem.stage) === 'approver' ? 'chờ cấp trên duyệt' : waitingOn(mem.stage) === 'unit-head' ? 'chờ thủ trưởng đơn vị' : '';
    setCurrentDetails(`**${node.name}** — ${STAGE_LABELS_VI[mem.stage]}${who ? ` (${who})` : ''}${due}${overdue ? ' — **QUÁ HẠN**' : ''}`);
  }

  /** @param opts.announce false when the caller already sent the mail that opens the task */
  function moveTo(stage: Stage, opts: { announce?: boolean } = {}): void {
    mem.stage = stage;
    mem.eventsFrom = new Date().toISOString();
    touch();
    publish();
    const task = taskOfStage(stage);
    if (task && opts.announce !== false) notifyTaskOpened(task);
  }

  function markLateIfPast(task: TaskKind): boolean {
    const late = Date.now() > Date.parse(taskDueAt(task, mem, input, calendar));
    if (late) mem.late = true;
    return late;
  }

  function record(task: TaskKind, revision: number): void {
    mem.doneActions.push(actionKey(task, revision));
    touch();
  }

  /** The answer to an accepted action, with the stage it led to. */
  function accepted(message: string): ActionResult {
    return { outcome: 'accepted', stage: mem.stage, message };
  }

  function alreadyRecorded(task: TaskKind, revision: number): ActionResult | undefined {
    return mem.doneActions.includes(actionKey(task, revision))
      ? { outcome: 'already-recorded', stage: mem.stage, message: 'Việc này đã được ghi nhận trước đó; không cần gửi lại.' }
      : undefined;
  }

  /** Update validators: shape by zod, then state by the pure rules. Rejection leaves state untouched. */
  function validator<S extends z.ZodType<{ task: TaskKind; revision: number; actor: string }>>(schema: S) {
    return (raw: unknown): void => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw ApplicationFailure.create({ type: 'InvalidInput', message: describeZodError(parsed.error).join('; '), nonRetryable: true });
      }
      const refusal = refuseAction(parsed.data, mem, input);
      if (refusal) throw ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
    };
  }

  // ---------- human actions ----------
  setHandler(
    submitPlanUpdate,
    (raw) => {
      const a = submitPlanSchema.parse(raw);
      const done = alreadyRecorded(a.task, a.revision);
      if (done) return done;
      const { task: _t, revision: _r, actor: _a, ...plan } = a;
      mem.plan = plan;
      markLateIfPast('draft-plan');
      mem.submittedOn = today();
      if (input.superiors.length === 0) {
        // The root of a cycle has no approver inside it: issuing its plan approves it.
        record(a.task, a.revision);
        approve();
        return accepted('Đã ban hành kế hoạch; các đơn vị trực thuộc được giao xây dựng kế hoạch.');
      }
      record(a.task, a.revision);
      moveTo('in-review');
      return accepted('Đã nhận dự thảo kế hoạch; kế hoạch đã được chuyển cấp trên xem xét, phê duyệt.');
    },
    { validator: validator(submitPlanSchema) },
  );

  setHandler(
    reviewPlanUpdate,
    (raw) => {
      const a = reviewPlanSchema.parse(raw);
      const done = alreadyRecorded(a.task, a.revision);
      if (done) return done;
      if (a.decision === 'approve') {
        mem.lastReviewComment = a.comment || null;
        record(a.task, a.revision);
        approve(a.comment || undefined);
        return accepted('Đã phê duyệt kế hoạch; đơn vị được thông báo để triển khai thực hiện.');
      }
      mem.lastReviewComment = a.comment;
      record(a.task, a.revision);
      mem.revision++;
      mem.returnedOn = today();
      delete mem.dueOverrides['draft-plan'];
      // The "returned" mail carries the comment and the new link: it opens the redraft.
      notify('returned', 'draft-plan', `returned-${mem.revision}`, mem.head, { cc: mem.substitutes, note: a.comment });
      moveTo('drafting', { announce: false });
      return accepted('Đã trả lại kế hoạch kèm ý kiến; đơn vị sẽ chỉnh sửa và gửi lại.');
    },
    { validator: validator(reviewPlanSchema) },
  );

  setHandler(
    submitReportUpdate,
    (raw) => {
      const a = submitReportSchema.parse(raw);
      const done = alreadyRecorded(a.task, a.revision);
      if (done) return done;
      checkIndicatorValues(a.values);
      mem.report = { values: a.values, narrative: a.narrative, ...(a.sections ? { sections: a.sections } : {}), submittedAt: new Date().toISOString() };
      const late = markLateIfPast('report');
      mem.report.late = late;
      record(a.task, a.revision);
      moveTo(hasChildren() ? 'consolidating' : 'reported');
      return accepted(late ? 'Đã nhận báo cáo (nộp sau thời hạn).' : 'Đã nhận báo cáo kết quả thực hiện.');
    },
    {
      validator: (raw) => {
        validator(submitReportSchema)(raw);
        checkIndicatorValues(submitReportSchema.parse(raw).values);
      },
    },
  );

  setHandler(
    submitConsolidationUpdate,
    (raw) => {
      const a = submitConsolidationSchema.parse(raw);
      const done = alreadyRecorded(a.task, a.revision);
      if (done) return done;
      mem.consolidationNarrative = a.narrative;
      if (a.sections) mem.consolidationSections = a.sections;
      const late = markLateIfPast('consolidate');
      record(a.task, a.revision);
      moveTo('reported');
      // The body above receives the consolidated report as a document (the root's goes out from the cycle).
      const head = input.superiors[0];
      if (head && patched('report-up-mail')) {
        notify('consolidated-report', undefined, `report-up-${mem.revision}`, head, { attachReportOf: { cascadeId: context.cascadeId, year: context.year, unitId: node.id }, note: a.narrative });
      }
      return accepted(late ? 'Đã gửi báo cáo tổng hợp (sau thời hạn).' : 'Đã gửi báo cáo tổng hợp lên cấp trên.');
    },
    { validator: validator(submitConsolidationSchema) },
  );

  function approve(comment?: string): void {
    mem.approvedOn = today();
    mem.childrenToNotify = activeChildIds();
    notify('approved', undefined, `approved-${mem.revision}`, mem.head, { cc: mem.substitutes, note: comment });
    moveTo('implementing');
  }

  /** Indicator values must match their declared types; unknown ids are refused. */
  function checkIndicatorValues(values: Record<string, unknown>): void {
    const problems = indicatorValueProblems(context.template.indicators, values);
    if (problems.length) throw ApplicationFailure.create({ type: 'InvalidInput', message: problems.join('; '), nonRetryable: true });
  }

  // ---------- admin steering ----------
  const adminValidator = (schema: z.ZodType) => (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw ApplicationFailure.create({ type: 'InvalidInput', message: describeZodError(parsed.error).join('; '), nonRetryable: true });
  };
  const note = (actor: string, action: string, reason: string): void => {
    mem.adminNotes.push({ at: new Date().toISOString(), actor, action, reason });
  };

  setHandler(
    extendDeadlineUpdate,
    (raw): AdminResult => {
      const a = extendDeadlineSchema.parse(raw);
      const task = a.task ?? taskOfStage(mem.stage)!;
      mem.dueOverrides[task] = a.newDueDate;
      mem.eventsFrom = new Date().toISOString();
      note(a.actor, `extend ${task} → ${a.newDueDate}`, a.reason);
      touch();
      publish();
      return { ok: true, message: `Đã gia hạn việc ${TASK_LABELS_VI[task]} của ${node.name} đến hết ngày ${formatVnDate(a.newDueDate)}.` };
    },
    {
      validator: (raw) => {
        adminValidator(extendDeadlineSchema)(raw);
        const a = extendDeadlineSchema.parse(raw);
        if (!isIsoDate(a.newDueDate)) throw ApplicationFailure.create({ type: 'InvalidInput', message: `newDueDate: ngày ${a.newDueDate} không có thật`, nonRetryable: true });
        const task = a.task ?? taskOfStage(mem.stage);
        if (!task) throw ApplicationFailure.create({ type: 'WrongStage', message: `Đơn vị đang ở bước "${mem.stage}": không có việc nào đang chờ để gia hạn.`, nonRetryable: true });
        if (a.newDueDate < dateInVietnam(new Date())) throw ApplicationFailure.create({ type: 'InvalidInput', message: `newDueDate: ${a.newDueDate} đã qua`, nonRetryable: true });
        const current = taskDueDate(task, mem, input, calendar);
        if (a.newDueDate <= current) throw ApplicationFailure.create({ type: 'InvalidInput', message: `newDueDate: phải sau hạn hiện tại (${current})`, nonRetryable: true });
      },
    },
  );

  setHandler(
    reassignUpdate,
    (raw): AdminResult => {
      const a = reassignSchema.parse(raw);
      if (a.head) mem.head = a.head;
      if (a.substitutes) mem.substitutes = a.substitutes;
      note(a.actor, 'reassign', a.reason);
      touch();
      // The new assignee gets a fresh link; old links are refused as "not the assignee".
      const task = taskOfStage(mem.stage);
      if (task && task !== 'review-plan') notify('task-assigned', task, `reassigned-${mem.adminNotes.length}`, mem.head, { cc: mem.substitutes });
      return { ok: true, message: `Đã giao lại nhiệm vụ của ${node.name}.` };
    },
    { validator: adminValidator(reassignSchema) },
  );

  setHandler(
    remindNowUpdate,
    (raw): AdminResult => {
      const a = remindNowSchema.parse(raw);
      note(a.actor, 'remind-now', a.reason);
      remindNowRequested = true;
      touch();
      return { ok: true, message: `Đã gửi nhắc việc tới ${node.name}.` };
    },
    {
      validator: (raw) => {
        adminValidator(remindNowSchema)(raw);
        if (!taskOfStage(mem.stage)) throw ApplicationFailure.create({ type: 'WrongStage', message: `Đơn vị đang ở bước "${mem.stage}": không có việc nào để nhắc.`, nonRetryable: true });
      },
    },
  );

  setHandler(
    addChildUpdate,
    (a): AdminResult => {
      mem.childrenToStart.push(a.node);
      note(a.actor, `add-unit ${a.node.id}`, a.reason);
      touch();
      return { ok: true, message: `Đã thêm đơn vị ${a.node.name} vào ${node.name}.` };
    },
    {
      validator: (a: { node: UnitNode }) => {
        if (activeChildIds().includes(a.node.id) || mem.removedChildIds.includes(a.node.id)) {
          throw ApplicationFailure.create({ type: 'InvalidInput', message: `node.id: đơn vị "${a.node.id}" đã có trong ${node.name}`, nonRetryable: true });
        }
        if (mem.stage === 'reported' || mem.stage === 'cancelled') {
          throw ApplicationFailure.create({ type: 'WrongStage', message: `${node.name} đã kết thúc năm (${mem.stage}): không thể thêm đơn vị.`, nonRetryable: true });
        }
      },
    },
  );

  setHandler(
    removeChildUpdate,
    async (raw): Promise<AdminResult> => {
      const a = removeUnitSchema.parse(raw);
      mem.removedChildIds.push(a.unitId);
      mem.childrenToStart = mem.childrenToStart.filter((c) => c.id !== a.unitId);
      note(a.actor, `remove-unit ${a.unitId}`, a.reason);
      touch();
      if (mem.startedChildIds.includes(a.unitId)) {
        await getExternalWorkflowHandle(unitWorkflowId(context.cascadeId, context.year, a.unitId)).cancel();
      }
      return { ok: true, message: `Đã rút đơn vị ${a.unitId} khỏi ${node.name}; báo cáo của đơn vị này không còn được chờ.` };
    },
    {
      validator: (raw) => {
        adminValidator(removeUnitSchema)(raw);
        const a = removeUnitSchema.parse(raw);
        if (!activeChildIds().includes(a.unitId)) {
          throw ApplicationFailure.create({ type: 'InvalidInput', message: `unitId: "${a.unitId}" không phải đơn vị trực thuộc ${node.name}`, nonRetryable: true });
        }
      },
    },
  );

  // ---------- between units ----------
  setHandler(parentPlanApprovedSignal, ({ approvedOn }) => {
    if (mem.stage !== 'waiting') return;
    mem.parentPlanApprovedOn = approvedOn;
    moveTo('drafting');
  });
  setHandler(childReportedSignal, (report) => {
    if (mem.removedChildIds.includes(report.unitId)) return;
    mem.childReports[report.unitId] = report;
    touch();
  });
  setHandler(childCancelledSignal, ({ unitId }) => {
    if (!mem.removedChildIds.includes(unitId)) mem.removedChildIds.push(unitId);
    touch();
  });

  setHandler(unitStateQuery, (): UnitState => {
    const task = taskOfStage(mem.stage);
    const dueAt = task ? taskDueAt(task, mem, input, calendar) : null;
    return {
      unitId: node.id,
      parentId: input.parentId,
      unitName: node.name,
      stage: mem.stage,
      waitingOn: waitingOn(mem.stage),
      revision: mem.revision,
      dueAt,
      overdue: dueAt !== null && Date.now() > Date.parse(dueAt),
      late: mem.late,
      currentTask: task
        ? { kind: task, revision: mem.revision, assignees: assigneesOf(task, mem, input).map((p) => p.email), dueAt: dueAt! }
        : null,
      plan: mem.plan,
      lastReviewComment: mem.lastReviewComment,
      report: mem.report,
      consolidation: hasChildren() ? consolidation() : null,
      consolidationNarrative: mem.consolidationNarrative,
      activityGroups: context.template.activityGroups,
      indicators: context.template.indicators,
    };
  });

  function consolidation(): { values: ChildReport['values']; missingUnitIds: string[]; missingUnitNames: string[]; coveredUnits: number } {
    const reports = Object.values(mem.childReports).filter((r) => !mem.removedChildIds.includes(r.unitId));
    const inputs = [
      ...(mem.report ? [{ values: mem.report.values, weight: 1 }] : []),
      ...reports.map((r) => ({ values: r.values, weight: r.coveredUnits })),
    ];
    return {
      values: rollUp(context.template.indicators, inputs),
      missingUnitIds: [...missingChildIds(), ...reports.flatMap((r) => r.missingUnitIds)],
      missingUnitNames: missingNames(missingChildIds(), mem.childNames, reports),
      coveredUnits: (mem.report ? 1 : 0) + reports.reduce((s, r) => s + r.coveredUnits, 0),
    };
  }

  // ---------- children ----------
  async function startChildBatch(): Promise<void> {
    const batch = mem.childrenToStart.slice(0, CHILD_BATCH);
    const superiors = [mem.head, ...input.superiors].slice(0, 2);
    await Promise.all(
      batch.map((child) =>
        startChild(unitPlanWorkflow, {
          workflowId: unitWorkflowId(context.cascadeId, context.year, child.id),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // Cancellation is passed down by hand (cancelThisUnit), across continue-as-new runs
          // too; letting the SDK also request it would ask the server twice, which it refuses.
          cancellationType: ChildWorkflowCancellationType.ABANDON,
          args: [
            {
              context,
              node: child,
              parentId: node.id,
              reportToWorkflowId: workflowInfo().workflowId,
              superiors,
              // Started after this plan's approval (issued plan, or added mid-cycle): draft at
              // once, the window counted from the day the unit joins, never from before it existed.
              parentPlanApprovedOn: mem.approvedOn ? [mem.approvedOn, today()].sort().at(-1) : undefined,
            },
          ],
          typedSearchAttributes: [
            { key: CYCLE_KEY, value: `${context.cascadeId}/${context.year}` },
            { key: UNIT_ID_KEY, value: child.id },
            { key: PARENT_ID_KEY, value: node.id },
            { key: LEVEL_KEY, value: child.level },
          ],
          staticSummary: `${child.name} — kế hoạch năm ${context.year}`,
          staticDetails: `Đơn vị: ${child.name} (${child.level}); cấp trên: ${node.name}; hạn báo cáo: ${formatVnDate(child.reportDueDate)}.`,
        }),
      ),
    );
    mem.childrenToStart = mem.childrenToStart.slice(batch.length);
    mem.startedChildIds.push(...batch.map((c) => c.id));
    mem.childNames = { ...mem.childNames, ...Object.fromEntries(batch.map((c) => [c.id, c.name])) };
    if (mem.approvedOn) mem.childrenToNotify = mem.childrenToNotify.filter((id) => !batch.some((c) => c.id === id));
  }

  async function notifyChildBatch(): Promise<void> {
    const batch = mem.childrenToNotify.slice(0, CHILD_BATCH);
    await Promise.all(
      batch
        .filter((id) => mem.startedChildIds.includes(id) && !mem.removedChildIds.includes(id))
        .map((id) => getExternalWorkflowHandle(unitWorkflowId(context.cascadeId, context.year, id)).signal(parentPlanApprovedSignal, { approvedOn: mem.approvedOn! })),
    );
    mem.childrenToNotify = mem.childrenToNotify.slice(batch.length);
  }

  async function cancelChildBatch(): Promise<void> {
    const batch = mem.childrenToCancel!.slice(0, CHILD_BATCH);
    await Promise.all(
      batch.map((id) =>
        getExternalWorkflowHandle(unitWorkflowId(context.cascadeId, context.year, id))
          .cancel()
          .catch(() => undefined /* already closed */),
      ),
    );
    mem.childrenToCancel = mem.childrenToCancel!.slice(batch.length);
  }

  async function continueIfSuggested(force = false): Promise<void> {
    if (!force && !workflowInfo().continueAsNewSuggested) return;
    await condition(allHandlersFinished);
    await Promise.allSettled([...pendingMail]);
    await continueAsNew<typeof unitPlanWorkflow>({ ...input, node: { ...node, children: [] }, carried: mem });
  }

  // ---------- deadlines ----------
  /** Waits for the open task to be done, firing reminders and escalation rungs on their days. */
  async function awaitTask(task: TaskKind): Promise<void> {
    const stageAtStart = mem.stage;
    const revisionAtStart = mem.revision;
    const isDone = (): boolean => mem.stage !== stageAtStart || mem.revision !== revisionAtStart;
    while (!isDone()) {
      const dueDate = taskDueDate(task, mem, input, calendar);
      const dueAt = taskDueAt(task, mem, input, calendar);
      const events: (DeadlineEvent | { kind: 'due'; at: string; key: string })[] = [
        ...deadlineEvents(dueDate, context.template.reminderWorkingDaysBefore, context.template.escalation, calendar),
        { kind: 'due' as const, at: dueAt, key: `${dueDate}:due` },
      ].filter((e) => !mem.firedEvents.includes(`${task}:${mem.revision}:${e.key}`) && e.at >= mem.eventsFrom);
      events.sort((a, b) => a.at.localeCompare(b.at));
      const next = events[0];
      const seen = version;
      const waitMs = next ? Math.max(0, Date.parse(next.at) - Date.now()) : undefined;
      const woke = waitMs === undefined ? await condition(() => version !== seen).then(() => true) : await condition(() => version !== seen, waitMs);
      if (remindNowRequested) {
        remindNowRequested = false;
        const [to, ...cc] = assigneesOf(task, mem, input);
        if (to) notify('reminder', task, `now-${mem.adminNotes.length}`, to, { cc });
      }
      if (woke || !next || isDone()) {
        await continueIfSuggested();
        continue;
      }
      mem.firedEvents.push(`${task}:${mem.revision}:${next.key}`);
      if (next.kind === 'due') publish();
      else if (next.kind === 'reminder') {
        const [to, ...cc] = assigneesOf(task, mem, input);
        if (to) notify('reminder', task, next.key, to, { cc });
      } else escalate(task, next.index, next.key);
      await continueIfSuggested();
    }
  }

  function escalate(task: TaskKind, index: number, key: string): void {
    const rung = context.template.escalation[index]!;
    const unitPeople = assigneesOf(task, mem, input);
    let to: Recipient | undefined;
    switch (rung.to) {
      case 'unit-head':
        to = unitPeople[0];
        break;
      case 'superior':
        to = input.superiors[0];
        break;
      case 'superior-of-superior':
        to = input.superiors[1] ?? input.superiors[0];
        break;
      case 'office': {
        const office = context.offices.find((o) => o.id === rung.officeId);
        to = office && { name: office.name, email: office.email, kind: 'office' };
        break;
      }
    }
    if (!to) return;
    // The late unit's people are copied so they see the matter has gone up.
    const cc = rung.to === 'unit-head' ? unitPeople.slice(1) : unitPeople;
    // Only the unit's own head gets an action link; the others are told what is late and since when.
    notify('escalation', rung.to === 'unit-head' ? task : undefined, key, to, { cc, note: escalationAsk(rung, task), about: task, dueAt: taskDueAt(task, mem, input, calendar) });
    log.info('escalation rung fired', { unitId: node.id, task, rung: index });
  }

  /** In `implementing`: wait until the day the unit is asked for its report. */
  async function awaitReportRequest(): Promise<void> {
    const due = input.node.childrenDueDate ?? input.node.reportDueDate;
    const requestOn = addWorkingDays(due, -context.template.reportRequestWorkingDaysBefore, calendar);
    const at = Date.parse(officeHoursInstant(requestOn));
    while (mem.stage === 'implementing' && Date.now() < at) {
      const seen = version;
      await condition(() => version !== seen || mem.childrenToStart.length > 0 || mem.childrenToNotify.length > 0, at - Date.now());
      if (mem.childrenToStart.length || mem.childrenToNotify.length) return;
      await continueIfSuggested();
    }
    if (mem.stage === 'implementing') moveTo('reporting');
  }

  // ---------- main loop ----------
  publish();
  // A unit can start straight in a task (its parent's plan already approved, or a
  // root drafting): it must be told. Units started before this fix did not send
  // that mail; the patch keeps their histories replayable (test/replay).
  if (!input.carried && patched('notify-first-task')) {
    const firstTask = taskOfStage(mem.stage);
    if (firstTask) notifyTaskOpened(firstTask);
  }
  try {
    // A run continued in the middle of cancelling its children carries on with that.
    for (; mem.childrenToCancel === null; ) {
      if (mem.childrenToStart.length) {
        await startChildBatch();
        if (mem.childrenToStart.length) await continueIfSuggested(true);
        continue;
      }
      if (mem.approvedOn && mem.childrenToNotify.length) {
        await notifyChildBatch();
        if (mem.childrenToNotify.length) await continueIfSuggested(true);
        continue;
      }
      const task = taskOfStage(mem.stage);
      if (mem.stage === 'waiting') {
        const seen = version;
        await condition(() => version !== seen);
      } else if (task) {
        await awaitTask(task);
      } else if (mem.stage === 'implementing') {
        await awaitReportRequest();
      } else if (mem.stage === 'reported') {
        if (!mem.reportedAt) await sendReportUp();
        if (missingChildIds().length === 0) break;
        const reportsBefore = Object.keys(mem.childReports).length;
        const seen = version;
        await condition(() => version !== seen);
        // A late child's report updates the roll-up already sent up.
        if (Object.keys(mem.childReports).length !== reportsBefore) await sendReportUp();
      }
      await continueIfSuggested();
    }
    if (mem.childrenToCancel !== null) await cancelThisUnit();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => cancelThisUnit());
  }
  await condition(allHandlersFinished);
  await Promise.allSettled([...pendingMail]);
  return { unitId: node.id, stage: mem.stage, late: mem.late, revision: mem.revision };

  async function sendReportUp(): Promise<void> {
    const c = hasChildren() ? consolidation() : { values: mem.report?.values ?? {}, missingUnitIds: [], missingUnitNames: [], coveredUnits: 1 };
    const submittedAt = new Date().toISOString();
    const assessment = mem.consolidationNarrative ? { narrative: mem.consolidationNarrative, ...(mem.consolidationSections ? { sections: mem.consolidationSections } : {}) } : null;
    const childReports = Object.values(mem.childReports).filter((r) => !mem.removedChildIds.includes(r.unitId));
    const report: ChildReport = {
      unitId: node.id,
      values: c.values,
      missingUnitIds: c.missingUnitIds,
      missingUnitNames: c.missingUnitNames,
      late: mem.late,
      submittedAt,
      coveredUnits: c.coveredUnits,
      // Each unit's own report travels up by name, with this unit's overall assessment.
      unitName: node.name,
      ...withUnits(carriedEntries(node, mem.report, assessment, childReports, submittedAt)),
      ...(assessment ? { assessment } : {}),
    };
    mem.reportedAt = report.submittedAt;
    await getExternalWorkflowHandle(input.reportToWorkflowId).signal(childReportedSignal, report);
  }

  async function cancelThisUnit(): Promise<void> {
    if (mem.stage !== 'cancelled') {
      mem.stage = 'cancelled';
      publish();
    }
    mem.childrenToCancel ??= mem.startedChildIds.filter((id) => !mem.removedChildIds.includes(id) && !mem.childReports[id]);
    while (mem.childrenToCancel.length) {
      await cancelChildBatch();
      // Two events per cancelled child: a large fan-out is cancelled over several runs.
      if (mem.childrenToCancel.length) await continueIfSuggested(true);
    }
    await getExternalWorkflowHandle(input.reportToWorkflowId)
      .signal(childCancelledSignal, { unitId: node.id })
      .catch(() => undefined);
  }
}

/** "24/11/2026" — short Vietnamese date for the Web UI details line. */
function formatVnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
