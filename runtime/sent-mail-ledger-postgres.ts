/**
 * The sent-mail ledger for several machines: one table in the PostgreSQL the
 * snapshot store uses (SNAPSHOT_STORE_URL, the cluster's own database), so every
 * worker of every machine sees what the others sent. A row is a key and the time
 * sent (see ./sent-mail-ledger.ts); a key is written once.
 */
import { Pool } from 'pg';
import { SENT_MAIL_KEY, type SentMailLedger } from './sent-mail-ledger';

/** The table, created on first use. */
export const SENT_MAIL_TABLE = 'sent_mail';

/** PostgreSQL's codes for "created by someone else meanwhile" (several workers start together). */
const ALREADY_CREATED = new Set(['23505', '42P07']);

/**
 * @param url `postgres://user:password@host:port/database`
 * @returns the ledger on a small pool (the table is created on first use)
 */
export function createPostgresSentMailLedger(url: string): SentMailLedger {
  // Bounded waits: an unreachable database fails the mail attempt within seconds
  // (Temporal retries it) instead of holding it until its start-to-close timeout.
  const options = { connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 10_000 };
  // Writes have their own connections: a message SMTP just accepted is recorded at once,
  // not after the lookups of a burst of other mails queued on the same pool (a crash in
  // that wait is a duplicate).
  const pool = new Pool({ ...options, max: 3 });
  const writes = new Pool({ ...options, max: 2 });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  writes.on('error', () => undefined);
  let ready: Promise<unknown> | undefined;
  const table = (): Promise<unknown> =>
    (ready ??= (async () => {
      try {
        await pool.query(`CREATE TABLE IF NOT EXISTS ${SENT_MAIL_TABLE} (key text PRIMARY KEY, sent_at timestamptz NOT NULL)`);
        await pool.query(`CREATE INDEX IF NOT EXISTS ${SENT_MAIL_TABLE}_sent_at ON ${SENT_MAIL_TABLE} (sent_at)`);
      } catch (err) {
        if (ALREADY_CREATED.has((err as { code?: string }).code ?? '')) return;
        ready = undefined; // try again on the next call
        throw err;
      }
    })());
  const checked = (key: string): string => {
    if (!SENT_MAIL_KEY.test(key)) throw new Error(`not a sent-mail ledger key: ${key.slice(0, 80)}`);
    return key;
  };
  return {
    async sentAt(key) {
      await table();
      const { rows } = await pool.query<{ sent_at: Date }>(`SELECT sent_at FROM ${SENT_MAIL_TABLE} WHERE key = $1`, [checked(key)]);
      return rows[0]?.sent_at;
    },
    async record(key, at) {
      await table();
      await writes.query(`INSERT INTO ${SENT_MAIL_TABLE} (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [checked(key), at]);
    },
    async prune(before) {
      await table();
      return (await pool.query(`DELETE FROM ${SENT_MAIL_TABLE} WHERE sent_at < $1`, [before])).rowCount ?? 0;
    },
    close: async () => {
      await Promise.all([pool.end(), writes.end()]);
    },
  };
}
