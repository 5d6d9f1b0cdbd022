/**
 * Entry of a worker process. Run as many as you like against one server (they
 * share the task queue); each drains gracefully on SIGINT/SIGTERM.
 */
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { loadConfigOrExit } from '../runtime/config';
import { connectNativeTemporal, connectTemporal } from '../runtime/temporal-connection';
import { buildActivities } from './activities';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const workerName = process.env.WORKER_NAME ?? `${os.hostname()}-${process.pid}`;
  const nativeConnection = await connectNativeTemporal(config.temporal);
  const connection = await connectTemporal(config.temporal);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const { activities, close } = buildActivities(config, client, workerName);
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity: workerName,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    // A prebuilt bundle (npm run build:workflows) skips bundling at start-up in production.
    ...(process.env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: path.resolve(__dirname, '../workflows/index.ts') }),
    activities,
  });
  process.stdout.write(`worker ${workerName}: polling "${config.temporal.taskQueue}" on ${config.temporal.address}\n`);
  // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight tasks.
  await worker.run();
  close();
  await connection.close();
  await nativeConnection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
