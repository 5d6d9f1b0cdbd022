/**
 * How the mail activity uses the sent-mail ledger (runtime/sent-mail-ledger.ts):
 * before handing a message to SMTP it asks whether this workflow run already sent
 * it; right after SMTP accepted it, it records it. A retry after a crash then
 * sends only what is missing.
 *
 * When the ledger cannot be read, the attempt fails and Temporal retries it with
 * backoff: sending blindly would risk the very duplicate the ledger is for, and
 * on a cluster the ledger lives in the PostgreSQL that Temporal itself needs, so
 * while it is down Temporal could not record the completion anyway. A mail is
 * delayed, never lost: from attempt {@link LEDGER_BYPASS_FROM_ATTEMPT} on (about
 * five minutes of retries with the mail activity's backoff) a still unreadable
 * ledger is passed over and the mail is sent, since a duplicate is better than a
 * mail that never goes out before the activity's schedule-to-close timeout.
 * A failed write after SMTP accepted is tried again for a while
 * ({@link RECORD_RETRY_MS}): a ledger on the cluster's PostgreSQL is briefly
 * unwritable while that database restarts, and Temporal, on the same database,
 * may lose the attempt's completion too; its retry would then find no entry and
 * send again (a likely cause of duplicates in the fault suite, not one observed
 * in the runs that were classified). Only when
 * the ledger stays unwritable is it logged: failing the attempt would make its
 * retry send the message again.
 */
import { Context } from '@temporalio/activity';
import { sentMailKey, type SentMailLedger } from '../../runtime/sent-mail-ledger';

/** From this attempt on, a ledger that cannot be read no longer holds a mail back. */
export const LEDGER_BYPASS_FROM_ATTEMPT = 6;

/**
 * How long a failed write after SMTP accepted is tried again: longer than an
 * immediate PostgreSQL restart, well within the mail activity's one-minute
 * start-to-close timeout (workflows/activity-options.ts).
 */
export const RECORD_RETRY_MS = 20_000;

/** The ledger as one activity execution sees it (keys scoped to its workflow run). */
export interface SentLedgerGuard {
  /**
   * @returns true when this run already sent the message
   * @throws Error (retryable) when the ledger cannot be read and the attempt is below {@link LEDGER_BYPASS_FROM_ATTEMPT}
   */
  alreadySent(messageId: string): Promise<boolean>;
  /** Records the message as sent now; never throws. */
  recordSent(messageId: string): Promise<void>;
}

/** @returns the running activity's context, or undefined outside an activity (a direct call) */
export function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * @param ledger the shared ledger, if the worker has one
 * @param clock milliseconds since the epoch (the time recorded)
 * @param opts.recordRetryMs how long a failed write is tried again (default {@link RECORD_RETRY_MS})
 * @returns the guard of the running activity execution, or undefined when there is no
 *   ledger or no workflow activity (a direct call has no retries to guard, and no run to scope keys)
 */
export function sentLedgerGuard(ledger: SentMailLedger | undefined, clock: () => number, opts: { recordRetryMs?: number } = {}): SentLedgerGuard | undefined {
  const ctx = currentContext();
  const runId = ctx?.info.workflowExecution?.runId;
  if (!ledger || !ctx || !runId) return undefined;
  const { attempt } = ctx.info;
  const keyOf = (messageId: string) => sentMailKey(runId, messageId);
  return {
    async alreadySent(messageId) {
      try {
        return (await ledger.sentAt(keyOf(messageId))) !== undefined;
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (attempt < LEDGER_BYPASS_FROM_ATTEMPT) {
          throw new Error(`sent-mail ledger unreachable (attempt ${attempt}; from attempt ${LEDGER_BYPASS_FROM_ATTEMPT} the mail is sent without it): ${why}`, { cause: err });
        }
        ctx.log.warn('sent-mail ledger unreachable: sending without it (a duplicate is possible)', { attempt, messageId, error: why });
        return false;
      }
    },
    async recordSent(messageId) {
      const at = new Date(clock());
      const giveUpAt = Date.now() + (opts.recordRetryMs ?? RECORD_RETRY_MS);
      for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
        try {
          await ledger.record(keyOf(messageId), at);
          return;
        } catch (err) {
          if (Date.now() + pause > giveUpAt) {
            ctx.log.warn('sent-mail ledger not written after SMTP accepted the message (a retry may send it again)', { messageId, error: err instanceof Error ? err.message : String(err) });
            return;
          }
          await new Promise((r) => setTimeout(r, pause));
        }
      }
    },
  };
}
