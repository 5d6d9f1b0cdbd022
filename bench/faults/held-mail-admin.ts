/**
 * The admin of a run with `MAIL_UNCERTAIN_COPIES=hold`: looks at the held copies
 * every few seconds, as `cascade mail held` shows them, "asks the recipient" by
 * looking in the suite's mailbox for the copy's Message-ID, and answers
 * "arrived" or "resend" through the same code as the CLI. In production the
 * question is a phone call; here the mailbox is the recipient.
 */
import type { MailClaims } from '../../runtime/mail-claims';
import { answerHeldCopies, listHeldCopies } from '../../client/shared/held-mail';
import type { MailSink } from './mail-sink';

/** What the admin answered over the run. */
export interface HeldMailFigures {
  /** Distinct copies that were held. */
  held: number;
  /** Held copies the recipient already had: recorded as arrived, not sent again. */
  arrived: number;
  /** Held copies the recipient did not have: sent. */
  resent: number;
}

/** A running admin. */
export interface HeldMailAdmin {
  figures(): HeldMailFigures;
  /** Stops looking (answers in flight finish first). */
  stop(): Promise<void>;
}

/**
 * @param claims the deployment's claims (the twin's PostgreSQL or the data folder)
 * @param mail the suite's mailbox
 * @param everyMs how often the admin looks
 * @param log progress lines
 * @returns the running admin
 */
export function startHeldMailAdmin(claims: MailClaims, mail: MailSink, everyMs: number, log: (line: string) => void): HeldMailAdmin {
  const answered = new Map<string, 'arrived' | 'resend'>();
  let stopped = false;
  const look = async (): Promise<void> => {
    const held = (await listHeldCopies(claims)).filter((c) => c.decision === null);
    if (held.length === 0) return;
    const inBox = new Set(mail.messages().map((m) => m.messageId));
    const answerOf = (copy: (typeof held)[number]) => (inBox.has(copy.messageId) ? 'arrived' : 'resend');
    // One call per answer, not per copy: each call reads the held list once.
    for (const answer of ['arrived', 'resend'] as const) {
      const ids = held.filter((c) => answerOf(c) === answer).map((c) => c.id);
      if (ids.length) await answerHeldCopies(claims, ids, answer, new Date()).catch(() => undefined);
    }
    // A copy held again after a "resend" whose send crashed too is answered anew; the first answer is the figure.
    for (const copy of held) if (!answered.has(copy.id)) answered.set(copy.id, answerOf(copy));
    log(`admin: ${held.length} held cop${held.length === 1 ? 'y' : 'ies'} answered (${held.map((c) => `${c.id}: ${answerOf(c)}`).join(', ')})`);
  };
  const loop = (async () => {
    while (!stopped) {
      // The store is briefly unreachable while PostgreSQL restarts: the next look catches up.
      await look().catch((e: unknown) => log(`admin: held copies not read (${e instanceof Error ? e.message : String(e)})`));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    figures: () => {
      const answers = [...answered.values()];
      return { held: answers.length, arrived: answers.filter((a) => a === 'arrived').length, resent: answers.filter((a) => a === 'resend').length };
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
