/**
 * The unit workflow's state, as plain data: carried across continue-as-new and
 * read by the pure rules in ./unit-rules.ts. Nothing here is personal beyond
 * the heads' contact details, which never reach ids or search attributes.
 */
import type { IndicatorValue, ReportSections, SubmitPlanInput, TaskKind } from '../actions';
import type { Person } from '../cascade/schema';
import type { Stage } from '../stages';
import type { ChildReport, UnitNode } from './types';

/** An admin's change, kept for the audit trail shown in queries. */
export interface AdminNote {
  at: string;
  actor: string;
  action: string;
  reason: string;
}

/** Version of {@link UnitMemory}'s shape; {@link upgradeMemory} brings older carried memory up to it. */
export const MEMORY_VERSION = 2;

/** Who did an action on which revision, and when: the first decision on a revision wins. */
export interface ActionRecord {
  actor: string;
  /** ISO instant it was recorded (workflow time). */
  at: string;
  /** For a review: what was decided. */
  decision?: 'approve' | 'return';
}

/** All state of one unit workflow. */
export interface UnitMemory {
  /** {@link MEMORY_VERSION} when written. */
  version: typeof MEMORY_VERSION;
  stage: Stage;
  revision: number;
  head: Person;
  substitutes: Person[];
  /** ISO date (Vietnam) the parent's plan was approved: drafting counts from it. */
  parentPlanApprovedOn: string | null;
  /** ISO date this unit's plan was submitted for review (review counts from it). */
  submittedOn: string | null;
  /** ISO date a returned plan went back to drafting (redrafting counts from it). */
  returnedOn: string | null;
  /** ISO date this unit's plan was approved (children's drafting counts from it). */
  approvedOn: string | null;
  /** Admin extensions: task kind → new ISO due date. */
  dueOverrides: Partial<Record<TaskKind, string>>;
  plan: Omit<SubmitPlanInput, 'task' | 'revision' | 'actor'> | null;
  lastReviewComment: string | null;
  /** The unit's own report; `sections`, `late` and `submittedAt` are absent in older runs. */
  report: { values: Record<string, IndicatorValue>; narrative: string; sections?: ReportSections; late?: boolean; submittedAt?: string } | null;
  consolidationNarrative: string | null;
  /** Shortcomings, directions and recommendations given with the consolidation. */
  consolidationSections?: ReportSections;
  /** A submission (plan or report) arrived after its due time. */
  late: boolean;
  /** Deadline events already fired (reminders, rungs), by key. */
  firedEvents: string[];
  /**
   * ISO instant from which deadline events count: when the open task was given,
   * or its deadline last changed. A reminder dated before that makes no sense.
   */
  eventsFrom: string;
  /** Actions done, as "task:revision", so a repeat answers "already recorded". */
  doneActions: string[];
  /** By "task:revision": who acted and when (absent for actions recorded before version 2). */
  actionRecords: Record<string, ActionRecord>;
  /** An admin asked for a reminder now; sent by the deadline loop of the open task. */
  remindRequested: boolean;
  /** Direct children not yet started (started in batches). */
  childrenToStart: UnitNode[];
  /**
   * A unit started by reference: its children are read from the snapshot a page
   * at a time into {@link childrenToStart}; `next` is the offset of the next page
   * (null once all are read). Absent for units started by value.
   */
  childPages?: { next: number | null; total: number };
  /** Direct children started, by id. */
  startedChildIds: string[];
  /** Names of the direct children, so missing ones are named (absent in older runs). */
  childNames?: Record<string, string>;
  /** Direct children not yet told the plan is approved. */
  childrenToNotify: string[];
  childReports: Record<string, ChildReport>;
  removedChildIds: string[];
  /** Direct children still to cancel, when this unit is being cancelled. */
  childrenToCancel: string[] | null;
  /** Set once this unit's report went up. */
  reportedAt: string | null;
  adminNotes: AdminNote[];
}

/**
 * @param now ISO instant the unit starts
 * @param today ISO date (Vietnam) the unit starts: a node whose plan is already
 *   issued counts its children's drafting window from the start of the cycle
 * @param byReference the unit's children are read from a snapshot ({@link UnitNode.childCount} of them)
 * @returns the memory of a unit that has just started
 */
export function initialMemory(node: UnitNode, parentPlanApprovedOn: string | null, now: string, today: string, isRoot: boolean, byReference = false): UnitMemory {
  // A root without an issued plan drafts from the first day of the cycle.
  if (isRoot && !node.issuedPlan) parentPlanApprovedOn ??= today;
  return {
    version: MEMORY_VERSION,
    stage: node.issuedPlan ? 'implementing' : parentPlanApprovedOn ? 'drafting' : 'waiting',
    revision: 0,
    head: node.head,
    substitutes: node.substitutes,
    parentPlanApprovedOn,
    submittedOn: null,
    returnedOn: null,
    approvedOn: node.issuedPlan ? today : null,
    dueOverrides: {},
    plan: null,
    lastReviewComment: null,
    report: null,
    consolidationNarrative: null,
    late: false,
    firedEvents: [],
    eventsFrom: now,
    doneActions: [],
    actionRecords: {},
    remindRequested: false,
    childrenToStart: node.children,
    startedChildIds: [],
    childrenToNotify: node.issuedPlan ? node.children.map((c) => c.id) : [],
    childReports: {},
    removedChildIds: [],
    childrenToCancel: null,
    reportedAt: null,
    adminNotes: [],
    ...(byReference && node.childCount ? { childPages: { next: 0, total: node.childCount } } : {}),
  };
}

/**
 * Carried memory of any earlier version, made current. Version 1 (no `version`
 * field) lacked the action records and the remind-now flag, which was then a
 * local of the run and never crossed a continue-as-new.
 * @param carried what a previous run passed to continue-as-new
 * @returns the same memory in the current shape
 */
export function upgradeMemory(carried: unknown): UnitMemory {
  const m = carried as Partial<UnitMemory> & { version?: number };
  if (m.version === MEMORY_VERSION) return m as UnitMemory;
  const version = Number(m.version ?? 1);
  if (version > MEMORY_VERSION) throw new Error(`carried memory version ${version} is newer than this code (${MEMORY_VERSION})`);
  return { ...(m as Omit<UnitMemory, 'version' | 'actionRecords' | 'remindRequested'>), version: MEMORY_VERSION, actionRecords: m.actionRecords ?? {}, remindRequested: m.remindRequested ?? false };
}
