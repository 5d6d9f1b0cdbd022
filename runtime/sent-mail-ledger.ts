/**
 * The sent-mail ledger: which messages SMTP already accepted, so a retried mail
 * activity does not hand the same message to SMTP again. The mail activity is
 * at least once (a worker, the Temporal server or its database may die after SMTP
 * accepted a message and before Temporal recorded the activity's completion);
 * with the ledger, a copy goes out twice only if the crash falls in the instant
 * between SMTP's acceptance and the ledger's write.
 *
 * An entry is a key and the time the message was sent, nothing else. The key is a
 * SHA-256 of the workflow run and the Message-ID ({@link sentMailKey}): the
 * Message-ID is itself a hash of ids that carry no personal data (see
 * activities/mail/message-id.ts) and a run id is a random UUID, so no keyed HMAC
 * is needed, unlike the snapshot store whose content names people.
 *
 * Backends follow the snapshot store (./snapshot-store.ts): marker files under
 * the data folder for the embedded default (every worker process of the machine
 * shares them), PostgreSQL for several machines (./sent-mail-ledger-postgres.ts).
 * Entries older than {@link SENT_MAIL_RETENTION_DAYS} are pruned.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, promises as fs, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Sent messages by key; every method may throw when the store cannot be reached. */
export interface SentMailLedger {
  /** @returns when the message under `key` was recorded as sent, or undefined when it was not */
  sentAt(key: string): Promise<Date | undefined>;
  /** Records that the message under `key` was sent at `at`; recording it twice is harmless. */
  record(key: string, at: Date): Promise<void>;
  /** Removes entries sent before `before`. @returns how many were removed */
  prune(before: Date): Promise<number>;
  /** Releases connections (a no-op for files). */
  close(): Promise<void>;
}

/**
 * How long an entry is kept. An entry only matters while the activity that wrote
 * it may still be retried, which the mail activity's schedule-to-close timeout
 * bounds (3 days, workflows/activity-options.ts); two weeks leave a wide margin.
 */
export const SENT_MAIL_RETENTION_DAYS = 14;

/** How often a worker prunes the ledger (it also prunes when it starts). */
export const SENT_MAIL_PRUNE_EVERY_MS = 6 * 3_600_000;

/** A ledger key: 64 lowercase hex digits (also a safe file name). */
export const SENT_MAIL_KEY = /^[0-9a-f]{64}$/;

/**
 * The key of one message sent by one workflow run. Scoped to the run because the
 * ledger guards the retries of an activity, which all belong to the run that
 * scheduled it; a later run reusing a workflow id (a cycle started again after a
 * reset or after the namespace's retention, or a test on a fresh server) sends
 * its mails anew instead of finding them "already sent" and losing them.
 * @param runId the run of the workflow that scheduled the mail activity
 * @param messageId the message's Message-ID
 * @returns 64 hex digits
 */
export function sentMailKey(runId: string, messageId: string): string {
  return createHash('sha256').update(`sent-mail\0${runId}\0${messageId}`, 'utf8').digest('hex');
}

function checkKey(key: string): void {
  if (!SENT_MAIL_KEY.test(key)) throw new Error(`not a sent-mail ledger key: ${key.slice(0, 80)}`);
}

/**
 * @param dir the folder, e.g. `<data folder>/sent-mail` (created on first write)
 * @returns a ledger of marker files `<dir>/<first two hex>/<key>` holding the ISO time sent,
 *   written atomically (write then rename), so every process of the machine sees whole entries
 */
export function createFileSentMailLedger(dir: string): SentMailLedger {
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), key);
  return {
    async sentAt(key) {
      checkKey(key);
      try {
        const text = await fs.readFile(fileOf(key), 'utf8');
        // The file exists, so the message was sent; its text only says when.
        const at = new Date(text.trim());
        return Number.isNaN(at.getTime()) ? (await fs.stat(fileOf(key))).mtime : at;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    record(key, at) {
      // Synchronous on purpose: the entry lands in the same tick as SMTP's answer is
      // handled, instead of queueing behind the thread pool of a busy worker. In the fault
      // suite, asynchronous writes still pending a second after SMTP accepted died with a
      // SIGKILLed worker (4 of its 5 duplicates). A few small file calls block for microseconds.
      // No fsync: a process crash keeps what the kernel has; only a power loss could drop an
      // entry, and a lost entry costs at worst one duplicate mail, never a lost one.
      try {
        checkKey(key);
        const file = fileOf(key);
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const tmp = `${file}.${randomUUID()}.tmp`;
        writeFileSync(tmp, at.toISOString(), { mode: 0o600 });
        utimesSync(tmp, at, at);
        renameSync(tmp, file);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    async prune(before) {
      let removed = 0;
      const folders = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f))) {
        const names = await fs.readdir(path.join(dir, folder)).catch(() => [] as string[]);
        for (const name of names) {
          const file = path.join(dir, folder, name);
          // The time sent is the file's mtime (set by record); a left-over .tmp ages out the same way.
          const stat = await fs.stat(file).catch(() => undefined);
          if (!stat || stat.mtime >= before) continue;
          // Another worker may prune the same file at the same moment.
          await fs.unlink(file).then(
            () => (removed += name.endsWith('.tmp') ? 0 : 1),
            () => undefined,
          );
        }
      }
      return removed;
    },
    close: () => Promise.resolve(),
  };
}
