/**
 * Messages of the cycle workflow (./cascade-cycle.ts): its input and result, the
 * status Query and the admin Updates. In their own file because the CLI imports
 * them; the steering Updates it shares with the unit come from ./admin-messages.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AddUnitInput, AdminResult, CancelCycleInput, RemoveUnitInput } from '../domain/admin';
import type { CalendarData } from '../domain/calendar/pure';
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

/**
 * Answer of {@link cycleSummaryQuery}: what the human status needs from the
 * cycle, a few bytes at any size (the full status carries every unit id and
 * parent: 1.2 MB at 50,000 units).
 */
export interface CycleSummary {
  cascadeId: string;
  year: number;
  outcome: CycleStatus['outcome'];
  /** Units of the cycle, removed units not counted (the length of `CycleStatus.unitIds`). */
  unitCount: number;
  /** Units removed by an admin (the length of `CycleStatus.removedUnitIds`). */
  removedCount: number;
}

export const cycleSummaryQuery = defineQuery<CycleSummary>('cycleSummary');

/**
 * What both answers are read from, at the moment of the Query. The cycle and
 * the status bench's stand-in build their answers with the functions below, so
 * the bench measures the answers the product gives.
 */
export interface CycleAnswerFacts {
  cascadeId: string;
  year: number;
  outcome: CycleStatus['outcome'];
  /** Every unit the cycle has known, removed ones included, in the order they were added. */
  unitIds: Iterable<string>;
  /** @returns the parent of a unit, null for the root */
  parentOf: (unitId: string) => string | null;
  removed: ReadonlySet<string>;
  consolidated: ChildReport | null;
  audit: AuditEntry[];
}

/**
 * @param f the cycle's facts now
 * @returns the answer of {@link cycleStatusQuery}
 */
export function cycleStatusAnswer(f: CycleAnswerFacts): CycleStatus {
  const all = [...f.unitIds];
  return {
    cascadeId: f.cascadeId,
    year: f.year,
    outcome: f.outcome,
    unitIds: all.filter((id) => !f.removed.has(id)),
    parentIds: Object.fromEntries(all.map((id) => [id, f.parentOf(id)])),
    removedUnitIds: [...f.removed],
    consolidated: f.consolidated,
    audit: f.audit,
  };
}

/**
 * @param f the cycle's facts now
 * @returns the answer of {@link cycleSummaryQuery}
 */
export function cycleSummaryAnswer(f: CycleAnswerFacts): CycleSummary {
  let unitCount = 0;
  for (const id of f.unitIds) if (!f.removed.has(id)) unitCount += 1;
  return { cascadeId: f.cascadeId, year: f.year, outcome: f.outcome, unitCount, removedCount: f.removed.size };
}

/**
 * For callers that hold a full status (or a cycle whose worker predates the summary Query).
 * @param s the answer of {@link cycleStatusQuery}
 * @returns the same cycle's summary
 */
export function summaryOfStatus(s: CycleStatus): CycleSummary {
  return { cascadeId: s.cascadeId, year: s.year, outcome: s.outcome, unitCount: s.unitIds.length, removedCount: s.removedUnitIds.length };
}

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
