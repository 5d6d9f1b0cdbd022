/**
 * Messages of the cycle workflow (./cascade-cycle.ts): its input and result, the
 * status Query and the admin Updates. In their own file because the CLI imports
 * them; the steering Updates it shares with the unit come from ./admin-messages.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AddUnitInput, AdminResult, CancelCycleInput, RemoveUnitInput } from '../domain/admin';
import type { CalendarData } from '../domain/calendar';
import type { Cascade } from '../domain/cascade/schema';
import type { ChildReport } from '../domain/cycle/types';
import type { ReportSetup } from '../domain/report/setup';
import { extendDeadlineUpdate, reassignUpdate, remindNowUpdate } from './admin-messages';

/** Input of {@link cascadeCycleWorkflow}: a cascade already validated by `cascade validate`. */
export interface CycleInput {
  cascade: Cascade;
  year: number;
  calendar: CalendarData;
  /**
   * How many children a unit starts, signals or cancels per run before it continues as
   * new (default `CHILD_BATCH`, 200; at most that). Smaller batches keep each run's history shorter;
   * tests use them to reach the continue-as-new paths with a dozen children, not 200.
   */
  childBatch?: number;
}

/**
 * Input of {@link cascadeCycleWorkflow} by reference: the by-value input, stored
 * once in the snapshot store (`cascade cycle start` stores it), so the start
 * payload does not grow with the organisation. The id and year only name it.
 */
export interface CycleInputByRef {
  snapshot: string;
  cascadeId: string;
  year: number;
}

/** What {@link cascadeCycleWorkflow} accepts: by value (cycles started before inputs by reference) or by reference. */
export type CycleStartInput = CycleInput | CycleInputByRef;

/**
 * @param input either form of the cycle input
 * @returns whether it is by reference (the field `snapshot` tells them apart)
 */
export function isCycleInputByRef(input: CycleStartInput): input is CycleInputByRef {
  return typeof (input as Partial<CycleInputByRef>).snapshot === 'string';
}

/** What the cycle returns when the year is over. */
export interface CycleResult {
  outcome: 'reported' | 'cancelled';
  consolidated: ChildReport | null;
}

/** One steering action in the cycle's audit trail. */
export interface AuditEntry {
  action: string;
  unitId?: string;
  reason: string;
  /** The admin, as the CLI or the dashboard names them (e.g. "Nguyễn Thị Lan (lan)"). */
  actor: string;
  /** ISO instant (workflow time) the action took effect; absent in answers from workers older than this field. */
  at?: string;
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
  /** Every steering action, oldest first: what, on which unit, why, by whom, and when. */
  audit: AuditEntry[];
}

export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');

/** Answer of {@link cycleReportQuery}: what a report document of this cycle needs. */
export interface CycleReportContext {
  setup: ReportSetup;
  removedUnitIds: string[];
  consolidated: ChildReport | null;
}
/** What `cascade cycle report` and the mail activity build a report document from, at any time. */
export const cycleReportQuery = defineQuery<CycleReportContext>('cycleReport');
/** Same definitions as the unit's: the cycle forwards them under the same names. */
export const extendDeadlineCycleUpdate = extendDeadlineUpdate;
export const reassignCycleUpdate = reassignUpdate;
export const remindNowCycleUpdate = remindNowUpdate;
export const addUnitCycleUpdate = defineUpdate<AdminResult, [AddUnitInput]>('addUnit');
export const removeUnitCycleUpdate = defineUpdate<AdminResult, [RemoveUnitInput]>('removeUnit');
export const cancelCycleUpdate = defineUpdate<AdminResult, [CancelCycleInput]>('cancelCycle');
