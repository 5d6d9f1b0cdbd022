/**
 * PostgreSQL 15 for the production twin, run natively: a data directory of its own,
 * its own port, loopback only, password authentication with a password generated
 * at first start and kept (mode 0600) beside the data. `pg_ctl` starts and stops it
 * (the server daemonises), so it survives our process the way a real database does.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 binaries are; POSTGRES_BIN_DIR overrides. */
export const DEFAULT_POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';

/** The database role the Temporal server and schema tool log in as. */
export const POSTGRES_USER = 'temporal';

/** Options of {@link preparePostgres}. */
export interface PostgresOptions {
  /** Holds `postgres/` (the cluster) and `postgres-password`. */
  dataDir: string;
  port: number;
  binDir?: string;
}

/** A prepared PostgreSQL cluster: data initialised, not necessarily running. */
export interface Postgres {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** The cluster's data directory (PGDATA). */
  pgData: string;
  start(): Promise<void>;
  /** `fast` ends sessions and checkpoints; `immediate` is a crash (recovery at next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  isRunning(): Promise<boolean>;
}

/** A PostgreSQL command failed; the message carries its stderr. */
export class PostgresError extends Error {
  constructor(what: string, cause: unknown) {
    const detail = (cause as { stderr?: string }).stderr?.trim() || (cause instanceof Error ? cause.message : String(cause));
    super(`PostgreSQL: ${what} failed: ${detail}`, { cause });
    this.name = 'PostgresError';
  }
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Runs a PostgreSQL binary; as root it runs as the `postgres` OS user, because
 * initdb and the server refuse to run as root.
 */
async function pg(binDir: string, tool: string, args: string[], cwd: string): Promise<string> {
  const file = path.join(binDir, tool);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const { stdout } = await run(cmd, argv, { cwd, encoding: 'utf8', timeout: 120_000 });
  return stdout;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('PostgreSQL: running as root needs the "postgres" OS user (install the Debian package "postgresql")');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Initialises the cluster on first use (initdb with a generated password), then
 * returns controls for it. Idempotent: an existing cluster and its password are kept.
 * @throws PostgresError when initdb fails, or the binaries are missing
 */
export async function preparePostgres(opts: PostgresOptions): Promise<Postgres> {
  const binDir = opts.binDir ?? process.env.POSTGRES_BIN_DIR ?? DEFAULT_POSTGRES_BIN_DIR;
  if (!existsSync(path.join(binDir, 'initdb'))) {
    throw new Error(`PostgreSQL 15 not found in ${binDir}: install the Debian package "postgresql" or set POSTGRES_BIN_DIR`);
  }
  const dataDir = path.resolve(opts.dataDir);
  const pgData = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  mkdirSync(dataDir, { recursive: true });
  // The postgres OS user must reach PGDATA through this folder (mkdtemp makes it 0700).
  if (isRoot()) chmodSync(dataDir, 0o755);

  if (isRoot()) {
    await run('runuser', ['-u', 'postgres', '--', 'test', '-x', dataDir]).catch(() => {
      throw new Error(`PostgreSQL: the "postgres" OS user cannot reach ${dataDir} (a parent folder is private): choose a data folder it can traverse`);
    });
  }
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    mkdirSync(pgData, { recursive: true, mode: 0o700 });
    const pwFile = path.join(pgData, '..', '.initdb-pw');
    writeFileSync(pwFile, password, { mode: 0o600 });
    if (isRoot()) {
      const { uid, gid } = postgresIds();
      chownSync(pgData, uid, gid);
      chownSync(pwFile, uid, gid);
    }
    try {
      await pg(binDir, 'initdb', ['-D', pgData, '-U', POSTGRES_USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'], dataDir);
    } catch (err) {
      throw new PostgresError('initdb', err);
    } finally {
      writeFileSync(pwFile, '');
    }
    // Four Temporal services with their own pools need more than the default 100.
    writeFileSync(path.join(pgData, 'postgresql.auto.conf'), 'max_connections = 200\nshared_buffers = 128MB\n', { flag: 'a' });
  }

  const ctl = (args: string[]): Promise<string> => pg(binDir, 'pg_ctl', ['-D', pgData, ...args], dataDir);
  const isRunning = async (): Promise<boolean> => {
    try {
      await ctl(['status']);
      return true;
    } catch {
      return false;
    }
  };
  return {
    host: '127.0.0.1',
    port: opts.port,
    user: POSTGRES_USER,
    password,
    pgData,
    isRunning,
    async start() {
      // A server left running by a killed launcher may listen on another port: restart it on ours.
      if (await isRunning()) await ctl(['-m', 'fast', '-w', 'stop']).catch(() => undefined);
      // Loopback TCP only; the Unix socket stays inside PGDATA (not the shared /var/run).
      const serverOpts = `-p ${opts.port} -c listen_addresses=127.0.0.1 -k ${pgData}`;
      try {
        await ctl(['-l', path.join(pgData, 'server.log'), '-w', '-t', '120', '-o', serverOpts, 'start']);
      } catch (err) {
        throw new PostgresError(`start on 127.0.0.1:${opts.port} (log: ${path.join(pgData, 'server.log')})`, err);
      }
    },
    async stop(mode = 'fast') {
      if (!(await isRunning())) return;
      try {
        await ctl(['-m', mode, '-w', 'stop']);
      } catch (err) {
        throw new PostgresError(`stop -m ${mode}`, err);
      }
    },
  };
}
