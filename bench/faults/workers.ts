/**
 * The worker processes of the fault suite: each one is worker/main.ts in its own
 * OS process (exactly as deployed), so a SIGKILL is a real crash: no drain, no
 * goodbye to the server, its sticky cache and in-flight tasks simply gone. A killed
 * worker is replaced at once, as an orchestrator would, keeping the pool's size.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startWorkerProcess, type WorkerProcess } from '../../test/scale/multi-worker-scenario';

const ROOT = path.resolve(__dirname, '../..');
const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/** A pool of worker processes on one task queue. */
export interface WorkerPool {
  /** Names of the live processes. */
  live(): string[];
  /** SIGKILLs one live worker picked at random and starts its replacement. @returns the killed worker's name */
  killRandom(): Promise<string>;
  /** Graceful stop of every live worker (SIGTERM drains in-flight tasks). */
  stop(): Promise<void>;
}

/**
 * Bundles the workflows once (every process loads the file instead of bundling).
 * @param dir where the bundle is written
 * @returns its path, for WORKFLOW_BUNDLE_PATH
 */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const file = path.join(dir, 'workflows.js');
  writeFileSync(file, (await bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'workflows/index.ts'), logger: silent })).code);
  return file;
}

/**
 * Starts `size` workers and waits until each polls.
 * @param env the workers' environment (Temporal, SMTP, public URL, bundle)
 * @param random the suite's seeded random source (which worker dies is reproducible)
 * @returns the pool
 */
export async function startWorkerPool(size: number, env: Record<string, string>, random: () => number): Promise<WorkerPool> {
  let serial = 0;
  const spawnOne = (): WorkerProcess => startWorkerProcess(`fault-worker-${++serial}`, env);
  const procs = Array.from({ length: size }, spawnOne);
  await Promise.all(procs.map((p) => p.ready));
  return {
    live: () => procs.map((p) => p.name),
    async killRandom() {
      const i = Math.floor(random() * procs.length);
      const victim = procs[i]!;
      victim.kill('SIGKILL');
      await victim.exited;
      procs[i] = spawnOne();
      // Not awaited: the replacement comes up while the others carry on, as in production.
      procs[i].ready.catch(() => undefined);
      return victim.name;
    },
    async stop() {
      for (const p of procs) p.kill('SIGTERM');
      await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, 20_000))]);
      for (const p of procs) p.kill('SIGKILL');
    },
  };
}
