/**
 * The snapshot store for several machines: the PostgreSQL the Temporal cluster
 * already runs, one table, so there is no new service to operate or back up.
 * Rows hold sealed bytes only (see ./snapshot-store.ts); a reference is written
 * once (ON CONFLICT DO NOTHING: the same reference is the same content).
 */
import { Pool } from 'pg';
import type { CodecKeyRing } from './payload-codec';
import { createSnapshotStore, type SnapshotBackend, type SnapshotStore } from './snapshot-store';

/** The table, created on first use. */
export const SNAPSHOT_TABLE = 'cascade_snapshot';

/**
 * @param url `postgres://user:password@host:port/database`
 * @returns a backend on a small pool (the table is created on first use)
 */
export function postgresSnapshotBackend(url: string): SnapshotBackend {
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let ready: Promise<unknown> | undefined;
  const table = (): Promise<unknown> =>
    (ready ??= pool.query(`CREATE TABLE IF NOT EXISTS ${SNAPSHOT_TABLE} (ref text PRIMARY KEY, sealed bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`).catch((err: unknown) => {
      ready = undefined; // try again on the next call
      throw err;
    }));
  return {
    async has(ref) {
      await table();
      return (await pool.query(`SELECT 1 FROM ${SNAPSHOT_TABLE} WHERE ref = $1`, [ref])).rowCount === 1;
    },
    async read(ref) {
      await table();
      const { rows } = await pool.query<{ sealed: Buffer }>(`SELECT sealed FROM ${SNAPSHOT_TABLE} WHERE ref = $1`, [ref]);
      return rows[0]?.sealed;
    },
    async write(ref, sealed) {
      await table();
      await pool.query(`INSERT INTO ${SNAPSHOT_TABLE} (ref, sealed) VALUES ($1, $2) ON CONFLICT (ref) DO NOTHING`, [ref, Buffer.from(sealed)]);
    },
    close: () => pool.end(),
  };
}

/**
 * @param url the PostgreSQL every worker reaches
 * @param ring the payload codec keys
 * @returns the store for several machines
 */
export function createPostgresSnapshotStore(url: string, ring: CodecKeyRing): SnapshotStore {
  return createSnapshotStore(postgresSnapshotBackend(url), ring);
}
