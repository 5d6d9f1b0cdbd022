/**
 * Messages of the unit workflow (./unit-plan.ts): the human actions as Updates and
 * the state Query. They sit in their own small file because the web app and the
 * CLI import them too, and must not pull the workflow body into a client process.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AdminResult, ExtendDeadlineInput, ReassignInput, RemindNowInput, RemoveUnitInput } from '../domain/admin';
import type { ChildReport, UnitNode } from '../domain/cycle/types';
import type {
  ActionResult,
  ReviewPlanInput,
  SubmitConsolidationInput,
  SubmitPlanInput,
  SubmitReportInput,
  TaskKind,
} from '../domain/actions';
import type { Stage, WaitingOn } from '../domain/stages';
import type { Indicator } from '../domain/cascade/schema';
import type { IndicatorValue, ReportSections } from '../domain/actions';

export type { Indicator, IndicatorValue };

/** The task a person is asked to do now, as shown on their page. */
export interface CurrentTask {
  kind: TaskKind;
  revision: number;
  /** Emails that may act on it: the assignee and their substitutes. */
  assignees: string[];
  /** ISO instant. */
  dueAt: string;
}

/** Everything a page or the CLI needs to know about one unit's year. */
export interface UnitState {
  unitId: string;
  parentId: string | null;
  unitName: string;
  stage: Stage;
  waitingOn: WaitingOn;
  revision: number;
  /** ISO instant of the current due date, if any. */
  dueAt: string | null;
  overdue: boolean;
  /** The report (or plan) arrived after its due date. */
  late: boolean;
  currentTask: CurrentTask | null;
  /** Plan as last submitted, and the reviewer's last comment. */
  plan: Omit<SubmitPlanInput, 'task' | 'revision' | 'actor'> | null;
  lastReviewComment: string | null;
  report: { values: Record<string, IndicatorValue>; narrative: string; sections?: ReportSections; late?: boolean; submittedAt?: string } | null;
  /** For a consolidating node: the rolled-up values and the children still missing. */
  consolidation: { values: Record<string, IndicatorValue>; missingUnitIds: string[]; missingUnitNames?: string[] } | null;
  /** The node's overall assessment, once it submitted its consolidation (absent from older workers). */
  consolidationNarrative?: string | null;
  /** Form context: what the pages render. */
  activityGroups: { id: string; title: string }[];
  indicators: Indicator[];
}

export const submitPlanUpdate = defineUpdate<ActionResult, [SubmitPlanInput]>('submitPlan');
export const reviewPlanUpdate = defineUpdate<ActionResult, [ReviewPlanInput]>('reviewPlan');
export const submitReportUpdate = defineUpdate<ActionResult, [SubmitReportInput]>('submitReport');
export const submitConsolidationUpdate = defineUpdate<ActionResult, [SubmitConsolidationInput]>('submitConsolidation');
export const unitStateQuery = defineQuery<UnitState>('unitState');

// --- Admin steering (forwarded by the cycle workflow, which keeps the audit trail) ---

export const extendDeadlineUpdate = defineUpdate<AdminResult, [ExtendDeadlineInput]>('extendDeadline');
export const reassignUpdate = defineUpdate<AdminResult, [ReassignInput]>('reassign');
export const remindNowUpdate = defineUpdate<AdminResult, [RemindNowInput]>('remindNow');
/** Adds a child node (deadlines already computed by the cycle). */
export const addChildUpdate = defineUpdate<AdminResult, [{ node: UnitNode; reason: string; actor: string }]>('addChild');
export const removeChildUpdate = defineUpdate<AdminResult, [RemoveUnitInput]>('removeChild');

// --- Between units ---
/** The parent's plan was approved on this ISO date: drafting starts. */
export const parentPlanApprovedSignal = defineSignal<[{ approvedOn: string }]>('parentPlanApproved');
/** A child unit reported (its own values or its subtree's roll-up). */
export const childReportedSignal = defineSignal<[ChildReport]>('childReported');
/** A child unit was cancelled (removed by an admin, or its cycle cancelled). */
export const childCancelledSignal = defineSignal<[{ unitId: string }]>('childCancelled');
