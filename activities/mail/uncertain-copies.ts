/**
 * What a mail attempt does with a copy that a crash may have sent already
 * (`MAIL_UNCERTAIN_COPIES`, runtime/mail-claims.ts says why the gap exists).
 *
 * - `resend` (the default): nothing is claimed; a retry sends what the ledger has
 *   no record of. Nothing is ever held, and a crash in the instant between
 *   SMTP's acceptance and the ledger's record costs one duplicate.
 * - `hold`: each copy is claimed right before it is handed to SMTP. A retry that
 *   finds a claim without a record holds the copy, and the attempt fails with
 *   {@link ERROR_TYPES.MailHeld} so Temporal tries again every
 *   {@link HELD_RECHECK_MS} (operators see the reason on the pending activity);
 *   the other copies of the same mail go out meanwhile. An admin asks the
 *   recipient and answers (`cascade mail held`, the dashboard): "arrived" records
 *   the copy as sent, "resend" sends it. Without an answer within
 *   `MAIL_HOLD_MAX_HOURS` the copy is sent again: delayed, never lost.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_TYPES } from '../../domain/errors';
import type { ClaimAbout, MailClaims } from '../../runtime/mail-claims';
import { sentMailKey } from '../../runtime/sent-mail-ledger';
import { currentContext, LEDGER_BYPASS_FROM_ATTEMPT } from './sent-ledger';

/** How often a held copy's attempt looks again for an admin's answer. */
export const HELD_RECHECK_MS = 60_000;

/** The policy, from the config (runtime/config.ts `mail`). */
export interface UncertainCopyPolicy {
  uncertainCopies: 'resend' | 'hold';
  holdMaxHours: number;
}

/** What to do with a copy the ledger has no record of. */
export type CopyStep = { step: 'send' } | { step: 'arrived' } | { step: 'held'; since: Date };

/** The claims as one activity execution sees them (keys scoped to its workflow run). */
export interface CopyClaims {
  /** @returns send it, record it as arrived (an admin said so), or leave it held */
  stepFor(messageId: string): Promise<CopyStep>;
  /** Claims the copy; call right before handing it to SMTP. @throws Error (retryable) when the claims cannot be written, below the ledger's bypass attempt */
  claim(about: ClaimAbout): Promise<void>;
  /** Forgets the claim: SMTP refused the copy, or it is recorded as sent. Never throws. */
  release(messageId: string): Promise<void>;
}

/**
 * @param claims the shared claims, if the worker has them
 * @param policy the configured policy
 * @param clock milliseconds since the epoch
 * @returns the claims of the running activity execution, or undefined under `resend`, without
 *   claims, or outside a workflow activity (nothing is claimed then: the behaviour before claims)
 */
export function copyClaims(claims: MailClaims | undefined, policy: UncertainCopyPolicy, clock: () => number): CopyClaims | undefined {
  const ctx = currentContext();
  const runId = ctx?.info.workflowExecution?.runId;
  if (policy.uncertainCopies !== 'hold' || !claims || !ctx || !runId) return undefined;
  const { attempt } = ctx.info;
  const keyOf = (messageId: string) => sentMailKey(runId, messageId);
  const holdMaxMs = policy.holdMaxHours * 3_600_000;
  /** As the ledger: an unreachable store delays the mail (retry), and from the bypass attempt on no longer holds it back. */
  const orBypass = async <T>(what: string, io: () => Promise<T>, bypass: T): Promise<T> => {
    try {
      return await io();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (attempt < LEDGER_BYPASS_FROM_ATTEMPT) throw new Error(`mail claims unreachable (${what}, attempt ${attempt}): ${why}`, { cause: err });
      ctx.log.warn('mail claims unreachable: going on without them (a duplicate is possible)', { attempt, what, error: why });
      return bypass;
    }
  };
  return {
    stepFor: (messageId) =>
      orBypass<CopyStep>(
        'read',
        async () => {
          const key = keyOf(messageId);
          const found = await claims.find(key);
          if (!found) return { step: 'send' };
          if (found.decision === 'resend') {
            // Claimed afresh before it goes: a crash during this send is caught like the first.
            await claims.drop(key);
            return { step: 'send' };
          }
          if (found.decision === 'arrived') return { step: 'arrived' };
          const since = found.heldAt ?? new Date(clock());
          if (clock() - since.getTime() >= holdMaxMs) {
            ctx.log.warn('held mail copy not answered in time: sending it again (a duplicate is possible)', { messageId, heldSince: since.toISOString() });
            return { step: 'send' };
          }
          if (!found.heldAt) await claims.hold(key, since);
          return { step: 'held', since };
        },
        { step: 'send' },
      ),
    claim: (about) => orBypass('write', () => claims.claim(keyOf(about.messageId), about, new Date(clock())), undefined),
    async release(messageId) {
      try {
        await claims.drop(keyOf(messageId));
      } catch (err) {
        // A claim left behind is pruned with the ledger; it matters only if this copy is retried.
        ctx.log.warn('mail claim not removed', { messageId, error: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}

/**
 * @param held how many copies of the mail are held, and since when the oldest is
 * @returns the retryable failure of an attempt that left copies held (Temporal tries again in {@link HELD_RECHECK_MS})
 */
export function heldFailure(held: { count: number; since: Date }): ApplicationFailure {
  return ApplicationFailure.create({
    type: ERROR_TYPES.MailHeld,
    message: `${held.count} mail cop${held.count === 1 ? 'y' : 'ies'} may have reached the server before a crash and wait${held.count === 1 ? 's' : ''} for an admin's answer since ${held.since.toISOString()} (cascade mail held)`,
    nextRetryDelay: HELD_RECHECK_MS,
  });
}
