/**
 * One unit's year: waiting → drafting ⇄ in-review → implementing → reporting →
 * (consolidating, for a node with children) → reported; or cancelled. The stage
 * graph and every rule live in the pure reducer (domain/cycle/unit-machine); this
 * loop only waits: for a message, for the next deadline event, for the report day.
 *
 * Shape for scale: children are started in batches with ParentClosePolicy
 * ABANDON and report back by signal to this workflow's id, so this workflow can
 * continue-as-new whenever the server suggests it (children are not carried over
 * a continue-as-new, and no run ever has more than CHILD_BATCH pending children).
 */
import { CancellationScope, allHandlersFinished, condition, isCancellation, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SnapshotActivities } from '../../activities/types';
import { SNAPSHOT_ACTIVITY_OPTIONS } from '../activity-options';
import type { TaskKind } from '../../domain/actions';
import { dateInVietnam } from '../../domain/calendar/pure';
import { CHILD_BATCH, missingChildIds, nextTaskEvent, reportRequestAt } from '../../domain/cycle/unit-machine';
import type { UnitWorkflowInput } from '../../domain/cycle/types';
import { initialMemory, upgradeMemory } from '../../domain/cycle/unit-memory';
import { taskOfStage } from '../../domain/cycle/unit-rules';
import type { Stage } from '../../domain/stages';
import { registerHandlers } from './handlers';
import { continueIfSuggested, run, type UnitShell } from './shell';

const { readChildrenPage } = proxyActivities<SnapshotActivities>(SNAPSHOT_ACTIVITY_OPTIONS);

/** What a unit workflow returns when it closes. */
export interface UnitResult {
  unitId: string;
  stage: Stage;
  late: boolean;
  revision: number;
}

/**
 * @param input the unit's node (with its direct children and deadlines), its superiors and the cycle context
 * @returns the final stage of the unit
 */
export async function unitPlanWorkflow(input: UnitWorkflowInput): Promise<UnitResult> {
  const { node } = input;
  const mem = input.carried
    ? upgradeMemory(input.carried)
    : initialMemory(node, input.parentPlanApprovedOn ?? null, new Date().toISOString(), dateInVietnam(new Date()), input.parentId === null, input.snapshot !== undefined);
  const shell: UnitShell = { input, mem, version: 0, pendingMail: new Set() };
  registerHandlers(shell);
  const step = (command: Parameters<typeof run>[1]): Promise<void> => run(shell, command).done;
  const woken = (): Promise<boolean> => {
    const seen = shell.version;
    return condition(() => shell.version !== seen).then(() => true);
  };

  void step({ type: 'resume' });
  // A unit can start straight in a task (its parent's plan already approved, or a
  // root drafting): it must be told. Units started before this fix did not send
  // that mail; the patch keeps their histories replayable (test/replay). A unit
  // that starts waiting has nothing to announce: started by a parent that says so
  // (the input's flag), it records no marker for it. Replaying, it asks anyway:
  // during a rolling upgrade a worker of the version before may have run this
  // first task and written the marker, which replay must meet; where there is
  // none, patched() answers false and writes nothing.
  const mayAnnounce =
    !input.carried && (!input.firstTaskMarkerOnlyIfTasked || taskOfStage(mem.stage) !== undefined || workflowInfo().unsafe.isReplaying);
  if (mayAnnounce && patched('notify-first-task')) void step({ type: 'announce-first-task' });
  try {
    // A run continued in the middle of cancelling its children carries on with that.
    for (; shell.mem.childrenToCancel === null; ) {
      const m = shell.mem;
      if (m.childrenToStart.length) {
        await step({ type: 'start-child-batch' });
        continue;
      }
      // Started by reference: the next page of children from the snapshot (never set by value).
      if (m.childPages && m.childPages.next !== null) {
        const page = await readChildrenPage({ ref: input.snapshot!.ref, unitId: node.id, offset: m.childPages.next, limit: CHILD_BATCH });
        await step({ type: 'children-loaded', children: page.children, next: page.nextOffset });
        continue;
      }
      if (m.approvedOn && m.childrenToNotify.length) {
        await step({ type: 'notify-child-batch' });
        continue;
      }
      const task = taskOfStage(m.stage);
      if (m.stage === 'waiting') await woken();
      else if (task) await awaitTask(task);
      else if (m.stage === 'implementing') await awaitReportRequest();
      else if (m.stage === 'reported') {
        if (!m.reportedAt) await step({ type: 'report-up' });
        if (missingChildIds(shell.mem).length === 0) break;
        const reportsBefore = shell.mem.childReports;
        await woken();
        // A late child's report, or a child's corrected roll-up, updates the roll-up already
        // sent up. Runs started before the patch re-send only for a new child's report.
        await step({ type: 'resend-roll-up', reportsBefore, patches: { resendCorrectedRollUp: patched('resend-corrected-roll-up') } });
      }
      await continueIfSuggested(shell);
    }
    if (shell.mem.childrenToCancel !== null) await cancelThisUnit();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => cancelThisUnit());
  }
  await condition(allHandlersFinished);
  await Promise.allSettled([...shell.pendingMail]);
  return { unitId: node.id, stage: shell.mem.stage, late: shell.mem.late, revision: shell.mem.revision };

  /** Waits for the open task to be done, firing reminders and escalation rungs on their days. */
  async function awaitTask(task: TaskKind): Promise<void> {
    const stageAtStart = shell.mem.stage;
    const revisionAtStart = shell.mem.revision;
    const isDone = (): boolean => shell.mem.stage !== stageAtStart || shell.mem.revision !== revisionAtStart;
    while (!isDone()) {
      // A reminder an admin asked for while this loop was not waiting (children being
      // started, a continue-as-new) goes now; runs started before the patch sent it only
      // after the next wake or deadline event.
      if (shell.mem.remindRequested && patched('remind-now-after-child-batches')) void step({ type: 'remind-due', task });
      const next = nextTaskEvent(shell.mem, task, input);
      const seen = shell.version;
      const waitMs = next ? Math.max(0, Date.parse(next.at) - Date.now()) : undefined;
      const woke = waitMs === undefined ? await woken() : await condition(() => shell.version !== seen, waitMs);
      if (shell.mem.remindRequested) void step({ type: 'remind-due', task });
      if (woke || !next || isDone()) {
        await continueIfSuggested(shell);
        continue;
      }
      void step({ type: 'deadline-event-due', task, event: next });
      await continueIfSuggested(shell);
    }
  }

  /** In `implementing`: wait until the day the unit is asked for its report. */
  async function awaitReportRequest(): Promise<void> {
    const at = reportRequestAt(input);
    while (shell.mem.stage === 'implementing' && Date.now() < at) {
      const seen = shell.version;
      await condition(() => shell.version !== seen || shell.mem.childrenToStart.length > 0 || shell.mem.childrenToNotify.length > 0, at - Date.now());
      if (shell.mem.childrenToStart.length || shell.mem.childrenToNotify.length) return;
      await continueIfSuggested(shell);
    }
    void step({ type: 'report-requested' });
  }

  async function cancelThisUnit(): Promise<void> {
    void step({ type: 'cancel' });
    while (shell.mem.childrenToCancel!.length) await step({ type: 'cancel-child-batch' });
    await step({ type: 'report-cancelled-up' });
  }
}
