/**
 * Starts and stops a real Temporal dev server (`temporal server start-dev`) as a
 * child process: used by `npm start` (with a SQLite file, so state survives a
 * restart) and by the test suite (in memory, on free ports).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTE_KEYS, CLI_TYPE_NAMES } from '../domain/search-attributes';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  /** Web UI port; `null` runs headless. */
  uiPort: number | null;
  /**
   * Remote codec endpoint the Web UI calls from the browser to show encrypted
   * payloads decoded (the web app's `/codec/<secret>`); the UI appends /decode.
   */
  uiCodecEndpoint?: string;
  namespace?: string;
  /** SQLite file for durable state; omitted = in memory. */
  dbFile?: string;
  /** Where the server's own log goes (its output is noisy). */
  logFile?: string;
  readyTimeoutMs?: number;
}

/** A running dev server. */
export interface DevServer {
  address: string;
  uiUrl: string | null;
  namespace: string;
  pid: number;
  stop(): Promise<void>;
}

/** Thrown when a port we need is already taken: the message says which and how to change it. */
export class PortInUseError extends Error {
  constructor(readonly port: number, readonly what: string, readonly envVar: string) {
    super(`Port ${port} (${what}) is already in use. Stop whatever uses it, or choose another port with ${envVar}=<port>.`);
    this.name = 'PortInUseError';
  }
}

/**
 * @returns true when nothing listens on ip:port (we could bind it)
 */
export async function isPortFree(port: number, ip = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, ip, () => server.close(() => resolve(true)));
  });
}

/** @returns a port the OS says is free now */
export async function freePort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Flags registering the project's custom search attributes at start. */
export function searchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTE_KEYS.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE_NAMES[k.type]}`]);
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited early with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server at ${address} not ready after ${timeoutMs} ms`, { cause: lastError });
}

/**
 * Starts `temporal server start-dev` and resolves once its namespace answers.
 * @throws PortInUseError when the gRPC or UI port is taken
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  if (!(await isPortFree(opts.port, ip))) throw new PortInUseError(opts.port, 'Temporal gRPC', 'TEMPORAL_PORT');
  if (opts.uiPort !== null && !(await isPortFree(opts.uiPort, ip))) {
    throw new PortInUseError(opts.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(opts.port), '--namespace', namespace, '--log-level', 'warn'];
  args.push(...(opts.uiPort === null ? ['--headless'] : ['--ui-port', String(opts.uiPort)]));
  if (opts.uiPort !== null && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=WAL');
  }
  args.push(...searchAttributeFlags());
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  if (opts.logFile) {
    mkdirSync(path.dirname(opts.logFile), { recursive: true });
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    // Two sources, one file: neither may end it (the other would then write after end).
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end()); // 'close' comes after both pipes drained
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  const address = `${ip}:${opts.port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilServing(address, namespace, child, opts.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    namespace,
    pid: child.pid!,
    uiUrl: opts.uiPort === null ? null : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${opts.uiPort}`,
    stop,
  };
}
