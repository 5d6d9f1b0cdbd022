/**
 * The production twin: the deployment's Temporal cluster run natively on one
 * machine. PostgreSQL 15 (persistence and advanced visibility, plugin postgres12),
 * schemas created or upgraded by the server's schema tool, Temporal server 1.29.1
 * as one process or as its four services in separate processes (as a real cluster
 * runs them), the namespace and the project's search attributes registered, and
 * the standalone Web UI server. Optional mTLS on the frontend.
 *
 * Start order matters: database, schemas, server, then namespace and search
 * attributes (the server must be up to register them). Data stays in `dataDir`,
 * so the next start reuses it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../search-attributes';
import { connectTemporal, type TemporalConnectionConfig } from '../temporal-connection';
import { freePort, isPortFree } from '../temporal-dev-server';
import type { ClusterTools } from '../temporal-tools';
import { preparePostgres, type Postgres } from './postgres';
import { startLoggedProcess, type LoggedProcess } from './process';
import { ensureSchemas } from './schema';
import { dynamicConfig, serverConfig, TEMPORAL_SERVICES, type ServerPorts, type ServerTls, type TemporalService } from './server-config';

/** Every port of the twin. */
export interface TwinPorts extends ServerPorts {
  postgres: number;
  /** Web UI; `null`: no UI server. */
  ui: number | null;
}

/** The ports `npm run start:cluster` uses unless told otherwise (gRPC and UI as the dev server's). */
export const DEFAULT_TWIN_PORTS: TwinPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  history: 7234,
  matching: 7235,
  worker: 7239,
  membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
  metrics: { frontend: 9090, history: 9091, matching: 9092, worker: 9093 },
  postgres: 5433,
  ui: 8233,
};

/**
 * A free port below 32768: the server stores membership ports in a PostgreSQL
 * `smallint`, and the OS hands out free ports from the ephemeral range above it.
 * Random, so parallel test runs rarely try the same one (and a taken one is skipped).
 */
async function freeMembershipPort(taken: number[]): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.includes(port) && (await isPortFree(port))) return port;
  }
}

/**
 * @param withUi whether to pick a UI port too
 * @returns ports the OS says are free now (tests: parallel runs never collide)
 */
export async function freeTwinPorts(withUi: boolean): Promise<TwinPorts> {
  const ports: number[] = [];
  // Ask for all of them before releasing any, so the OS cannot hand one out twice.
  while (ports.length < 11) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const [frontend, frontendHttp, history, matching, worker, x1, x2, x3, x4, postgres, ui] = ports as [number, ...number[]];
  const low: number[] = [];
  for (let i = 0; i < 4; i++) low.push(await freeMembershipPort(low));
  const [m1, m2, m3, m4] = low;
  return {
    frontend,
    frontendHttp: frontendHttp!,
    history: history!,
    matching: matching!,
    worker: worker!,
    membership: { frontend: m1!, history: m2!, matching: m3!, worker: m4! },
    metrics: { frontend: x1!, history: x2!, matching: x3!, worker: x4! },
    postgres: postgres!,
    ui: withUi ? ui! : null,
  };
}

/** Options of {@link startTwin}. */
export interface TwinOptions {
  /** Holds the database, the generated configuration and the logs. */
  dataDir: string;
  tools: ClusterTools;
  ports: TwinPorts;
  namespace?: string;
  /** Run frontend, history, matching and worker as four processes. */
  separateServices?: boolean;
  /** Fixed for the life of the data (default 4, as the server's development config). */
  historyShards?: number;
  /** mTLS on the frontend; the twin itself connects with the client certificate. */
  tls?: ServerTls;
  /** Progress lines (the launcher prints them). */
  log?: (line: string) => void;
  /** The web app's codec endpoint, for the UI to decode encrypted payloads. */
  uiCodecEndpoint?: string;
}

/** A running twin. */
export interface Twin {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  uiUrl: string | null;
  /** Prometheus endpoints of the server process(es). */
  metricsUrls: string[];
  /** How a client reaches this twin (TLS files included when on). */
  connection: TemporalConnectionConfig;
  postgres: Postgres;
  ports: TwinPorts;
  /** SIGKILL every server process: a crash. */
  killServer(): Promise<void>;
  /** Starts the server process(es) again and waits until they serve. */
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  /** UI, server, then the database (fast shutdown); the data stays. */
  stop(): Promise<void>;
}

/**
 * History shards of a new cluster (fixed for the life of its data). 4, as the
 * server's development config and docker-compose.yml: measured enough for the
 * example and a 1,000-unit cycle on one machine; see README "Production" for sizing.
 */
export const DEFAULT_HISTORY_SHARDS = 4;

/** Namespace retention: closed cycles stay visible this long. */
const RETENTION_MS = '30 days';

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Waits until the frontend answers and history and matching serve behind it: a
 * describe of an unknown workflow must come back "not found" (history's answer),
 * a task queue describe must succeed (matching's).
 */
async function waitServing(config: TemporalConnectionConfig, processes: LoggedProcess[], respawn: (i: number) => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const restarts = processes.map(() => 0);
  let last: unknown;
  while (Date.now() < deadline) {
    // On a fresh database, services started together race to write the cluster's
    // metadata and the losers exit; an orchestrator restarts them, and so do we (a few times).
    for (const [i, p] of processes.entries()) {
      if (p.child.exitCode === null) continue;
      if (restarts[i]! >= 3) throw new Error(`temporal ${p.name} exited with code ${p.child.exitCode}: ${p.tail().slice(-800)}`);
      restarts[i]!++;
      respawn(i);
    }
    let connection: Connection | undefined;
    try {
      connection = await connectTemporal(config, { connectTimeout: 2_000 });
      const ws = connection.workflowService;
      await ws.describeNamespace({ namespace: 'temporal-system' });
      await ws.describeWorkflowExecution({ namespace: 'temporal-system', execution: { workflowId: 'twin-readiness-probe' } }).catch((err: { code?: number }) => {
        if (err.code !== 5) throw err; // NOT_FOUND comes from a serving history service
      });
      await ws.describeTaskQueue({ namespace: 'temporal-system', taskQueue: { name: 'twin-readiness-probe' } });
      return;
    } catch (err) {
      last = err;
      await sleep(500);
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new Error(`temporal server at ${config.address} not serving after ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
}

/**
 * Registers the namespace and the search attributes when missing.
 * @returns true when anything was added (caches of a running server do not see it at once)
 */
async function ensureNamespace(config: TemporalConnectionConfig): Promise<boolean> {
  const connection = await connectTemporal(config);
  try {
    let added = false;
    try {
      await connection.workflowService.registerNamespace({ namespace: config.namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION_MS) });
      added = true;
    } catch (err) {
      if ((err as { code?: number }).code !== 6) throw err; // ALREADY_EXISTS: kept from the last start
    }
    const attributes = await ensureSearchAttributes(connection, config.namespace);
    return added || attributes.length > 0;
  } finally {
    await connection.close();
  }
}

function writeUiConfig(dir: string, address: string, port: number, namespace: string, tls: ServerTls | undefined, codecEndpoint: string | undefined): void {
  mkdirSync(path.join(dir, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: address,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    cors: { allowOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`], cookieInsecure: true },
    refreshInterval: '1m',
    notifyOnNewVersion: false,
    // Payloads are encrypted: the UI asks the web app's codec endpoint to decode them for the browser.
    ...(codecEndpoint ? { codec: { endpoint: codecEndpoint } } : {}),
    ...(tls
      ? { tls: { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, serverName: tls.serverName, enableHostVerification: true } }
      : {}),
  };
  writeFileSync(path.join(dir, 'config', 'development.yaml'), stringify(config));
}

async function waitHttp(url: string, proc: LoggedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with code ${proc.child.exitCode}: ${proc.tail().slice(-500)}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(300);
  }
  throw new Error(`${proc.name} not answering at ${url} after ${timeoutMs} ms`);
}

/**
 * Starts the twin (database, schemas, server, namespace, search attributes, UI).
 * @param opts data folder, tools, ports, mode and TLS
 * @returns the running twin
 * @throws when a step fails (the steps already started are stopped again)
 */
export async function startTwin(opts: TwinOptions): Promise<Twin> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const namespace = opts.namespace ?? 'default';
  const { ports, tls } = opts;
  const serverRoot = path.join(dataDir, 'temporal');
  const logs = path.join(dataDir, 'logs');
  mkdirSync(path.join(serverRoot, 'config'), { recursive: true });

  const postgres = await preparePostgres({ dataDir, port: ports.postgres });
  log(`PostgreSQL 15 on 127.0.0.1:${ports.postgres} (data ${postgres.pgData})`);
  await postgres.start();

  const processes: LoggedProcess[] = [];
  let ui: LoggedProcess | undefined;
  const address = `127.0.0.1:${ports.frontend}`;
  const connection: TemporalConnectionConfig = {
    address,
    namespace,
    ...(tls ? { tls: { serverCaCertPath: tls.caFile, serverName: tls.serverName, clientCertPath: tls.clientCertFile, clientKeyPath: tls.clientKeyFile } } : {}),
  };
  const envs: Array<{ env: string; services: TemporalService[]; metricsPort: number }> = opts.separateServices
    ? TEMPORAL_SERVICES.map((s) => ({ env: s, services: [s], metricsPort: ports.metrics[s] }))
    : [{ env: 'development', services: [...TEMPORAL_SERVICES], metricsPort: ports.metrics.frontend }];

  const dynamicConfigFile = path.join(serverRoot, 'config', 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfig());
  for (const { env, metricsPort } of envs) {
    const yaml = serverConfig({ ports, postgres, historyShards: opts.historyShards ?? DEFAULT_HISTORY_SHARDS, dynamicConfigFile, metricsPort, ...(tls ? { tls } : {}) });
    // Holds the database password: readable by us only.
    writeFileSync(path.join(serverRoot, 'config', `${env}.yaml`), yaml, { mode: 0o600 });
  }

  const launch = (i: number): LoggedProcess => {
    const { env, services } = envs[i]!;
    const args = ['--root', serverRoot, '--config', 'config', '--env', env, '--allow-no-auth', 'start', ...services.flatMap((s) => ['--service', s])];
    return startLoggedProcess(`server ${env}`, opts.tools.server, args, { logFile: path.join(logs, `temporal-${env}.log`) });
  };
  const startServer = async (): Promise<void> => {
    processes.length = 0;
    for (let i = 0; i < envs.length; i++) processes.push(launch(i));
    await waitServing(connection, processes, (i) => (processes[i] = launch(i)), 120_000);
  };
  const stopServer = async (): Promise<void> => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  const stopAll = async (): Promise<void> => {
    await ui?.stop(5_000);
    await stopServer();
    await postgres.stop('fast');
  };

  try {
    log('schemas (temporal-sql-tool: create or upgrade)…');
    await ensureSchemas({ sqlTool: opts.tools.sqlTool, schemaDir: opts.tools.schemaDir, postgres });
    log(`Temporal server 1.29.1 (${opts.separateServices ? 'frontend, history, matching, worker as 4 processes' : 'one process'})…`);
    await startServer();
    if (await ensureNamespace(connection)) {
      // Namespace and search-attribute caches refresh on a timer (up to a minute);
      // a restart makes every service start from the registered set at once.
      log(`namespace "${namespace}" and search attributes registered; restarting the server so every service sees them`);
      await stopServer();
      await startServer();
    }
    if (ports.ui !== null) {
      const uiDir = path.join(dataDir, 'ui');
      writeUiConfig(uiDir, address, ports.ui, namespace, tls, opts.uiCodecEndpoint);
      ui = startLoggedProcess('temporal-ui-server', opts.tools.uiServer, ['--root', uiDir, '--config', 'config', '--env', 'development', 'start'], {
        logFile: path.join(logs, 'temporal-ui.log'),
      });
      await waitHttp(`http://127.0.0.1:${ports.ui}/`, ui, 60_000);
    }
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }

  return {
    address,
    namespace,
    uiUrl: ports.ui === null ? null : `http://localhost:${ports.ui}`,
    metricsUrls: envs.map((e) => `http://127.0.0.1:${e.metricsPort}/metrics`),
    connection,
    postgres,
    ports,
    async killServer() {
      await Promise.all(processes.map((p) => p.kill()));
    },
    startServer,
    stopServer,
    stop: stopAll,
  };
}
