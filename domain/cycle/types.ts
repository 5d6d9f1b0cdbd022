/**
 * What the cycle hands each unit workflow. A unit receives only its own subtree
 * (never the whole cascade), with every deadline already computed from the
 * working-day calendar, so a unit workflow needs no lookups.
 */
import type { CalendarData } from '../calendar/pure';
import type { IndicatorValue, ReportSections } from '../actions';
import type { UnitEntry } from '../report/model';
import type { CycleTemplate, DocumentRef, Person } from '../cascade/schema';

/** One org node with its deadlines for the year. */
export interface UnitNode {
  id: string;
  name: string;
  level: string;
  head: Person;
  substitutes: Person[];
  /** The node's plan is already issued: it starts in `implementing`. */
  issuedPlan?: DocumentRef;
  /** The plan this unit carries out (its own issued plan, or the nearest body's above); absent in older cycles. */
  planLabel?: string;
  /** ISO date (Vietnam) the node's yearly report is due to its parent, and the instant. */
  reportDueDate: string;
  reportDueAt: string;
  /** For a node with children: when the children's reports are due (ISO date and instant). */
  childrenDueDate?: string;
  childrenDueAt?: string;
  children: UnitNode[];
  /**
   * Set on a node loaded by reference (its `children` then empty): how many
   * direct children the snapshot holds, loaded a page at a time.
   */
  childCount?: number;
}

/** The template parts every unit needs (indicators, groups, escalation, durations). */
export type UnitTemplate = Pick<
  CycleTemplate,
  | 'draftingWorkingDays'
  | 'approvalWorkingDays'
  | 'reminderWorkingDaysBefore'
  | 'escalation'
  | 'activityGroups'
  | 'indicators'
  | 'actionWindows'
  | 'linkValidityHours'
> & {
  /** Working days before its report due date on which a unit is asked to report. */
  reportRequestWorkingDaysBefore: number;
};

/** Shared context of one cycle: passed unchanged down the tree. */
export interface CycleContext {
  cascadeId: string;
  year: number;
  /** e.g. "Kế hoạch số 2018/KH-BVSTBCPN ngày 09/8/2018" — shown in every email. */
  planLabel: string;
  /** Inclusive ISO dates of the figures a yearly report covers (absent in older cycles). */
  dataPeriod?: { from: string; to: string };
  /** The plan's action months in this cycle's year, ISO dates (absent in older cycles). */
  actionWindows?: { name: string; from: string; to: string }[];
  template: UnitTemplate;
  calendar: CalendarData;
  offices: { id: string; name: string; email: string }[];
  /** Children started, signalled or cancelled per run (absent: `CHILD_BATCH`). */
  childBatch?: number;
}

/** Input of the unit workflow. */
export interface UnitWorkflowInput {
  context: CycleContext;
  node: UnitNode;
  parentId: string | null;
  /** Workflow id to signal with this unit's report (the parent unit, or the cycle). */
  reportToWorkflowId: string;
  /** Head of the parent (approves the plan; first escalation rung), and of the grandparent. */
  superiors: Person[];
  /** Set when the parent's plan was already approved before this unit started (added mid-cycle). */
  parentPlanApprovedOn?: string;
  /**
   * Set by the parents of this version on every child they start: a unit that
   * starts waiting has no task to announce, so its first task calls no
   * `patched('notify-first-task')`. That spares two of its first events (the
   * marker, and the TemporalChangeVersion upsert the SDK adds to it) and a
   * visibility write per waiting unit. Units started without it call it as they
   * always did, so their histories replay unchanged.
   */
  firstTaskMarkerOnlyIfTasked?: true;
  /** State carried across continue-as-new. */
  carried?: unknown;
  /**
   * Inputs by reference: `node` has no subtree and its children are read a page
   * at a time from this stored snapshot (absent in units started by value).
   */
  snapshot?: { ref: string };
}

/** What a unit sends up when it has reported (own values, or the roll-up of its subtree). */
export interface ChildReport {
  unitId: string;
  values: Record<string, IndicatorValue>;
  /** Unit ids in the subtree that had not reported when this report was sent. */
  missingUnitIds: string[];
  /** Their names, in the same order (absent in reports of older runs). */
  missingUnitNames?: string[];
  late: boolean;
  submittedAt: string;
  /** How many units the values cover (for means). */
  coveredUnits: number;
  /** Email of who submitted the unit's report or consolidation (the head or a substitute); absent before version 2. */
  submittedBy?: string;
  /** Name of the reporting unit (absent in reports sent before it was added). */
  unitName?: string;
  /** Every unit's own report in the subtree, by name (see domain/report/carry.ts). */
  units?: UnitEntry[];
  /** The reporting unit's overall assessment, when it consolidated. */
  assessment?: { narrative: string; sections?: ReportSections };
}
