/**
 * Test helpers for real Temporal servers: a client connection to the suite's dev
 * server, a time-skipping environment on the Maven-fetched test server, and the
 * workflow bundle built once per test file (bundling is the slow part).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveTestServer } from '../../runtime/temporal-tools';
import { ensureSearchAttributes } from '../../runtime/search-attributes';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import type { DataConverter } from '@temporalio/common';
import { freePort } from '../../runtime/temporal-dev-server';
import { workflowBundlerOptions } from '../../worker/workflow-bundle';

/** The product's data converter (payload encryption), with this data folder's development keys. */
export function productDataConverter(): DataConverter {
  return dataConverterFor(loadConfig({ NODE_ENV: 'test' }));
}

/** @returns the address of the suite's dev server (see global-setup.ts) */
export function devServerAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is not set: jest globalSetup did not start the dev server');
  return address;
}

/** @returns a client on the suite's dev server (payload codec on) and a close function */
export async function devServerClient(namespace = 'default'): Promise<{ client: Client; connection: Connection; close: () => Promise<void> }> {
  // Tests fetch whole histories (scale checks): allow messages past gRPC's 4 MB default.
  const connection = await Connection.connect({ address: devServerAddress(), channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  // Encrypting, as every client of the product: workers on the dev server must use the same converter.
  return { client: new Client({ connection, namespace, dataConverter: productDataConverter() }), connection, close: () => connection.close() };
}

/**
 * @returns a time-skipping environment on the test server fetched from Maven Central
 *
 * The server is started here, not by the SDK: sdk-core gives it about 5 s to listen,
 * and a cold JVM on busy shared cores takes longer (seen: every try of six failing).
 * We wait for the port ourselves, then connect the SDK's time-skipping environment to
 * it. `TestWorkflowEnvironment.create` is private in the typings but is what the public
 * constructors call (SDK pinned at 1.24.0); teardown also stops the process we started.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const location = resolveTestServer();
  if (location.kind !== 'path') throw new Error(`No time-skipping test server (${location.source})`);
  const port = await freePort();
  const server = spawn(location.path, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  };
  try {
    await waitForPort(port, 120_000, () => (server.exitCode !== null ? `test server exited (${server.exitCode}): ${stderr}` : undefined));
    const create = (TestWorkflowEnvironment as unknown as { create(opts: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const env = await create({ server: { type: 'existing' }, address: `127.0.0.1:${port}`, namespace: 'default', supportsTimeSkipping: true });
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      // The server process must go even when the SDK's teardown fails or hangs (a worker
      // still polling, a connection being closed twice): a live child keeps jest from exiting.
      try {
        await withinMs(teardown(), 30_000, 'time-skipping environment teardown');
      } finally {
        await stop();
      }
    };
    return env;
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Awaits `work`, or gives up after `ms` with an error naming `what`. Teardown steps use it
 * so one stuck step (a worker that does not shut down) cannot hang the whole suite.
 * @returns what `work` resolved to
 */
export async function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitForPort(port: number, timeoutMs: number, failed: () => string | undefined): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    const why = failed();
    if (why) throw new Error(why);
    if (Date.now() > until) throw new Error(`time-skipping test server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
const PRODUCT_WORKFLOWS = path.resolve(__dirname, '../../workflows/index.ts');
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };
/**
 * @param workflowsPath the workflows file (default: the product's)
 * @returns the bundle of the given workflows file, built once per test file, with the product's bundler options
 */
export function workflowBundle(workflowsPath = PRODUCT_WORKFLOWS): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    // The product's bundler options (worker/workflow-bundle.ts); BENCH_NO_PRELOAD=1 builds it as before them, for a bench's before/after.
    const options = workflowsPath === PRODUCT_WORKFLOWS ? workflowBundlerOptions(process.env.BENCH_NO_PRELOAD !== '1') : {};
    bundle = bundleWorkflowCode({ workflowsPath, logger: quiet, ...options });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/** A unique task queue per test, so tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
