/**
 * Issue #4 harness: starts a synthetic cycle of N units on a real server, waits
 * until every unit workflow runs in the stage it should be in, then measures every
 * run of the cycle (continued-as-new runs included): history length, children
 * started per run and the most children ever pending at once in one run.
 * Shared by the jest test (test/scale/five-thousand.test.ts) and the bench
 * (bench/scale.bench.ts).
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { mapLimit } from '../../runtime/map-limit';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { temporal as proto, type temporal } from '@temporalio/proto';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAdminActivities } from '../../activities/admin';
import { createSnapshotActivities } from '../../activities/snapshot';
import { BY_REFERENCE_ABOVE_BYTES } from '../../client/shared/start-cycle';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { createFileSnapshotStore } from '../../runtime/snapshot-store';
import { openSnapshotStore } from '../../runtime/snapshot-store-open';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { generateCascade, parseCascade, type Cascade } from '../../domain/cascade';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, parseWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { CHILD_BATCH } from '../../workflows/unit-plan';
import { startCpuMeter, type CpuSample } from '../support/cpu-meter';
import { createRecordingMail } from '../support/recording-mail';
import { uniqueTaskQueue, workflowBundle, productDataConverter } from '../support/temporal';

/** Server default: a run past this many events is in "warn" territory (error at 51,200). */
export const HISTORY_EVENT_WARN_LIMIT = 10_240;
/** Docs advise at most this many pending children per parent (hard limit 2,000). */
export const PENDING_CHILDREN_ADVISED_LIMIT = 1_000;

/** Shape of the synthetic org tree. */
export interface ScaleShape {
  units: number;
  depth: number;
  fanout: number;
}

/** Figures of one measured cycle. */
export interface ScaleReport {
  shape: ScaleShape;
  cycle: string;
  /** Unit workflows (root included) seen running in their expected stage. */
  unitsRunning: number;
  /** From starting the cycle until every unit ran in its expected stage. */
  timeToStartAllMs: number;
  /** CPU over the same time: this process (worker, client) and the machine. */
  cpu: CpuSample;
  /** Every run of every workflow of the cycle, continued-as-new runs included. */
  runs: number;
  largestHistory: { workflowId: string; runId: string; events: number };
  /** Most StartChildWorkflowExecutionInitiated events in one run. */
  maxChildrenStartedPerRun: number;
  /** Most children initiated and not yet closed at any point of one run. */
  maxPendingChildren: number;
  /** Runs of the root unit workflow (continue-as-new between child batches). */
  rootRuns: number;
  /** Most runs of any unit with children. */
  maxRunsPerParent: number;
  /** Wall time of the measuring (listing, describing, reading parent histories). */
  measureMs: number;
  /** Started by reference (the cascade in a snapshot store) or by value. */
  byReference: boolean;
  /** Started through `bin/cascade cycle start` in its own process. */
  startedWithCli?: boolean;
  /** From starting the cycle until the root unit ran in `drafting` (its first milestone). */
  timeToRootDraftingMs: number;
  /** Largest payload (encrypted bytes) in the histories of the cycle and of every unit with children. */
  largestPayloadBytes: number;
  /** Largest history of those runs, in bytes (protobuf). */
  largestHistoryBytes: number;
  /** What the start payload of the cycle would be by value (JSON bytes of the cascade, year and calendar). */
  byValueInputBytes: number;
  /** Highest resident memory of this process (server client, worker and harness) sampled while starting. */
  maxRssBytes: number;
}

/** Options of {@link runScaleCycle}. */
export interface ScaleRunOptions {
  client: Client;
  connection: NativeConnection;
  shape: ScaleShape;
  /** A slug unique to this run (becomes the cascade id). */
  cascadeId: string;
  year: number;
  /** Give up waiting for the units after this long. */
  startTimeoutMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Start the cycle by reference, its input in a snapshot store in a temporary folder. */
  byReference?: boolean;
  /**
   * Start the cycle as an admin does: `bin/cascade cycle start` in its own process,
   * against this server address. The CLI and the worker then share one configuration
   * (a temporary data folder: snapshot store and payload keys), and the CLI decides
   * by value or by reference as it does in production.
   */
  startWithCli?: { address: string };
}

/** @returns a parsed synthetic cascade of the given shape under the given id */
export function syntheticCascade(shape: ScaleShape, cascadeId: string): Cascade {
  const parsed = parseCascade({ ...generateCascade(shape), id: cascadeId });
  if (!parsed.ok) throw new Error(`generated cascade is invalid: ${JSON.stringify(parsed).slice(0, 500)}`);
  return parsed.cascade;
}

/**
 * Runs one cycle with its own worker (recording mail, real admin activities),
 * measures it, then stops the worker and terminates every workflow of the cycle.
 * @returns the figures of the cycle
 */
export async function runScaleCycle(opts: ScaleRunOptions): Promise<ScaleReport> {
  const { client, shape, cascadeId, year } = opts;
  const log = opts.log ?? (() => undefined);
  const cascade = syntheticCascade(shape, cascadeId);
  const root = buildUnitTree(cascade, year, SHIPPED_CALENDAR);
  const units = flattenUnits(root);
  const parents = units.filter((u) => u.children.length > 0);
  const cycle = `${cascadeId}/${year}`;
  const taskQueue = uniqueTaskQueue('scale');
  const mail = createRecordingMail();
  const cli = opts.startWithCli ? cliStart(opts.startWithCli.address, taskQueue, cascade, year) : undefined;
  const snapshotDir = cli?.dataDir ?? (opts.byReference ? fs.mkdtempSync(path.join(os.tmpdir(), 'scale-snapshots-')) : undefined);
  const store = cli ? openSnapshotStore(cli.config) : snapshotDir ? createFileSnapshotStore(snapshotDir, [{ id: 'scale', key: randomBytes(32) }]) : undefined;
  const byValue = { cascade, year, calendar: SHIPPED_CALENDAR };
  const byValueInputBytes = Buffer.byteLength(JSON.stringify(byValue));
  const worker = await Worker.create({
    connection: opts.connection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...mail.activities, ...createAdminActivities({ client }), ...(store ? createSnapshotActivities({ store }) : {}) },
    dataConverter: cli ? dataConverterFor(cli.config) : productDataConverter(),
    // As in production (WORKER_MAX_CACHED_WORKFLOWS): an unbounded cache grew to 5 GB
    // at 4,000 units and starved the worker (VM context creation timed out).
    maxCachedWorkflows: 500,
  });
  const running = worker.run();
  let report: ScaleReport | undefined;
  try {
    const t0 = Date.now();
    const cpuMeter = startCpuMeter();
    if (cli) {
      log(`${cycle}: ${cli.command}`);
      log(`${cycle}: ${(await cli.run()).trim()} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      await client.workflow.start(cascadeCycleWorkflow, {
        taskQueue,
        workflowId: cycleWorkflowId(cascadeId, year),
        args: [store ? { snapshot: await store.put(byValue), cascadeId, year } : byValue],
      });
    }
    // The root drafts from day one; every other unit waits for its parent's plan.
    const progress = { rootDraftingMs: 0, maxRss: process.memoryUsage().rss };
    const unitsRunning = await waitForStages(client, cycle, { drafting: 1, waiting: units.length - 1 }, opts.startTimeoutMs ?? 600_000, log, (counts) => {
      progress.maxRss = Math.max(progress.maxRss, process.memoryUsage().rss);
      if (!progress.rootDraftingMs && (counts.drafting ?? 0) >= 1) {
        progress.rootDraftingMs = Date.now() - t0;
        log(`${cycle}: root drafting after ${(progress.rootDraftingMs / 1000).toFixed(1)} s`);
      }
    });
    const timeToStartAllMs = Date.now() - t0;
    const cpu = cpuMeter.stop();
    log(`${cycle}: ${unitsRunning} units running after ${(timeToStartAllMs / 1000).toFixed(1)} s`);
    // Nothing more should happen; stop processing before measuring.
    worker.shutdown();
    await running;
    const t1 = Date.now();
    const measured = await measure(client, cycle, new Set(parents.map((p) => unitWorkflowId(cascadeId, year, p.id))), unitWorkflowId(cascadeId, year, root.id));
    report = {
      shape, cycle, unitsRunning, timeToStartAllMs, cpu, ...measured, measureMs: 0,
      // The CLI decides by the input's size, as in production.
      byReference: cli ? byValueInputBytes > BY_REFERENCE_ABOVE_BYTES : Boolean(store), startedWithCli: Boolean(cli), timeToRootDraftingMs: progress.rootDraftingMs, byValueInputBytes, maxRssBytes: progress.maxRss,
    };
    report.measureMs = Date.now() - t1;
    return report;
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await terminateCycle(client, cycle, log);
    await store?.close();
    if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
  }
}

/**
 * Prepares `bin/cascade cycle start` for a cascade: a temporary data folder (the
 * CLI's snapshot store and development payload keys), the cascade as a JSON file,
 * and the environment that points the CLI at the server and the run's task queue.
 */
function cliStart(address: string, taskQueue: string, cascade: Cascade, year: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-cli-'));
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: 'default' };
  // Loaded here first so the development keys exist before the CLI reads them.
  const config = loadConfig(env);
  const file = path.join(dataDir, `${cascade.id}.json`);
  fs.writeFileSync(file, JSON.stringify(cascade));
  const args = ['cycle', 'start', '--config', file, '--year', String(year)];
  const bin = path.join(__dirname, '..', '..', 'bin', 'cascade');
  return {
    dataDir,
    config,
    command: `cascade ${args.join(' ')}`,
    /** @returns the CLI's output; rejects with its stderr when it exits non-zero */
    run: (): Promise<string> =>
      new Promise((resolve, reject) => {
        execFile(bin, args, { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`cascade cycle start failed: ${stderr || err.message}`)) : resolve(stdout)));
      }),
  };
}

/**
 * Polls visibility until exactly the expected number of running unit workflows
 * is in each stage.
 * @param client a client of the server
 * @param cycle the cycle key (`<cascade>/<year>`)
 * @param expected running unit workflows per stage
 * @param timeoutMs give up after this long
 * @param log progress lines
 * @param onCounts called with the counts of every poll
 * @returns how many unit workflows run
 */
export async function waitForStages(
  client: Client,
  cycle: string,
  expected: Record<string, number>,
  timeoutMs: number,
  log: (l: string) => void,
  onCounts: (counts: Record<string, number>) => void = () => undefined,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const base = `CascadeCycle = "${cycle}" AND ExecutionStatus = "Running" AND WorkflowType = "unitPlanWorkflow"`;
  let last = '';
  for (;;) {
    const asked = Date.now();
    const counts = await Promise.all(Object.keys(expected).map(async (stage) => [stage, (await client.workflow.count(`${base} AND CascadeStage = "${stage}"`)).count] as const));
    const total = (await client.workflow.count(base)).count;
    // Counting tens of thousands of runs costs the server seconds: ask less often as it grows,
    // so the harness does not take the server's time from the cycle it measures.
    const pauseMs = Math.max(1000, 3 * (Date.now() - asked));
    onCounts(Object.fromEntries(counts));
    const line = counts.map(([s, n]) => `${s} ${n}/${expected[s]}`).join(', ');
    if (counts.every(([s, n]) => n === expected[s]) && total === Object.values(expected).reduce((a, b) => a + b, 0)) return total;
    if (line !== last) log(`${cycle}: ${line} (running ${total})`);
    last = line;
    if (Date.now() > deadline) throw new Error(`${cycle}: units not all started within ${timeoutMs} ms: ${line}, running ${total}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

type Measured = Omit<ScaleReport, 'shape' | 'cycle' | 'unitsRunning' | 'timeToStartAllMs' | 'cpu' | 'measureMs' | 'byReference' | 'timeToRootDraftingMs' | 'byValueInputBytes' | 'maxRssBytes'>;

async function measure(client: Client, cycle: string, parentIds: Set<string>, rootId: string): Promise<Measured> {
  const all: WorkflowExecutionInfo[] = [];
  for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cycle}"`, pageSize: 1000 })) all.push(wf);
  // A closed run's history length in visibility is final; a running one's is read from the server.
  const lengths = await mapLimit(all, 16, async (wf) =>
    wf.status.name === 'RUNNING' ? Number((await client.workflow.getHandle(wf.workflowId, wf.runId).describe()).historyLength) : wf.historyLength,
  );
  let largest = { workflowId: '', runId: '', events: 0 };
  all.forEach((wf, i) => {
    if (lengths[i]! > largest.events) largest = { workflowId: wf.workflowId, runId: wf.runId, events: lengths[i]! };
  });
  // Children only ever come from the cycle and from units with children: read those runs' histories.
  const parentRuns = all.filter((wf) => parentIds.has(wf.workflowId) || parseWorkflowId(wf.workflowId)?.kind === 'cycle');
  const childStats = await mapLimit(parentRuns, 8, async (wf) => {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    return { ...childrenOfRun(history), ...payloadsOfRun(history) };
  });
  const runsOf = new Map<string, number>();
  for (const wf of parentRuns) runsOf.set(wf.workflowId, (runsOf.get(wf.workflowId) ?? 0) + 1);
  return {
    runs: all.length,
    largestHistory: largest,
    maxChildrenStartedPerRun: Math.max(0, ...childStats.map((s) => s.started)),
    maxPendingChildren: Math.max(0, ...childStats.map((s) => s.maxPending)),
    rootRuns: runsOf.get(rootId) ?? 0,
    maxRunsPerParent: Math.max(0, ...[...runsOf].filter(([id]) => id !== cycleWorkflowIdOf(rootId)).map(([, n]) => n)),
    largestPayloadBytes: Math.max(0, ...childStats.map((s) => s.largestPayload)),
    largestHistoryBytes: Math.max(0, ...childStats.map((s) => s.historyBytes)),
  };
}

/** @returns the largest payload (bytes of its data) anywhere in a run's events, and the history's size */
export function payloadsOfRun(history: temporal.api.history.v1.IHistory): { largestPayload: number; historyBytes: number } {
  let largestPayload = 0;
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if (o.data instanceof Uint8Array && 'metadata' in o) largestPayload = Math.max(largestPayload, o.data.length);
    for (const child of Object.values(o)) walk(child);
  };
  walk(history.events);
  return { largestPayload, historyBytes: proto.api.history.v1.History.encode(history).finish().length };
}

function cycleWorkflowIdOf(unitId: string): string {
  const p = parseWorkflowId(unitId);
  return p ? cycleWorkflowId(p.cascadeId, p.year) : '';
}

/** @returns children initiated in a run, and the most pending (initiated, not closed) at once */
export function childrenOfRun(history: temporal.api.history.v1.IHistory): { started: number; maxPending: number } {
  let started = 0;
  let pending = 0;
  let maxPending = 0;
  for (const e of history.events ?? []) {
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      started++;
      maxPending = Math.max(maxPending, ++pending);
    } else if (
      e.startChildWorkflowExecutionFailedEventAttributes ||
      e.childWorkflowExecutionCompletedEventAttributes ||
      e.childWorkflowExecutionFailedEventAttributes ||
      e.childWorkflowExecutionCanceledEventAttributes ||
      e.childWorkflowExecutionTimedOutEventAttributes ||
      e.childWorkflowExecutionTerminatedEventAttributes
    ) {
      pending--;
    }
  }
  return { started, maxPending };
}

/**
 * Terminates every running workflow of the cycle (the worker is stopped first, so nothing cascades).
 * @param client a client of the server
 * @param cycle the cycle key
 * @param log progress lines
 */
export async function terminateCycle(client: Client, cycle: string, log: (l: string) => void): Promise<void> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cycle}" AND ExecutionStatus = "Running"`, pageSize: 1000 })) ids.push(wf.workflowId);
  await mapLimit(ids, 32, (id) => client.workflow.getHandle(id).terminate('scale test finished').catch(() => undefined));
  log(`${cycle}: terminated ${ids.length} workflows`);
}

/** @returns the report as a few readable lines */
export function formatScaleReport(r: ScaleReport): string {
  return [
    `shape ${r.shape.units} units, depth ${r.shape.depth}, fan-out ${r.shape.fanout} (cycle ${r.cycle})`,
    `  all ${r.unitsRunning} units running after ${(r.timeToStartAllMs / 1000).toFixed(1)} s`,
    `  runs measured ${r.runs}; largest history ${r.largestHistory.events} events (${r.largestHistory.workflowId}) < ${HISTORY_EVENT_WARN_LIMIT}`,
    `  children started per run ≤ ${r.maxChildrenStartedPerRun} (CHILD_BATCH ${CHILD_BATCH}); pending children max ${r.maxPendingChildren} ≤ ${PENDING_CHILDREN_ADVISED_LIMIT}`,
    `  root runs ${r.rootRuns}; most runs of a parent ${r.maxRunsPerParent}; measured in ${(r.measureMs / 1000).toFixed(1)} s`,
    `  started ${r.startedWithCli ? 'by `cascade cycle start`' : 'by the client'}, input ${r.byReference ? 'by reference' : 'by value'} (by value it is ${kb(r.byValueInputBytes)}); root drafting after ${(r.timeToRootDraftingMs / 1000).toFixed(1)} s`,
    `  largest payload ${kb(r.largestPayloadBytes)}; largest history ${kb(r.largestHistoryBytes)}; max RSS of the bench process ${(r.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n');
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
