/**
 * Issue #10, worker memory: resident memory per cached workflow. A worker runs
 * alone in a child process (bench/rss-worker-process.ts) with a cache larger
 * than the tree; after a small warm-up tree (bundle loaded, V8 context made),
 * its RSS is read after a full GC, an N-unit flat tree is made resident (every
 * workflow started and waiting), and the RSS read again. The difference divided
 * by the workflows made resident is the figure; the same for the raw tree of
 * empty workflows on the same server.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ERROR_TYPES } from '../domain/errors';
import { mapLimit } from '../runtime/map-limit';
import { SHIPPED_CALENDAR } from '../domain/calendar';
import { buildUnitTree, flattenUnits } from '../domain/cycle/unit-tree';
import { cycleWorkflowId } from '../domain/ids';
import { cascadeCycleWorkflow } from '../workflows/cascade-cycle';
import { submitPlanUpdate } from '../workflows/unit-messages';
import { syntheticCascade, waitForStages } from '../test/scale/scale-cycle';
import { uniqueTaskQueue } from '../test/support/temporal';
import { rawNodeId, rawTreeNodeWorkflow } from './raw/workflows';
import type { RssReply, RssRequest } from './rss-worker-process';

/** What one side measured. */
export interface RssSample {
  /** Workflows made resident by the measured tree (cycle and units, or raw nodes). */
  workflows: number;
  beforeBytes: number;
  afterBytes: number;
  perWorkflowBytes: number;
  /**
   * The project side only: RSS once every resident unit has parsed one message
   * (an empty plan, refused by its validator, so no history changes). Zod and the
   * message schemas are built on a run's first parse (workflows/schemas-on-demand.ts),
   * so this is what a cached unit weighs after a head acted on it.
   */
  afterParseBytes?: number;
  afterParsePerWorkflowBytes?: number;
  /** The worker's cache size. */
  maxCachedWorkflows: number;
}

/** Options of {@link measureWorkerRss}. */
export interface RssOptions {
  side: 'raw' | 'project';
  address: string;
  /** A client of the same server (the project's with its payload codec). */
  client: Client;
  /** Units of the measured flat tree. */
  units: number;
  log: (line: string) => void;
}

const WARM_UP_UNITS = 10;

class RssWorker {
  private readonly child: ChildProcess;
  private readonly replies: RssReply[] = [];
  private waiter: (() => void) | undefined;
  private exited = false;

  constructor(side: string, address: string, taskQueue: string, cache: number) {
    this.child = fork(path.join(__dirname, 'rss-worker-process.ts'), [side, address, taskQueue, String(cache)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: RssReply) => {
      this.replies.push(m);
      this.waiter?.();
    });
    this.child.on('exit', () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  async next(): Promise<RssReply> {
    for (;;) {
      const reply = this.replies.shift();
      if (reply) {
        if (reply.type === 'error') throw new Error(`RSS worker: ${reply.message}`);
        return reply;
      }
      if (this.exited) throw new Error('RSS worker exited');
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  async rss(): Promise<number> {
    this.child.send({ type: 'rss' } satisfies RssRequest);
    const reply = await this.next();
    if (reply.type !== 'rss') throw new Error(`RSS worker answered ${reply.type}`);
    return reply.rss;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' } satisfies RssRequest);
    await Promise.race([gone, new Promise((r) => setTimeout(r, 30_000))]);
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

async function waitRunning(client: Client, query: string, expected: number, log: (l: string) => void): Promise<void> {
  const deadline = Date.now() + 1_800_000;
  for (;;) {
    const { count } = await client.workflow.count(query);
    if (count === expected) return;
    log(`${count}/${expected} running`);
    if (Date.now() > deadline) throw new Error(`only ${count} of ${expected} workflows running after 30 min`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function rawTree(client: Client, taskQueue: string, tag: string, units: number, log: (l: string) => void): Promise<number> {
  const idPrefix = `raw/${taskQueue}/${tag}`;
  const shape = { units, fanout: units };
  const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`;
  // The warm-up tree stays resident: the measured one adds to it.
  const already = (await client.workflow.count(query)).count;
  await client.workflow.start(rawTreeNodeWorkflow, { taskQueue, workflowId: rawNodeId(idPrefix, 0), args: [{ shape, idPrefix, index: 0 }] });
  await waitRunning(client, query, already + units + 1, log);
  return units + 1;
}

async function projectTree(client: Client, taskQueue: string, tag: string, units: number, log: (l: string) => void): Promise<number> {
  const cascadeId = `rss-${tag}-${taskQueue.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 60);
  const cascade = syntheticCascade({ units, depth: 1, fanout: units }, cascadeId);
  const year = 2027;
  const count = flattenUnits(buildUnitTree(cascade, year, SHIPPED_CALENDAR)).length;
  await client.workflow.start(cascadeCycleWorkflow, { taskQueue, workflowId: cycleWorkflowId(cascadeId, year), args: [{ cascade, year, calendar: SHIPPED_CALENDAR }] });
  await waitForStages(client, `${cascadeId}/${year}`, { drafting: 1, waiting: count - 1 }, 1_800_000, log);
  return count + 1;
}

/**
 * Sends every running unit of the task queue an empty plan: each unit's validator
 * parses it (building zod and the schemas in that run) and refuses it.
 * @throws Error when a unit did anything but refuse it as invalid input
 */
async function parseOnce(client: Client, taskQueue: string, log: (l: string) => void): Promise<void> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running" AND WorkflowType = "unitPlanWorkflow"`, pageSize: 1000 })) ids.push(wf.workflowId);
  let refused = 0;
  await mapLimit(ids, 8, async (id) => {
    try {
      await client.workflow.getHandle(id).executeUpdate(submitPlanUpdate, { args: [{} as never] });
    } catch (err) {
      // Only the validator's refusal counts: a timeout or a lost connection must fail the bench, not pass as "parsed".
      const cause = (err as { cause?: { type?: string } }).cause;
      if (!(err instanceof WorkflowUpdateFailedError) || cause?.type !== ERROR_TYPES.InvalidInput) throw err;
      refused += 1;
      if (refused % 100 === 0) log(`${refused}/${ids.length} units parsed an empty plan and refused it`);
    }
  });
  if (refused !== ids.length) throw new Error(`RSS bench: ${ids.length - refused} of ${ids.length} units accepted an empty plan`);
}

/**
 * @param opts the side, the server, the tree size
 * @returns the worker's RSS before and after the tree, and per resident workflow
 */
export async function measureWorkerRss(opts: RssOptions): Promise<RssSample> {
  const { client, side, units, log } = opts;
  const taskQueue = uniqueTaskQueue(`rss-${side}`);
  const maxCachedWorkflows = units + 100;
  const worker = new RssWorker(side, opts.address, taskQueue, maxCachedWorkflows);
  const tree = side === 'raw' ? rawTree : projectTree;
  try {
    if ((await worker.next()).type !== 'ready') throw new Error('RSS worker did not start');
    await tree(client, taskQueue, 'warm', WARM_UP_UNITS, () => undefined);
    // Let the warm-up's activities (the root's mail) finish before the first reading.
    await new Promise((r) => setTimeout(r, 3000));
    const beforeBytes = await worker.rss();
    const workflows = await tree(client, taskQueue, 'measured', units, (l) => log(`${side}: ${l}`));
    await new Promise((r) => setTimeout(r, 3000));
    const afterBytes = await worker.rss();
    const sample: RssSample = { workflows, beforeBytes, afterBytes, perWorkflowBytes: (afterBytes - beforeBytes) / workflows, maxCachedWorkflows };
    if (side !== 'project') return sample;
    await parseOnce(client, taskQueue, (l) => log(`${side}: ${l}`));
    await new Promise((r) => setTimeout(r, 3000));
    const afterParseBytes = await worker.rss();
    return { ...sample, afterParseBytes, afterParsePerWorkflowBytes: (afterParseBytes - beforeBytes) / workflows };
  } finally {
    await worker.stop();
    const ids: string[] = [];
    for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`, pageSize: 1000 })) ids.push(wf.workflowId);
    await mapLimit(ids, 32, (id) => client.workflow.getHandle(id).terminate('RSS bench finished').catch(() => undefined));
  }
}
