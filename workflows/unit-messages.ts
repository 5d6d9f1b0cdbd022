/**
 * Messages of the unit workflow (./unit-plan/): the human actions as Updates and
 * the state Query. They sit in their own small file because the web app and the
 * CLI import them too, and must not pull the workflow body into a client process.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AdminResult, RemoveUnitInput } from '../domain/admin';
import type { ChildReport, UnitNode } from '../domain/cycle/types';
import type { ActionResult, ReviewPlanInput, SubmitConsolidationInput, SubmitPlanInput, SubmitReportInput } from '../domain/actions';
import type { Indicator } from '../domain/cascade/schema';
import type { IndicatorValue } from '../domain/actions';

export type { Indicator, IndicatorValue };

import type { UnitState } from '../domain/cycle/unit-machine/view';

export type { CurrentTask, UnitState } from '../domain/cycle/unit-machine/view';

export const submitPlanUpdate = defineUpdate<ActionResult, [SubmitPlanInput]>('submitPlan');
export const reviewPlanUpdate = defineUpdate<ActionResult, [ReviewPlanInput]>('reviewPlan');
export const submitReportUpdate = defineUpdate<ActionResult, [SubmitReportInput]>('submitReport');
export const submitConsolidationUpdate = defineUpdate<ActionResult, [SubmitConsolidationInput]>('submitConsolidation');
export const unitStateQuery = defineQuery<UnitState>('unitState');

// --- Admin steering (forwarded by the cycle workflow, which keeps the audit trail) ---

export { extendDeadlineUpdate, reassignUpdate, remindNowUpdate } from './admin-messages';
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
