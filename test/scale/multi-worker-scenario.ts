/**
 * The production shape on one machine: one Temporal server, several worker
 * processes (worker/main.ts, exactly as deployed) sharing one task queue. Runs
 * health checks and a small cascade cycle, crashes one worker half-way (SIGKILL,
 * no drain) and shows the others finish everything. Shared by
 * scripts/prove-multi-worker.ts and test/scale/multi-worker.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { healthCheckWorkflow } from '../../workflows/health-check';
import { reviewPlanUpdate, submitPlanUpdate, unitStateQuery } from '../../workflows/unit-messages';
import { startSmtpListener } from '../support/smtp-listener';
import { syntheticCascade, type ScaleShape } from './scale-cycle';

const ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = require.resolve('tsx');

/** A worker process started from worker/main.ts. */
export interface WorkerProcess {
  name: string;
  pid: number;
  /** Resolves when the worker says it polls the task queue. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** The last lines it printed (for error messages). */
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts `worker/main.ts` as its own process: `node --import tsx` rather than
 * `npx tsx`, so the pid we signal is the worker itself (npx and the tsx CLI
 * each add a parent that cannot forward SIGKILL).
 */
export function startWorkerProcess(name: string, env: Record<string, string>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'worker/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKER_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (b: Buffer): void => {
    out = (out + b.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer): void => {
      if (b.toString('utf8').includes(': polling')) resolve();
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before polling:\n${out}`)));
  });
  ready.catch(() => undefined);
  return { name, pid: child.pid!, ready, exited, output: () => out, kill: (s) => child.kill(s) };
}

/** Options of {@link runMultiWorkerScenario}. */
export interface MultiWorkerOptions {
  client: Client;
  address: string;
  taskQueue: string;
  workers: number;
  /** Health checks per wave: waves before the crash until every worker took one, then one wave during it. */
  healthChecks: number;
  /** Cascade shape: depth 2, so the second level is approved after the crash. */
  shape: ScaleShape;
  cascadeId: string;
  year: number;
  log?: (line: string) => void;
}

/** What happened, per worker process. */
export interface MultiWorkerReport {
  workers: string[];
  killed: string;
  /** Health checks whose activity each worker ran, before and after the crash. */
  healthBefore: Record<string, number>;
  healthAfter: Record<string, number>;
  /** Workflow tasks and activity tasks of the cycle each worker completed (from the histories). */
  cycleWorkflowTasks: Record<string, number>;
  cycleActivities: Record<string, number>;
  /** Tasks of the cycle completed by the killed worker after it was killed (must be 0). */
  tasksByKilledAfterKill: number;
  healthCompleted: number;
  healthExpected: number;
  /** Unit stages at the end, counted. */
  stages: Record<string, number>;
  expectedStages: Record<string, number>;
  /** Distinct mails (by Message-ID, deterministic per notification) and extra copies. */
  mailsReceived: number;
  mailsDuplicated: number;
  mailsExpected: number;
  elapsedMs: number;
}

/**
 * Runs the whole scenario; starts and stops its worker processes and SMTP listener.
 * @returns the distribution of work and whether everything finished
 */
export async function runMultiWorkerScenario(opts: MultiWorkerOptions): Promise<MultiWorkerReport> {
  const { client, taskQueue, cascadeId, year } = opts;
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const smtp = await startSmtpListener();
  // Bundle once; every worker loads it (WORKFLOW_BUNDLE_PATH) instead of bundling at start.
  const dir = mkdtempSync(path.join(tmpdir(), 'multi-worker-'));
  const bundlePath = path.join(dir, 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'workflows/index.ts'), logger: silent })).code);
  const env = {
    TEMPORAL_ADDRESS: opts.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURITY: 'none',
    NODE_ENV: 'development',
    WORKFLOW_BUNDLE_PATH: bundlePath,
  };
  const procs = Array.from({ length: opts.workers }, (_, i) => startWorkerProcess(`worker-${i + 1}`, env));
  const victim = procs.at(-1)!;
  try {
    await Promise.all(procs.map((p) => p.ready));
    log(`${procs.length} worker processes polling "${taskQueue}": ${procs.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);

    // Which poller gets a task is the server's choice: on busy cores one process can win a
    // whole wave. Run waves until every process has taken work (that is what must be shown),
    // with a bound so a process that never polls still fails the run.
    const healthBefore: Record<string, number> = {};
    let healthRun = 0;
    for (let wave = 0; procs.some((p) => !healthBefore[p.name]); wave++) {
      if (wave >= MAX_HEALTH_WAVES) throw new Error(`after ${wave} waves of ${opts.healthChecks} health checks, some workers took none: ${JSON.stringify(healthBefore)}`);
      for (const [name, n] of Object.entries(await healthWave(client, taskQueue, `before-${wave}`, opts.healthChecks))) healthBefore[name] = (healthBefore[name] ?? 0) + n;
      healthRun += opts.healthChecks;
    }
    log(`health checks before the crash: ${JSON.stringify(healthBefore)}`);

    // The cycle: all units start; the root issues its plan; first-level units draft.
    const cascade = syntheticCascade(opts.shape, cascadeId);
    const root = buildUnitTree(cascade, year, SHIPPED_CALENDAR);
    const level1 = root.children;
    const level2 = level1.flatMap((u) => u.children);
    await client.workflow.start(cascadeCycleWorkflow, { taskQueue, workflowId: cycleWorkflowId(cascadeId, year), args: [{ cascade, year, calendar: SHIPPED_CALENDAR }] });
    const unit = (id: string) => client.workflow.getHandle(unitWorkflowId(cascadeId, year, id));
    await waitUntil(async () => (await stagesOf(client, cascadeId, year, flattenUnits(root).map((u) => u.id))).waiting === level1.length + level2.length, 120_000, 'every unit started');
    await submitPlan(client, unitWorkflowId(cascadeId, year, root.id), year);
    await waitUntil(async () => (await stagesOf(client, cascadeId, year, level1.map((u) => u.id))).drafting === level1.length, 120_000, 'first level drafting');
    log(`cycle ${cascadeId}/${year}: ${flattenUnits(root).length} units started; root plan issued, ${level1.length} units drafting`);

    // Second wave of health checks, and crash one worker while it runs: no drain. A task it had
    // taken (or its sticky workflows' next tasks) goes to the others after its timeout.
    const healthAfterP = healthWave(client, taskQueue, 'after', opts.healthChecks);
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await victim.exited;
    log(`killed ${victim.name} (pid ${victim.pid}) with SIGKILL while the second wave runs`);

    for (const u of level1) await submitPlan(client, unitWorkflowId(cascadeId, year, u.id), year);
    for (const u of level1) {
      const s = await unit(u.id).query(unitStateQuery);
      await unit(u.id).executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, decision: 'approve', comment: '' }] });
    }
    const healthAfter = await healthAfterP;
    log(`health checks after the crash: ${JSON.stringify(healthAfter)}`);

    const allIds = flattenUnits(root).map((u) => u.id);
    const expectedStages = { implementing: 1 + level1.length, drafting: level2.length };
    await waitUntil(async () => sameCounts(await stagesOf(client, cascadeId, year, allIds), expectedStages), 120_000, 'second level drafting');
    // Root: its first task and "approved"; per first-level unit: task, approval request, approved;
    // per second-level unit: its task.
    const mailsExpected = 2 + level1.length * 3 + level2.length;
    const distinct = (): number => new Set(smtp.messages().map((m) => m.parsed.messageId)).size;
    await waitUntil(() => Promise.resolve(distinct() >= mailsExpected), 120_000, `${mailsExpected} mails`);
    const dist = await cycleDistribution(client, cascadeId, year, allIds, victim.name, killedAt);
    const health = [...Object.values(healthBefore), ...Object.values(healthAfter)].reduce((a, b) => a + b, 0);
    return {
      workers: procs.map((p) => p.name),
      killed: victim.name,
      healthBefore,
      healthAfter,
      ...dist,
      healthCompleted: health,
      healthExpected: healthRun + opts.healthChecks,
      stages: await stagesOf(client, cascadeId, year, allIds),
      expectedStages,
      mailsReceived: distinct(),
      // A mail sent by the killed worker whose completion was lost is sent again (at least once).
      mailsDuplicated: smtp.messages().length - distinct(),
      mailsExpected,
      elapsedMs: Date.now() - t0,
    };
  } finally {
    await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).terminate('multi-worker proof finished').catch(() => undefined);
    for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cascadeId}/${year}" AND ExecutionStatus = "Running"` })) {
      await client.workflow.getHandle(wf.workflowId).terminate('multi-worker proof finished').catch(() => undefined);
    }
    // Graceful stop of the survivors: SIGTERM drains in-flight tasks (Worker.run's handlers).
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waves of health checks tried before concluding a worker never takes work. */
const MAX_HEALTH_WAVES = 10;

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

async function healthWave(client: Client, taskQueue: string, label: string, n: number): Promise<Record<string, number>> {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.workflow.execute(healthCheckWorkflow, { taskQueue, workflowId: `health/${taskQueue}/${label}-${i}`, args: [{ label: `${label}-${i}` }] }),
    ),
  );
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.worker.workerName] = (counts[r.worker.workerName] ?? 0) + 1;
  return counts;
}

async function submitPlan(client: Client, workflowId: string, year: number): Promise<void> {
  const h = client.workflow.getHandle(workflowId);
  const s = await h.query(unitStateQuery);
  await h.executeUpdate(submitPlanUpdate, {
    args: [
      {
        task: 'draft-plan',
        revision: s.revision,
        actor: s.currentTask!.assignees[0]!,
        planNumber: `01/KH-${s.unitId.toUpperCase()}`,
        title: `Kế hoạch thực hiện năm ${year}`,
        summary: 'Triển khai các nhóm nhiệm vụ.',
        activities: Object.fromEntries(s.activityGroups.map((g) => [g.id, [`Hoạt động nhóm ${g.id}`]])),
      },
    ],
  });
}

async function stagesOf(client: Client, cascadeId: string, year: number, unitIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const id of unitIds) {
    const stage = await client.workflow
      .getHandle(unitWorkflowId(cascadeId, year, id))
      .query(unitStateQuery)
      .then((s) => s.stage as string, () => 'not-started');
    counts[stage] = (counts[stage] ?? 0) + 1;
  }
  return counts;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Reads every history of the cycle: who completed each workflow task and ran each activity. */
async function cycleDistribution(client: Client, cascadeId: string, year: number, unitIds: string[], killed: string, killedAt: number) {
  const cycleWorkflowTasks: Record<string, number> = {};
  const cycleActivities: Record<string, number> = {};
  let tasksByKilledAfterKill = 0;
  const ids = [cycleWorkflowId(cascadeId, year), ...unitIds.map((id) => unitWorkflowId(cascadeId, year, id))];
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? []) {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000;
      const identity = e.workflowTaskCompletedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity;
      if (!identity) continue;
      const name = identity.split('@')[0]!.trim() || identity;
      const bucket = e.workflowTaskCompletedEventAttributes ? cycleWorkflowTasks : cycleActivities;
      bucket[name] = (bucket[name] ?? 0) + 1;
      if (name === killed && at > killedAt + 1000) tasksByKilledAfterKill++;
    }
  }
  return { cycleWorkflowTasks, cycleActivities, tasksByKilledAfterKill };
}
