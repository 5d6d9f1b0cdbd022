/**
 * The unit state machine's vocabulary: what can happen to a unit (commands),
 * what the workflow must do about it (effects, as plain data), and the answer.
 */
import type {
  ActionResult,
  ReviewPlanInput,
  SubmitConsolidationInput,
  SubmitPlanInput,
  SubmitReportInput,
  TaskKind,
} from '../../actions';
import type { AdminResult, ExtendDeadlineInput, ReassignInput, RemindNowInput, RemoveUnitInput } from '../../admin';
import type { ErrorType } from '../../errors';
import type { Notification } from '../../notifications';
import type { DeadlineEvent } from '../schedule';
import type { ChildReport, UnitNode, UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';

/** A deadline event of the open task, or the due moment itself (the unit turns overdue). */
export type TaskEvent = DeadlineEvent | { kind: 'due'; at: string; key: string };

/** Everything that can happen to a unit. Human and admin commands carry already-parsed input. */
export type UnitCommand =
  | { type: 'submit-plan'; input: SubmitPlanInput }
  | { type: 'review'; input: ReviewPlanInput }
  | { type: 'submit-report'; input: SubmitReportInput }
  /**
   * `reportUpMail`: the shell's `patched('report-up-mail')` answer (handler only): the
   * head above is mailed the consolidated report as a document. Runs started before it: no mail.
   */
  | { type: 'submit-consolidation'; input: SubmitConsolidationInput; reportUpMail?: boolean }
  | { type: 'parent-approved'; approvedOn: string }
  | { type: 'child-reported'; report: ChildReport }
  | { type: 'child-cancelled'; unitId: string }
  | { type: 'deadline-event-due'; task: TaskKind; event: TaskEvent }
  | { type: 'extend'; input: ExtendDeadlineInput }
  | { type: 'reassign'; input: ReassignInput }
  | { type: 'remind'; input: RemindNowInput }
  /** The reminder an admin asked for, sent by the open task's deadline loop. */
  | { type: 'remind-due'; task: TaskKind }
  | { type: 'add-child'; node: UnitNode; reason: string; actor: string }
  | { type: 'remove-child'; input: RemoveUnitInput }
  | { type: 'cancel' }
  // Steps of the unit's own loop.
  /** A run starts (or resumes after continue-as-new): operators see where it stands. */
  | { type: 'resume' }
  | { type: 'announce-first-task' }
  | { type: 'start-child-batch' }
  /** A page of children read from the snapshot (a unit started by reference); `next` is null after the last. */
  | { type: 'children-loaded'; children: UnitNode[]; next: number | null }
  | { type: 'notify-child-batch' }
  | { type: 'report-requested' }
  | { type: 'report-up' }
  /**
   * After a wait in `reported`: sends the roll-up up again if the children's
   * reports changed since `reportsBefore` (a late child, or a child's corrected
   * roll-up). `patches` are the shell's `patched()` answers, as data.
   */
  | { type: 'resend-roll-up'; reportsBefore: Record<string, ChildReport>; patches: Pick<UnitPatches, 'resendCorrectedRollUp'> }
  | { type: 'cancel-child-batch' }
  | { type: 'report-cancelled-up' };

/**
 * Behaviour changes a running workflow would otherwise replay differently: the
 * shell asks `patched('<id>')` and hands the answer to the reducer, which stays
 * pure. `false` means the run started before the change: keep the old behaviour.
 */
export interface UnitPatches {
  /**
   * `patched('resend-corrected-roll-up')`: a child's report that REPLACES an
   * earlier one (a corrected roll-up) also makes a reported unit re-send its own.
   * Before it, only a change in the NUMBER of child reports did, so a late
   * grandchild never reached the cycle through a parent that had reported.
   */
  resendCorrectedRollUp: boolean;
}

/** What a child workflow is started with. */
export interface ChildStart {
  workflowId: string;
  input: UnitWorkflowInput;
  searchAttributes: { cycle: string; unitId: string; parentId: string; level: string };
  staticSummary: string;
  staticDetails: string;
}

/** What the workflow must do, in order. */
export type UnitEffect =
  | { type: 'notify'; notification: Notification }
  /** Push search attributes and the Web UI details from `view()`. */
  | { type: 'publish' }
  | { type: 'start-children'; children: ChildStart[] }
  | { type: 'signal-parent-approved'; workflowIds: string[]; approvedOn: string }
  /** Cancel one removed child (its refusal is the admin's error). */
  | { type: 'cancel-child'; workflowId: string }
  /** Cancel children of a cancelled unit (one already closed is fine). */
  | { type: 'cancel-children'; workflowIds: string[] }
  | { type: 'report-up'; workflowId: string; report: ChildReport }
  | { type: 'report-cancelled-up'; workflowId: string; unitId: string }
  /** Carry the memory into a new run now (a batch is done and more remain). */
  | { type: 'continue-as-new' };

/** A refused command: nothing changes; `type` is from the shared error vocabulary. */
export interface Refusal {
  type: ErrorType;
  message: string;
}

/** The answer of {@link decide}. */
export type Decision =
  | {
      ok: true;
      memory: UnitMemory;
      effects: UnitEffect[];
      /** Waits recompute (something a wait may depend on changed). */
      wake: boolean;
      /** The Update's answer, for commands that come from a person. */
      reply?: ActionResult | AdminResult;
    }
  | { ok: false; refusal: Refusal };
