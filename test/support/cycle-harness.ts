/**
 * Drives a whole cycle on the time-skipping server the way people would: moves
 * the clock to a day, then lets every unit head / approver do what is open.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ActionResult, IndicatorValue, ReportSections } from '../../domain/actions';
import { SHIPPED_CALENDAR, type CalendarData } from '../../domain/calendar';
import type { Cascade } from '../../domain/cascade/schema';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import {
  reviewPlanUpdate,
  submitConsolidationUpdate,
  submitPlanUpdate,
  submitReportUpdate,
  unitStateQuery,
  type UnitState,
} from '../../workflows/unit-messages';
import { createAdminActivities } from '../../activities/admin';
import { createSnapshotActivities } from '../../activities/snapshot';
import type { SnapshotStore } from '../../runtime/snapshot-store';
import { createRecordingMail } from './recording-mail';
import { uniqueTaskQueue, workflowBundle } from './temporal';

/** A running cycle under test. */
export interface CycleUnderTest {
  cascade: Cascade;
  year: number;
  unitIds: string[];
  mail: ReturnType<typeof createRecordingMail>;
  worker: Worker;
  state(unitId: string): Promise<UnitState>;
  /** Moves the workflow clock to 08:30 Vietnam time of an ISO date (never backwards). */
  advanceTo(isoDate: string, hourVn?: number): Promise<void>;
  submitPlan(unitId: string): Promise<ActionResult>;
  review(unitId: string, decision: 'approve' | 'return', comment?: string): Promise<ActionResult>;
  report(unitId: string, values: Record<string, IndicatorValue>): Promise<ActionResult>;
  consolidate(unitId: string): Promise<ActionResult>;
  /** Does every open task of the given kind, for all units (or those listed). */
  doAll(kind: 'draft-plan' | 'review-plan' | 'report' | 'consolidate', valuesOf?: (unitId: string) => Record<string, IndicatorValue>, only?: string[]): Promise<number>;
  /**
   * Drafts and approves every open plan, level by level, until none is open.
   * @returns how many units acted in each pass: draft, review, draft, review, …
   */
  planRounds(): Promise<number[]>;
}

/**
 * @returns a started cycle with a worker running until `stop()` (runUntil in the test)
 */
export async function startCycle(
  env: TestWorkflowEnvironment,
  cascade: Cascade,
  year: number,
  opts: {
    calendar?: CalendarData;
    startOn?: string;
    reportSections?: (unitId: string) => ReportSections | undefined;
    /** Children per run (the cycle input's `childBatch`): reaches continue-as-new with few children. */
    childBatch?: number;
    /** Start the cycle by reference: its input stored here, the worker reading it back. */
    snapshots?: SnapshotStore;
  } = {},
): Promise<CycleUnderTest & { run<T>(fn: () => Promise<T>): Promise<T> }> {
  const calendar = opts.calendar ?? SHIPPED_CALENDAR;
  const taskQueue = uniqueTaskQueue('cycle');
  const mail = createRecordingMail();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...mail.activities, ...createAdminActivities({ client: env.client }), ...(opts.snapshots ? createSnapshotActivities({ store: opts.snapshots }) : {}) },
  });
  const unitIds = flattenUnits(buildUnitTree(cascade, year, calendar)).map((u) => u.id);
  const handle = (unitId: string) => env.client.workflow.getHandle(unitWorkflowId(cascade.id, year, unitId));
  const state = (unitId: string) => handle(unitId).query(unitStateQuery);
  const actor = async (unitId: string) => (await state(unitId)).currentTask!.assignees[0]!;

  const advanceTo = async (isoDate: string, hourVn = 8.5): Promise<void> => {
    const target = Date.parse(`${isoDate}T00:00:00+07:00`) + hourVn * 3_600_000;
    const now = await env.currentTimeMs();
    if (target > now) await env.sleep(target - now);
  };
  const submitPlan = async (unitId: string) => {
    const s = await state(unitId);
    return handle(unitId).executeUpdate(submitPlanUpdate, {
      args: [
        {
          task: 'draft-plan',
          revision: s.revision,
          actor: await actor(unitId),
          planNumber: `${10 + s.revision}/KH-${unitId.slice(0, 8).toUpperCase()}`,
          title: `Kế hoạch thực hiện Chỉ thị 21-CT/TW năm ${year}`,
          summary: 'Triển khai các hoạt động theo 5 nhóm nhiệm vụ.',
          activities: Object.fromEntries(s.activityGroups.map((g) => [g.id, [`Hoạt động thuộc nhóm ${g.id}`]])),
        },
      ],
    });
  };
  const review = async (unitId: string, decision: 'approve' | 'return', comment = '') => {
    const s = await state(unitId);
    return handle(unitId).executeUpdate(reviewPlanUpdate, {
      args: [{ task: 'review-plan', revision: s.revision, actor: await actor(unitId), decision, comment }],
    });
  };
  const withSections = (unitId: string) => {
    const sections = opts.reportSections?.(unitId);
    return sections ? { sections } : {};
  };
  const report = async (unitId: string, values: Record<string, IndicatorValue>) => {
    const s = await state(unitId);
    return handle(unitId).executeUpdate(submitReportUpdate, {
      args: [{ task: 'report', revision: s.revision, actor: await actor(unitId), values, narrative: `Báo cáo của ${unitId}`, ...withSections(unitId) }],
    });
  };
  const consolidate = async (unitId: string) => {
    const s = await state(unitId);
    return handle(unitId).executeUpdate(submitConsolidationUpdate, {
      args: [{ task: 'consolidate', revision: s.revision, actor: await actor(unitId), narrative: `Tổng hợp của ${unitId}`, ...withSections(unitId) }],
    });
  };
  const doAll: CycleUnderTest['doAll'] = async (kind, valuesOf, only) => {
    let done = 0;
    for (const id of only ?? unitIds) {
      // A unit whose query fails is an error, never "nothing to do": it would hide a unit that never started.
      const s = await state(id).catch((err: unknown) => {
        throw new Error(`doAll(${kind}): unit "${id}" did not answer its state query: ${String(err)}`);
      });
      if (s.currentTask?.kind !== kind) continue;
      if (kind === 'draft-plan') await submitPlan(id);
      if (kind === 'review-plan') await review(id, 'approve');
      if (kind === 'report') await report(id, valuesOf!(id));
      if (kind === 'consolidate') await consolidate(id);
      done++;
    }
    return done;
  };

  const planRounds = async () => {
    const passes: number[] = [];
    for (;;) {
      const drafted = await doAll('draft-plan');
      if (drafted === 0) return passes;
      passes.push(drafted, await doAll('review-plan'));
    }
  };

  if (opts.startOn) await advanceTo(opts.startOn, 8);
  const batch = opts.childBatch === undefined ? {} : { childBatch: opts.childBatch };
  await env.client.workflow.start(cascadeCycleWorkflow, {
    taskQueue,
    workflowId: cycleWorkflowId(cascade.id, year),
    args: [
      opts.snapshots
        ? { snapshot: await opts.snapshots.put({ cascade, year, calendar, ...batch }), cascadeId: cascade.id, year }
        : { cascade, year, calendar, ...batch },
    ],
  });
  return {
    cascade, year, unitIds, mail, worker, state, advanceTo, submitPlan, review, report, consolidate, doAll, planRounds,
    run: (fn) => worker.runUntil(fn()),
  };
}
