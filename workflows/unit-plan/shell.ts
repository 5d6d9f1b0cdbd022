/**
 * The unit workflow's shell around the pure reducer: it holds the memory, runs
 * `decide`, and carries out the effects in the order they were decided (mail as
 * activities, search attributes, children, signals, continue-as-new).
 */
import {
  ApplicationFailure,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UnitWorkflowInput } from '../../domain/cycle/types';
import type { UnitMemory } from '../../domain/cycle/unit-memory';
import { decide, view, type Decision, type UnitCommand, type UnitEffect } from '../../domain/cycle/unit-machine';
import { CYCLE_KEY, DUE_AT_KEY, LEVEL_KEY, OVERDUE_KEY, PARENT_ID_KEY, STAGE_KEY, UNIT_ID_KEY, WAITING_ON_KEY } from '../../domain/search-attributes';
import type { MailActivities } from '../../activities/types';
import { MAIL_ACTIVITY_OPTIONS } from '../activity-options';
import { childCancelledSignal, childReportedSignal, parentPlanApprovedSignal } from '../unit-messages';

const { sendNotification } = proxyActivities<MailActivities>(MAIL_ACTIVITY_OPTIONS);

/** The running unit: its input, its memory, and what the waits watch. */
export interface UnitShell {
  readonly input: UnitWorkflowInput;
  mem: UnitMemory;
  /** Bumped whenever a decision says waits must recompute. */
  version: number;
  readonly pendingMail: Set<Promise<unknown>>;
}

/** @returns the decision of a command on the current memory, changing nothing */
export function peek(shell: UnitShell, command: UnitCommand): Decision {
  return decide(shell.mem, command, shell.input, Date.now());
}

/**
 * Decides and applies a command: the memory is replaced, waits are woken when
 * the decision says so, and the effects are carried out in order. Effects that
 * only issue commands (mail, search attributes) run at once; the returned promise
 * settles after the ones that wait (children, signals, continue-as-new).
 * @returns the decision, and the effects' completion
 * @throws ApplicationFailure when the command is refused (validators refuse first)
 */
export function run(shell: UnitShell, command: UnitCommand): { decision: Decision & { ok: true }; done: Promise<void> } {
  const decision = peek(shell, command);
  if (!decision.ok) throw ApplicationFailure.create({ type: decision.refusal.type, message: decision.refusal.message, nonRetryable: true });
  shell.mem = decision.memory;
  if (decision.wake) shell.version++;
  return { decision, done: applyEffects(shell, decision.effects, 0) ?? Promise.resolve() };
}

function applyEffects(shell: UnitShell, effects: UnitEffect[], from: number): Promise<void> | undefined {
  for (let i = from; i < effects.length; i++) {
    const waiting = applyEffect(shell, effects[i]!);
    if (waiting) return waiting.then(() => applyEffects(shell, effects, i + 1));
  }
  return undefined;
}

function applyEffect(shell: UnitShell, e: UnitEffect): Promise<void> | undefined {
  switch (e.type) {
    case 'notify': {
      const p = sendNotification(e.notification).catch((err: unknown) => log.error('notification not sent', { kind: e.notification.kind, sequence: e.notification.sequence, err: String(err) }));
      shell.pendingMail.add(p);
      void p.finally(() => shell.pendingMail.delete(p));
      return undefined;
    }
    case 'publish': {
      const v = view(shell.mem, shell.input, Date.now());
      const sa = v.searchAttributes;
      upsertSearchAttributes([
        { key: STAGE_KEY, value: sa.stage },
        { key: WAITING_ON_KEY, value: sa.waitingOn },
        { key: DUE_AT_KEY, value: sa.dueAt ? new Date(sa.dueAt) : null },
        { key: OVERDUE_KEY, value: sa.overdue },
      ]);
      setCurrentDetails(v.details);
      return undefined;
    }
    case 'start-children':
      return Promise.all(
        e.children.map((c) =>
          startChild('unitPlanWorkflow', {
            workflowId: c.workflowId,
            parentClosePolicy: ParentClosePolicy.ABANDON,
            // Cancellation is passed down by hand (the cancel effects), across continue-as-new runs
            // too; letting the SDK also request it would ask the server twice, which it refuses.
            cancellationType: ChildWorkflowCancellationType.ABANDON,
            args: [c.input],
            typedSearchAttributes: [
              { key: CYCLE_KEY, value: c.searchAttributes.cycle },
              { key: UNIT_ID_KEY, value: c.searchAttributes.unitId },
              { key: PARENT_ID_KEY, value: c.searchAttributes.parentId },
              { key: LEVEL_KEY, value: c.searchAttributes.level },
            ],
            staticSummary: c.staticSummary,
            staticDetails: c.staticDetails,
          }),
        ),
      ).then(() => undefined);
    case 'signal-parent-approved':
      return Promise.all(e.workflowIds.map((id) => getExternalWorkflowHandle(id).signal(parentPlanApprovedSignal, { approvedOn: e.approvedOn }))).then(() => undefined);
    case 'cancel-child':
      return getExternalWorkflowHandle(e.workflowId).cancel();
    case 'cancel-children':
      return Promise.all(e.workflowIds.map((id) => getExternalWorkflowHandle(id).cancel().catch(() => undefined /* already closed */))).then(() => undefined);
    case 'report-up':
      return getExternalWorkflowHandle(e.workflowId).signal(childReportedSignal, e.report);
    case 'report-cancelled-up':
      return getExternalWorkflowHandle(e.workflowId)
        .signal(childCancelledSignal, { unitId: e.unitId })
        .catch(() => undefined);
    case 'continue-as-new':
      return continueIfSuggested(shell, true);
  }
}

/**
 * Carries the memory into a new run when the server suggests it (or now, when
 * forced after a batch), once every handler and mail of this run is done.
 */
export async function continueIfSuggested(shell: UnitShell, force = false): Promise<void> {
  if (!force && !workflowInfo().continueAsNewSuggested) return;
  await condition(allHandlersFinished);
  await Promise.allSettled([...shell.pendingMail]);
  const { input } = shell;
  await continueAsNew<(i: UnitWorkflowInput) => Promise<unknown>>({ ...input, node: { ...input.node, children: [] }, carried: shell.mem });
}
