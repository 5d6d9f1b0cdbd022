/**
 * Claims on mail copies: the half of the sent-mail ledger that knows a copy was
 * being handed to SMTP. The ledger (./sent-mail-ledger.ts) records a copy after
 * SMTP accepted it; a crash between SMTP's acceptance and that record leaves no
 * trace, and the retry sends the copy again. SMTP cannot be asked whether a
 * message arrived, so no store can close that gap; what a claim adds is that the
 * retry *knows* it is in the gap, instead of taking the copy for unsent.
 *
 * With `MAIL_UNCERTAIN_COPIES=hold` (activities/mail/uncertain-copies.ts) such a
 * copy is held and listed for an admin, who asks the recipient and answers
 * "arrived" (never sent again) or "resend"; one that nobody answers goes out again
 * after `MAIL_HOLD_MAX_HOURS`, so a mail is delayed, never lost.
 *
 * A claim holds ids only (the unit's workflow id, the mail's kind and its
 * Message-ID, a hash of ids): no name or address, so nothing here needs the
 * project's keys. It is removed once its copy is recorded as sent, or when SMTP
 * refused the copy (nothing went out); what is left is pruned with the ledger.
 *
 * Backends follow the ledger: files under the data folder, or a table in the
 * PostgreSQL of the snapshot store (./mail-claims-postgres.ts).
 */
import { promises as fs, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SENT_MAIL_KEY } from './sent-mail-ledger';

/** What a claim says about the copy it guards: ids only. */
export interface ClaimAbout {
  /** The workflow that sends it (a unit or a cycle; ids carry no personal data). */
  workflowId: string;
  /** The notification kind (plan invitation, reminder, …). */
  kind: string;
  /** The copy's Message-ID, as the recipient's mail program shows it. */
  messageId: string;
}

/** An admin's answer about a held copy. */
export type ClaimDecision = 'arrived' | 'resend';

/** The admins' answers, in the order the CLI and the dashboard offer them. */
export const CLAIM_DECISIONS: readonly ClaimDecision[] = ['arrived', 'resend'];

/** One claim as stored. */
export interface MailClaim extends ClaimAbout {
  /** The ledger key of the copy (64 hex digits; see sentMailKey). */
  key: string;
  /** When an attempt began handing the copy to SMTP. */
  claimedAt: Date;
  /** When a later attempt found the claim without a record of the outcome. */
  heldAt?: Date;
  decision?: ClaimDecision;
  decidedAt?: Date;
}

/** Claims by ledger key; every method may throw when the store cannot be reached. */
export interface MailClaims {
  /** Records that a copy is about to be handed to SMTP (durable when it returns); a second claim of the same key is ignored. */
  claim(key: string, about: ClaimAbout, at: Date): Promise<void>;
  /** @returns the claim under `key`, or undefined */
  find(key: string): Promise<MailClaim | undefined>;
  /** Marks the claim held (the first time only: `heldAt` keeps the earliest time). */
  hold(key: string, at: Date): Promise<void>;
  /**
   * Records an admin's answer about a held copy.
   * @returns the claim as it now is, or undefined when no held claim has that key
   */
  decide(key: string, decision: ClaimDecision, at: Date): Promise<MailClaim | undefined>;
  /** Removes the claim (its copy was recorded as sent, or SMTP refused it). */
  drop(key: string): Promise<void>;
  /** @returns every held claim, oldest hold first */
  listHeld(): Promise<MailClaim[]>;
  /** Removes claims made before `before`. @returns how many */
  prune(before: Date): Promise<number>;
  /** Releases connections (a no-op for files). */
  close(): Promise<void>;
}

/** @throws Error when `key` is not a ledger key (so no path or SQL can be named through it) */
export function checkClaimKey(key: string): string {
  if (!SENT_MAIL_KEY.test(key)) throw new Error(`not a mail claim key: ${key.slice(0, 80)}`);
  return key;
}

/** The stored form of each fact: one small file per fact, written once, so no two writers ever merge a file. */
const FACTS = { claim: '.claim', held: '.held', decision: '.decision' } as const;

/** Written then renamed: a reader never sees half a file. Synchronous, as the ledger's record: see there. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * @param dir the folder, e.g. `<data folder>/mail-claims` (created on first write)
 * @returns claims as files `<key>.claim` (JSON of ids and time), `<key>.held` (time) and
 *   `<key>.decision` (JSON); every process of the machine shares them
 */
export function createFileMailClaims(dir: string): MailClaims {
  const fileOf = (key: string, fact: keyof typeof FACTS) => path.join(dir, `${checkClaimKey(key)}${FACTS[fact]}`);
  const ensureDir = () => mkdirSync(dir, { recursive: true, mode: 0o700 });

  async function find(key: string): Promise<MailClaim | undefined> {
    const claimText = await readOrUndefined(fileOf(key, 'claim'));
    if (claimText === undefined) return undefined;
    const stored = JSON.parse(claimText) as ClaimAbout & { claimedAt: string };
    const held = await readOrUndefined(fileOf(key, 'held'));
    const decisionText = await readOrUndefined(fileOf(key, 'decision'));
    const decision = decisionText === undefined ? undefined : (JSON.parse(decisionText) as { decision: ClaimDecision; at: string });
    return {
      key,
      workflowId: stored.workflowId,
      kind: stored.kind,
      messageId: stored.messageId,
      claimedAt: new Date(stored.claimedAt),
      ...(held === undefined ? {} : { heldAt: new Date(held.trim()) }),
      ...(decision ? { decision: decision.decision, decidedAt: new Date(decision.at) } : {}),
    };
  }

  return {
    claim(key, about, at) {
      try {
        const file = fileOf(key, 'claim');
        ensureDir();
        // A claim already there belongs to an earlier attempt at the same copy: it says more (its time).
        try {
          writeFileSync(file, JSON.stringify({ workflowId: about.workflowId, kind: about.kind, messageId: about.messageId, claimedAt: at.toISOString() }), { mode: 0o600, flag: 'wx' });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    find,
    async hold(key, at) {
      if ((await readOrUndefined(fileOf(key, 'held'))) !== undefined) return;
      writeAtomically(fileOf(key, 'held'), at.toISOString());
    },
    async decide(key, decision, at) {
      const claim = await find(key);
      if (!claim?.heldAt) return undefined;
      writeAtomically(fileOf(key, 'decision'), JSON.stringify({ decision, at: at.toISOString() }));
      return { ...claim, decision, decidedAt: at };
    },
    async drop(key) {
      // The claim last: a crash half-way leaves a claim, never a decision without one.
      for (const fact of ['decision', 'held', 'claim'] as const) await fs.rm(fileOf(key, fact), { force: true });
    },
    async listHeld() {
      const names = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      const held: MailClaim[] = [];
      for (const name of names) {
        if (!name.endsWith(FACTS.held)) continue;
        const claim = await find(name.slice(0, -FACTS.held.length));
        if (claim?.heldAt) held.push(claim);
      }
      return held.sort((a, b) => a.heldAt!.getTime() - b.heldAt!.getTime());
    },
    async prune(before) {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const file = path.join(dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (!stat || stat.mtime >= before) continue;
        // Another worker may prune the same file at the same moment.
        await fs.unlink(file).then(
          () => (removed += name.endsWith(FACTS.claim) ? 1 : 0),
          () => undefined,
        );
      }
      return removed;
    },
    close: () => Promise.resolve(),
  };
}
