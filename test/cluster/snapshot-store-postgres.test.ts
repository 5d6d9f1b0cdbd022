/**
 * The snapshot store for several machines, on a real PostgreSQL 15 (the one the
 * production twin runs): two stores on the same database, as two worker machines
 * would be, see one another's snapshots; what is stored is sealed.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { createPostgresSnapshotStore, SNAPSHOT_TABLE } from '../../runtime/snapshot-store-postgres';
import { loadExample } from '../support/example';
import { useThrowawayPostgres } from '../support/throwaway-postgres';

const db = useThrowawayPostgres('snapshot-pg-');

describe('PostgreSQL snapshot store', () => {
  it('a snapshot put by one machine is read by another; stored once; sealed at rest', async () => {
    const keys = [{ id: 'k1', key: randomBytes(32) }];
    const a = createPostgresSnapshotStore(db.url, keys);
    const b = createPostgresSnapshotStore(db.url, keys);
    const reader = new Client({ connectionString: db.url });
    try {
      const input = { cascade: loadExample(), year: 2027, calendar: SHIPPED_CALENDAR };
      const ref = await a.put(input);
      expect(await a.put(JSON.parse(JSON.stringify(input)))).toBe(ref);
      expect(await b.get(ref)).toEqual(input);
      await reader.connect();
      const { rows } = await reader.query<{ ref: string; sealed: Buffer }>(`SELECT ref, sealed FROM ${SNAPSHOT_TABLE}`);
      expect(rows.map((r) => r.ref)).toEqual([ref]);
      expect(rows[0]!.sealed.includes(Buffer.from(input.cascade.org.head.email))).toBe(false);
      await expect(b.get('f'.repeat(64))).rejects.toThrow(`snapshot ${'f'.repeat(64)} is not in the store`);
    } finally {
      await reader.end();
      await a.close();
      await b.close();
    }
  }, 60_000);
});
