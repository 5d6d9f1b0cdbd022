/**
 * Measures the raw baseline's fan-out: start a raw tree of the given shape on
 * its own task queue and worker, wait until every node runs, then terminate it.
 * Same worker settings as the project's scale harness (test/scale/scale-cycle.ts),
 * so the ratio measures the engine, not a different setup.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type InjectedSinks, type NativeConnection } from '@temporalio/worker';
import { mapLimit } from '../../runtime/map-limit';
import { startCpuMeter, type CpuSample } from '../../test/support/cpu-meter';
import { uniqueTaskQueue, workflowBundle } from '../../test/support/temporal';
import type { RawTreeShape } from './tree-shape';
import { rawNodeId, rawTreeNodeWorkflow, type RawTreeSinks } from './workflows';

/** What one raw fan-out measured. */
export interface RawFanoutReport {
  shape: RawTreeShape;
  /** Nodes (root included) seen running. */
  nodesRunning: number;
  /** From starting the root until the server ran every node (visibility: Running). */
  timeToStartAllMs: number;
  /** From starting the root until every node's first workflow task ran in the worker (a sink call per node). */
  timeToFirstTaskAllMs: number;
  /** CPU from starting the root until both times above were reached. */
  cpu: CpuSample;
}

/** Options of {@link runRawFanout}. */
export interface RawFanoutOptions {
  client: Client;
  connection: NativeConnection;
  shape: RawTreeShape;
  /** Poll period of the visibility count (the project's harness uses the same). */
  pollMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Runs once every node runs, before the tree is terminated (e.g. to time Updates on it). */
  whileRunning?: (tree: { idPrefix: string; nodes: number }) => Promise<void>;
}

/** @returns how long a raw tree of the shape took until every node ran */
export async function runRawFanout(opts: RawFanoutOptions): Promise<RawFanoutReport> {
  const { client, shape } = opts;
  const log = opts.log ?? (() => undefined);
  const taskQueue = uniqueTaskQueue('raw');
  const idPrefix = `raw/${taskQueue}`;
  const expected = shape.units + 1;
  const firstTasks = new Set<number>();
  let firstTaskAllAt = 0;
  const sinks: InjectedSinks<RawTreeSinks> = {
    rawTree: {
      firstTask: {
        fn: (_info, index) => {
          firstTasks.add(index);
          if (firstTasks.size === expected && !firstTaskAllAt) firstTaskAllAt = Date.now();
        },
        callDuringReplay: false,
      },
    },
  };
  const worker = await Worker.create({
    connection: opts.connection,
    taskQueue,
    workflowBundle: await workflowBundle(path.resolve(__dirname, 'workflows.ts')),
    maxCachedWorkflows: 500,
    sinks,
  });
  const running = worker.run();
  const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`;
  try {
    const t0 = Date.now();
    const cpu = startCpuMeter();
    await client.workflow.start(rawTreeNodeWorkflow, { taskQueue, workflowId: rawNodeId(idPrefix, 0), args: [{ shape, idPrefix, index: 0 }] });
    let startAllAt = 0;
    const deadline = t0 + (opts.timeoutMs ?? 1_800_000);
    let last = -1;
    for (;;) {
      const { count } = await client.workflow.count(query);
      if (count === expected && !startAllAt) startAllAt = Date.now();
      if (startAllAt && firstTaskAllAt) break;
      if (count !== last) log(`raw ${shape.units}/${shape.fanout}: ${count}/${expected} running, ${firstTasks.size} ran their first task`);
      last = count;
      if (Date.now() > deadline) throw new Error(`raw tree: only ${count} of ${expected} nodes running after ${opts.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
    const report = { shape, nodesRunning: expected, timeToStartAllMs: startAllAt - t0, timeToFirstTaskAllMs: firstTaskAllAt - t0, cpu: cpu.stop() };
    await opts.whileRunning?.({ idPrefix, nodes: expected });
    return report;
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    const ids: string[] = [];
    for await (const wf of client.workflow.list({ query, pageSize: 1000 })) ids.push(wf.workflowId);
    await mapLimit(ids, 32, (id) => client.workflow.getHandle(id).terminate('raw bench finished').catch(() => undefined));
  }
}
