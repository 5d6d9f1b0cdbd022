/**
 * Mail claims (./mail-claims.ts) for several machines: one table next to the
 * sent-mail ledger's in the PostgreSQL of the snapshot store, so a retry on
 * another machine finds the claim an attempt made before it died.
 */
import { Pool } from 'pg';
import { checkClaimKey, type ClaimDecision, type MailClaim, type MailClaims } from './mail-claims';

/** The table, created on first use. */
export const MAIL_CLAIMS_TABLE = 'mail_claims';

/** PostgreSQL's codes for "created by someone else meanwhile" (several workers start together). */
const ALREADY_CREATED = new Set(['23505', '42P07']);

interface Row {
  key: string;
  workflow_id: string;
  kind: string;
  message_id: string;
  claimed_at: Date;
  held_at: Date | null;
  decision: ClaimDecision | null;
  decided_at: Date | null;
}

function claimOf(row: Row): MailClaim {
  return {
    key: row.key,
    workflowId: row.workflow_id,
    kind: row.kind,
    messageId: row.message_id,
    claimedAt: row.claimed_at,
    ...(row.held_at ? { heldAt: row.held_at } : {}),
    ...(row.decision && row.decided_at ? { decision: row.decision, decidedAt: row.decided_at } : {}),
  };
}

/**
 * @param url `postgres://user:password@host:port/database`
 * @returns the claims on a small pool (the table is created on first use)
 */
export function createPostgresMailClaims(url: string): MailClaims {
  // Bounded waits, as the ledger's: an unreachable database fails the attempt within seconds.
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 10_000, max: 3 });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let ready: Promise<unknown> | undefined;
  const table = (): Promise<unknown> =>
    (ready ??= (async () => {
      try {
        await pool.query(
          `CREATE TABLE IF NOT EXISTS ${MAIL_CLAIMS_TABLE} (key text PRIMARY KEY, workflow_id text NOT NULL, kind text NOT NULL, message_id text NOT NULL,
             claimed_at timestamptz NOT NULL, held_at timestamptz, decision text CHECK (decision IN ('arrived', 'resend')), decided_at timestamptz)`,
        );
      } catch (err) {
        if (ALREADY_CREATED.has((err as { code?: string }).code ?? '')) return;
        ready = undefined; // try again on the next call
        throw err;
      }
    })());
  const query = async <R extends object = Row>(sql: string, params: unknown[]) => {
    await table();
    return pool.query<R>(sql, params);
  };
  return {
    async claim(key, about, at) {
      await query(`INSERT INTO ${MAIL_CLAIMS_TABLE} (key, workflow_id, kind, message_id, claimed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`, [
        checkClaimKey(key),
        about.workflowId,
        about.kind,
        about.messageId,
        at,
      ]);
    },
    async find(key) {
      const { rows } = await query(`SELECT * FROM ${MAIL_CLAIMS_TABLE} WHERE key = $1`, [checkClaimKey(key)]);
      return rows[0] ? claimOf(rows[0]) : undefined;
    },
    async hold(key, at) {
      await query(`UPDATE ${MAIL_CLAIMS_TABLE} SET held_at = COALESCE(held_at, $2) WHERE key = $1`, [checkClaimKey(key), at]);
    },
    async decide(key, decision, at) {
      const { rows } = await query(`UPDATE ${MAIL_CLAIMS_TABLE} SET decision = $2, decided_at = $3 WHERE key = $1 AND held_at IS NOT NULL RETURNING *`, [checkClaimKey(key), decision, at]);
      return rows[0] ? claimOf(rows[0]) : undefined;
    },
    async drop(key) {
      await query(`DELETE FROM ${MAIL_CLAIMS_TABLE} WHERE key = $1`, [checkClaimKey(key)]);
    },
    async listHeld() {
      const { rows } = await query(`SELECT * FROM ${MAIL_CLAIMS_TABLE} WHERE held_at IS NOT NULL ORDER BY held_at, key`, []);
      return rows.map(claimOf);
    },
    async prune(before) {
      return (await query(`DELETE FROM ${MAIL_CLAIMS_TABLE} WHERE claimed_at < $1`, [before])).rowCount ?? 0;
    },
    close: () => pool.end(),
  };
}
