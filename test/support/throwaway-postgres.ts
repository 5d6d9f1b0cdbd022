/**
 * A real PostgreSQL 15 (the one the production twin runs) for one test file: a
 * fresh cluster in a temporary folder on a free port, started before the file's
 * tests and removed after them.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preparePostgres, type Postgres } from '../../runtime/cluster/postgres';
import { freePort } from '../../runtime/temporal-dev-server';

/** The database of {@link useThrowawayPostgres}, readable once `beforeAll` ran. */
export interface ThrowawayPostgres {
  /** The temporary folder (the cluster's data is in `pg/` inside it). */
  readonly dir: string;
  /** `postgres://` URL of the `postgres` database, with the generated password. */
  readonly url: string;
}

/**
 * Registers the file's `beforeAll`/`afterAll` that start and remove the database.
 * @param prefix name prefix of the temporary folder
 * @returns the folder and URL, filled in before the first test
 */
export function useThrowawayPostgres(prefix: string): ThrowawayPostgres {
  let dir = '';
  let url = '';
  let pg: Postgres | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    // As root, PostgreSQL runs as the postgres OS user, which must traverse this folder.
    chmodSync(dir, 0o755);
    pg = await preparePostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    await pg.start();
    url = `postgres://${pg.user}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/postgres`;
  }, 180_000);
  afterAll(async () => {
    await pg?.stop('fast').catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  return {
    get dir() {
      return dir;
    },
    get url() {
      return url;
    },
  };
}
