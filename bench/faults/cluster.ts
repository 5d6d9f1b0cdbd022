/**
 * The Temporal the fault suite runs on, behind one small interface so the same
 * scenario runs on the dev server (SQLite file, so a kill -9 loses only what
 * SQLite did not commit) and on the production twin (PostgreSQL, Temporal
 * server 1.29.1). Both live in a private folder on loopback ports.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startTwin, freeTwinPorts } from '../../runtime/cluster/twin';
import { freePort, startDevServer, type DevServer } from '../../runtime/temporal-dev-server';
import { resolveClusterTools, resolveTemporalCli } from '../../runtime/temporal-tools';

/** Where the suite's Temporal runs. */
export const CLUSTER_KINDS = ['dev', 'twin'] as const;
/** One of {@link CLUSTER_KINDS}. */
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** A Temporal the suite can crash. */
export interface FaultCluster {
  kind: ClusterKind;
  /** host:port of the frontend. */
  address: string;
  /** SIGKILL every server process (no shutdown at all). */
  killServer(): Promise<void>;
  /** Starts the server again on the same data and port; resolves when it serves. */
  startServer(): Promise<void>;
  /** PostgreSQL `-m immediate` stop (a crash) and start; `undefined` on the dev server. */
  restartDatabase?: () => Promise<void>;
  /** The cluster's PostgreSQL for the workers' stores (SNAPSHOT_STORE_URL), as in production; `undefined` on the dev server. */
  storeUrl?: string;
  stop(): Promise<void>;
}

/**
 * @param kind dev server or production twin
 * @param dir private folder for the data and logs
 * @returns the running cluster
 */
export async function startFaultCluster(kind: ClusterKind, dir: string): Promise<FaultCluster> {
  mkdirSync(dir, { recursive: true });
  return kind === 'twin' ? startTwinCluster(dir) : startDevCluster(dir);
}

async function startDevCluster(dir: string): Promise<FaultCluster> {
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`no Temporal CLI (${cli.source}); run scripts/ensure-temporal-cli.sh`);
  const port = await freePort();
  const start = () =>
    startDevServer({ cliPath: cli.path, port, uiPort: null, dbFile: path.join(dir, 'temporal.sqlite'), logFile: path.join(dir, 'dev-server.log'), readyTimeoutMs: 120_000 });
  let server: DevServer = await start();
  return {
    kind: 'dev',
    address: server.address,
    async killServer() {
      const pid = server.pid;
      process.kill(pid, 'SIGKILL');
      // The process is ours; wait until it is gone so the port is free again.
      while (alive(pid)) await sleep(50);
    },
    async startServer() {
      server = await start();
    },
    stop: () => server.stop(),
  };
}

async function startTwinCluster(dir: string): Promise<FaultCluster> {
  // As root, PostgreSQL runs as the postgres OS user, which must traverse this folder.
  chmodSync(dir, 0o755);
  const twin = await startTwin({ dataDir: path.join(dir, 'twin'), tools: resolveClusterTools(), ports: await freeTwinPorts(false), separateServices: false });
  return {
    kind: 'twin',
    address: twin.address,
    // As docker-compose.yml: the snapshot store and the sent-mail ledger live in Temporal's own database.
    storeUrl: `postgres://${twin.postgres.user}:${encodeURIComponent(twin.postgres.password)}@${twin.postgres.host}:${twin.postgres.port}/temporal`,
    killServer: () => twin.killServer(),
    startServer: () => twin.startServer(),
    async restartDatabase() {
      await twin.postgres.stop('immediate');
      await twin.postgres.start();
    },
    stop: () => twin.stop(),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @returns a promise resolved after `ms` */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
