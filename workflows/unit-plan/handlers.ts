/**
 * The unit workflow's messages, each one line onto the reducer: parse (zod),
 * validate by deciding on the current memory (a refusal changes nothing), then
 * decide and apply.
 */
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import type { reviewPlanSchema, submitConsolidationSchema, submitPlanSchema, submitReportSchema } from '../../domain/actions';
import type { AdminResult, extendDeadlineSchema, reassignSchema, remindNowSchema, removeUnitSchema } from '../../domain/admin';
import type { ActionResult } from '../../domain/tasks';
import { describeZodError } from '../../domain/zod-issues';
import { view, type UnitCommand } from '../../domain/cycle/unit-machine';
import type { UnitNode } from '../../domain/cycle/types';
import { ERROR_TYPES } from '../../domain/errors';
import {
  addChildUpdate,
  childCancelledSignal,
  childReportedSignal,
  extendDeadlineUpdate,
  parentPlanApprovedSignal,
  reassignUpdate,
  remindNowUpdate,
  removeChildUpdate,
  reviewPlanUpdate,
  submitConsolidationUpdate,
  submitPlanUpdate,
  submitReportUpdate,
  unitStateQuery,
} from '../unit-messages';
import { actionSchemas, adminSchemas } from '../schemas-on-demand';
import { peek, run, type UnitShell } from './shell';

function parse<T>(schema: () => z.ZodType<T>, raw: unknown): T {
  const parsed = schema().safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.create({ type: ERROR_TYPES.InvalidInput, message: describeZodError(parsed.error).join('; '), nonRetryable: true });
  return parsed.data;
}

/**
 * Registers every Update, Signal and the Query of the unit workflow.
 * @param shell the running unit
 */
export function registerHandlers(shell: UnitShell): void {
  /** An Update: the validator decides without applying; the handler decides again and applies. */
  function update<T, R>(
    def: Parameters<typeof setHandler>[0],
    /** Loads the message's schema (on demand: `../schemas-on-demand`); `null` for a message already typed by its sender. */
    schema: (() => z.ZodType<T>) | null,
    command: (input: T) => UnitCommand,
    /** Adds what only the handler may ask (`patched()` is not allowed in a validator). */
    inHandler: (c: UnitCommand) => UnitCommand = (c) => c,
  ): void {
    const toCommand = (raw: unknown): UnitCommand => command(schema ? parse(schema, raw) : (raw as T));
    setHandler(
      def as never,
      ((raw: unknown): R | Promise<R> => {
        const { decision, done } = run(shell, inHandler(toCommand(raw)));
        const reply = decision.reply as R;
        // Only effects that wait (cancelling a removed child) make the answer wait.
        return decision.effects.some((e) => e.type === 'cancel-child') ? done.then(() => reply) : reply;
      }) as never,
      {
        validator: ((raw: unknown): void => {
          const decision = peek(shell, toCommand(raw));
          if (!decision.ok) throw ApplicationFailure.create({ type: decision.refusal.type, message: decision.refusal.message, nonRetryable: true });
        }) as never,
      },
    );
  }

  update<z.infer<typeof submitPlanSchema>, ActionResult>(submitPlanUpdate, () => actionSchemas().submitPlanSchema, (input) => ({ type: 'submit-plan', input }));
  update<z.infer<typeof reviewPlanSchema>, ActionResult>(reviewPlanUpdate, () => actionSchemas().reviewPlanSchema, (input) => ({ type: 'review', input }));
  update<z.infer<typeof submitReportSchema>, ActionResult>(submitReportUpdate, () => actionSchemas().submitReportSchema, (input) => ({ type: 'submit-report', input }));
  update<z.infer<typeof submitConsolidationSchema>, ActionResult>(
    submitConsolidationUpdate,
    () => actionSchemas().submitConsolidationSchema,
    (input) => ({ type: 'submit-consolidation', input }),
    // Only a unit with a head above mails its report up (the root's goes out from the cycle).
    (c) => (shell.input.superiors[0] ? { ...c, reportUpMail: patched('report-up-mail') } : c),
  );
  update<z.infer<typeof extendDeadlineSchema>, AdminResult>(extendDeadlineUpdate, () => adminSchemas().extendDeadlineSchema, (input) => ({ type: 'extend', input }));
  update<z.infer<typeof reassignSchema>, AdminResult>(reassignUpdate, () => adminSchemas().reassignSchema, (input) => ({ type: 'reassign', input }));
  update<z.infer<typeof remindNowSchema>, AdminResult>(remindNowUpdate, () => adminSchemas().remindNowSchema, (input) => ({ type: 'remind', input }));
  update<z.infer<typeof removeUnitSchema>, AdminResult>(removeChildUpdate, () => adminSchemas().removeUnitSchema, (input) => ({ type: 'remove-child', input }));
  // The cycle computed the new node's deadlines; it is not a person's input.
  update<{ node: UnitNode; reason: string; actor: string }, AdminResult>(addChildUpdate, null, (a) => ({ type: 'add-child', node: a.node, reason: a.reason, actor: a.actor }));

  setHandler(parentPlanApprovedSignal, ({ approvedOn }) => void run(shell, { type: 'parent-approved', approvedOn }));
  setHandler(childReportedSignal, (report) => void run(shell, { type: 'child-reported', report }));
  setHandler(childCancelledSignal, ({ unitId }) => void run(shell, { type: 'child-cancelled', unitId }));
  setHandler(unitStateQuery, () => view(shell.mem, shell.input, Date.now()).state);
}
