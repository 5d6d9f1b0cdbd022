/**
 * Child process of bench/worker-rss.ts: one worker and nothing else, so its
 * resident memory is the worker's. `raw` runs the raw tree's workflows,
 * `project` the product's workflows with the same activities and converter as
 * the scale harness. Answers `rss` messages with its RSS after a full GC.
 *
 *   argv: <raw|project> <server address> <task queue> <max cached workflows>
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createAdminActivities } from '../activities/admin';
import { createRecordingMail } from '../test/support/recording-mail';
import { productDataConverter, workflowBundle } from '../test/support/temporal';

/** Messages the parent sends. */
export type RssRequest = { type: 'rss' } | { type: 'stop' };
/** Messages this process sends. */
export type RssReply = { type: 'ready' } | { type: 'rss'; rss: number; heapUsed: number } | { type: 'error'; message: string };

function send(reply: RssReply): void {
  process.send?.(reply);
}

async function settledRss(): Promise<RssReply> {
  // Two collections with a pause: the first frees, the second compacts what the finalisers released.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 500));
  gc?.();
  const m = process.memoryUsage();
  return { type: 'rss', rss: m.rss, heapUsed: m.heapUsed };
}

async function main(): Promise<void> {
  const [side, address, taskQueue, cache] = process.argv.slice(2);
  if ((side !== 'raw' && side !== 'project') || !address || !taskQueue || !cache) throw new Error('usage: <raw|project> <address> <task queue> <max cached>');
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const dataConverter = productDataConverter();
  const mail = createRecordingMail();
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    maxCachedWorkflows: Number(cache),
    ...(side === 'raw'
      // The raw nodes' first-task sink (bench/raw/fanout.ts) is not counted here.
      ? { workflowBundle: await workflowBundle(path.resolve(__dirname, 'raw/workflows.ts')), sinks: { rawTree: { firstTask: { fn: () => undefined } } } }
      : {
        workflowBundle: await workflowBundle(),
        dataConverter,
        activities: { ...mail.activities, ...createAdminActivities({ client: new Client({ connection, dataConverter }) }) },
      }),
  });
  const running = worker.run();
  process.on('message', (m: RssRequest) => {
    if (m.type === 'rss') void settledRss().then(send);
    else worker.shutdown();
  });
  send({ type: 'ready' });
  await running;
  await connection.close();
  await native.close();
  process.disconnect?.();
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  process.exitCode = 1;
  process.disconnect?.();
});
