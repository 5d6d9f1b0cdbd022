/**
 * The snapshot store for several machines, on a real PostgreSQL 15 (the one the
 * production twin runs): two stores on the same database, as two worker machines
 * would be, see one another's snapshots; what is stored is sealed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { preparePostgres, type Postgres } from '../../runtime/cluster/postgres';
import { createPostgresSnapshotStore, SNAPSHOT_TABLE } from '../../runtime/snapshot-store-postgres';
import { freePort } from '../../runtime/temporal-dev-server';
import { loadExample } from '../support/example';

let dir: string;
let pg: Postgres;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-pg-'));
  // As root, PostgreSQL runs as the postgres OS user, which must traverse this folder.
  chmodSync(dir, 0o755);
  pg = await preparePostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  await pg.start();
  url = `postgres://${pg.user}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/postgres`;
}, 180_000);

afterAll(async () => {
  await pg?.stop('fast').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL snapshot store', () => {
  it('a snapshot put by one machine is read by another; stored once; sealed at rest', async () => {
    const keys = [{ id: 'k1', key: randomBytes(32) }];
    const a = createPostgresSnapshotStore(url, keys);
    const b = createPostgresSnapshotStore(url, keys);
    const reader = new Client({ connectionString: url });
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
