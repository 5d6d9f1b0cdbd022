/**
 * The mail copies held for an admin's answer (`MAIL_UNCERTAIN_COPIES=hold`,
 * runtime/mail-claims.ts): listed, and answered "arrived" or "resend", by the
 * CLI (`cascade mail …`) and the admin dashboard alike.
 *
 * A copy is named by the first {@link HELD_ID_LENGTH} hex digits of its ledger
 * key; a longer prefix, or the whole key, works too.
 */
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../domain/notifications';
import type { ClaimDecision, MailClaim, MailClaims } from '../../runtime/mail-claims';
import { UsageError } from './cascade-file';

/** Hex digits of a held copy's short id. */
export const HELD_ID_LENGTH = 12;

/** One held copy as listed. */
export interface HeldCopy {
  /** Short id ({@link HELD_ID_LENGTH} hex digits). */
  id: string;
  /** The unit's (or cycle's) workflow id. */
  workflowId: string;
  kind: string;
  /** The kind in Vietnamese. */
  kindLabel: string;
  messageId: string;
  /** ISO instants. */
  claimedAt: string;
  heldAt: string;
  /** The admin's answer, if one was given (the copy goes at the attempt's next look, within a minute). */
  decision: ClaimDecision | null;
}

function listed(c: MailClaim): HeldCopy {
  return {
    id: c.key.slice(0, HELD_ID_LENGTH),
    workflowId: c.workflowId,
    kind: c.kind,
    kindLabel: NOTIFICATION_KIND_LABELS[c.kind as NotificationKind] ?? c.kind,
    messageId: c.messageId,
    claimedAt: c.claimedAt.toISOString(),
    heldAt: c.heldAt!.toISOString(),
    decision: c.decision ?? null,
  };
}

/**
 * @param claims the claims store
 * @returns every held copy, oldest first
 */
export async function listHeldCopies(claims: MailClaims): Promise<HeldCopy[]> {
  return (await claims.listHeld()).map(listed);
}

/**
 * Records one answer for each named copy; checks every id first, so a mistake changes nothing.
 * @param claims the claims store
 * @param ids short ids, longer prefixes or whole keys
 * @param decision the answer
 * @param at when it was given
 * @returns the copies as they now are
 * @throws UsageError naming the id that is malformed, unknown or ambiguous
 */
export async function answerHeldCopies(claims: MailClaims, ids: readonly string[], decision: ClaimDecision, at: Date): Promise<HeldCopy[]> {
  if (ids.length === 0) throw new UsageError('cần ít nhất một mã thư (xem: cascade mail held)');
  const held = await claims.listHeld();
  const keys = ids.map((raw) => {
    const id = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{8,64}$/.test(id)) throw new UsageError(`mã thư "${raw}": cần 8–64 chữ số hệ 16 (0-9, a-f), như trong cột đầu của cascade mail held`);
    const matches = held.filter((c) => c.key.startsWith(id));
    if (matches.length === 0) throw new UsageError(`mã thư "${raw}": không có thư nào đang chờ với mã này (có thể đã được gửi hoặc đã trả lời)`);
    if (matches.length > 1) throw new UsageError(`mã thư "${raw}": trùng đầu với ${matches.length} thư, hãy ghi dài hơn`);
    return matches[0]!.key;
  });
  const answered: HeldCopy[] = [];
  for (const key of new Set(keys)) {
    const now = await claims.decide(key, decision, at);
    // Gone between the list and the answer: the worker sent it (hold time over) or another admin answered.
    if (!now) throw new UsageError(`mã thư ${key.slice(0, HELD_ID_LENGTH)}: thư vừa được xử lý xong, không cần trả lời nữa`);
    answered.push(listed(now));
  }
  return answered;
}
