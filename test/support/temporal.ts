/**
 * Test helpers for real Temporal servers: a client connection to the suite's dev
 * server, a time-skipping environment on the Maven-fetched test server, and the
 * workflow bundle built once per test file (bundling is the slow part).
 */
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveTestServer } from '../../runtime/temporal-tools';
import { ensureSearchAttributes } from '../../runtime/search-attributes';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import type { DataConverter } from '@temporalio/common';

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

/** @returns a time-skipping environment on the test server fetched from Maven Central */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const location = resolveTestServer();
  if (location.kind !== 'path') throw new Error(`No time-skipping test server (${location.source})`);
  // sdk-core gives the server about 5 s to listen; a cold JVM on busy shared cores can take
  // longer. That is the machine, not the code under test: try again, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: location.path } },
      });
      await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (err) {
      if (attempt >= 6 || !/did not start within/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };
/** @returns the bundle of the given workflows file, built once per test file */
export function workflowBundle(workflowsPath = path.resolve(__dirname, '../../workflows/index.ts')): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: quiet });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/** A unique task queue per test, so tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
