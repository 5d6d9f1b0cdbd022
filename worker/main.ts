/**
 * Entry of a worker process. Run as many as you like against one server (they
 * share the task queue); each drains gracefully on SIGINT/SIGTERM.
 */
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { Runtime, Worker } from '@temporalio/worker';
import { loadConfigOrExit } from '../runtime/config';
import { dataConverterFor, devSecretsWarning } from '../runtime/data-converter';
import { createAppMetrics, startMetricsServer, type AppMetrics, type MetricsServer } from '../runtime/metrics';
import { connectNativeTemporal, connectTemporal } from '../runtime/temporal-connection';
import { freePort } from '../runtime/temporal-dev-server';
import { buildActivities } from './activities';
import { workflowBundlerOptions } from './workflow-bundle';

/**
 * With METRICS_PORT set: sdk-core exports its runtime telemetry (workflow and
 * activity task latencies, slots, poll results, sticky cache) on a private loopback
 * port, served together with the app's counters on METRICS_PORT. Must run before
 * the first connection (the Runtime is created once per process).
 */
async function installMetrics(config: ReturnType<typeof loadConfigOrExit>): Promise<{ metrics?: AppMetrics; server?: MetricsServer }> {
  if (!config.metrics) return {};
  const corePort = await freePort();
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}` } } } });
  const metrics = createAppMetrics('worker');
  const server = await startMetricsServer({ ...config.metrics, registry: metrics.registry, upstream: `http://127.0.0.1:${corePort}/metrics` });
  return { metrics, server };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const workerName = process.env.WORKER_NAME ?? `${os.hostname()}-${process.pid}`;
  const { metrics, server: metricsServer } = await installMetrics(config);
  const nativeConnection = await connectNativeTemporal(config.temporal);
  const connection = await connectTemporal(config.temporal);
  const dataConverter = dataConverterFor(config);
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  const warning = devSecretsWarning(config);
  if (warning) process.stderr.write(`worker: WARNING ${warning}\n`);
  const { activities, close } = buildActivities(config, client, workerName, metrics);
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity: workerName,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    // The codec runs here in the main thread, not in the workflow sandbox.
    dataConverter,
    // A prebuilt bundle (npm run build:workflows) skips bundling at start-up in production.
    ...(process.env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: path.resolve(__dirname, '../workflows/index.ts'), bundlerOptions: workflowBundlerOptions() }),
    activities,
  });
  process.stdout.write(`worker ${workerName}: polling "${config.temporal.taskQueue}" on ${config.temporal.address}${metricsServer ? `, metrics at ${metricsServer.url}` : ''}\n`);
  // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight tasks.
  await worker.run();
  close();
  await metricsServer?.close();
  await connection.close();
  await nativeConnection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
