/**
 * Proves the production shape on this machine: one Temporal server (in-memory
 * dev server on free ports), three worker processes (worker/main.ts, as
 * deployed), a local SMTP listener for the mail. Runs health checks and a small
 * cascade cycle, prints how the work spread, crashes one worker half-way
 * (SIGKILL) and shows the other two finish everything.
 *
 *   npx tsx scripts/prove-multi-worker.ts [workers=3]
 */
import { Client } from '@temporalio/client';
import { loadConfig } from '../runtime/config';
import { dataConverterFor } from '../runtime/data-converter';
import { connectTemporal } from '../runtime/temporal-connection';
import { freePort, startDevServer } from '../runtime/temporal-dev-server';
import { resolveTemporalCli } from '../runtime/temporal-tools';
import { runMultiWorkerScenario, type MultiWorkerReport } from '../test/scale/multi-worker-scenario';

async function main(): Promise<void> {
  const workers = Number(process.argv[2] ?? 3);
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source}); run scripts/ensure-temporal-cli.sh`);
  const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logFile: 'test-results/prove-multi-worker-server.log' });
  const connection = await connectTemporal({ address: server.address, namespace: server.namespace });
  // The worker processes (NODE_ENV=development) encrypt with this data folder's keys: decode with the same.
  const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig({ ...process.env, NODE_ENV: 'development' })) });
  const log = (l: string): void => void process.stdout.write(`${l}\n`);
  log(`Temporal dev server at ${server.address} (pid ${server.pid})`);
  try {
    const report = await runMultiWorkerScenario({
      client,
      address: server.address,
      taskQueue: 'directive-cascade',
      workers,
      healthChecks: 30,
      shape: { units: 30, depth: 2, fanout: 5 },
      cascadeId: 'prove-multi-worker',
      year: 2027,
      log,
    });
    log(summary(report));
    if (!everythingFinished(report)) process.exitCode = 1;
  } finally {
    await connection.close();
    await server.stop();
  }
}

/** @returns true when no work was lost and the killed worker did nothing after its death */
export function everythingFinished(r: MultiWorkerReport): boolean {
  const stagesOk = Object.entries(r.expectedStages).every(([s, n]) => r.stages[s] === n);
  return r.healthCompleted === r.healthExpected && stagesOk && r.mailsReceived === r.mailsExpected && r.tasksByKilledAfterKill === 0;
}

function summary(r: MultiWorkerReport): string {
  const row = (label: string, counts: Record<string, number>) => `  ${label.padEnd(34)} ${r.workers.map((w) => `${w}: ${String(counts[w] ?? 0).padStart(3)}`).join('   ')}`;
  return [
    '',
    `Work per worker process (${r.killed} was killed with SIGKILL half-way):`,
    row('health checks before the crash', r.healthBefore),
    row('health checks after the crash', r.healthAfter),
    row('cycle workflow tasks completed', r.cycleWorkflowTasks),
    row('cycle activities (mail, admin)', r.cycleActivities),
    `  tasks completed by ${r.killed} after its death: ${r.tasksByKilledAfterKill}`,
    `Health checks completed: ${r.healthCompleted}/${r.healthExpected}`,
    `Unit stages: ${JSON.stringify(r.stages)} (expected ${JSON.stringify(r.expectedStages)})`,
    `Mails received by the SMTP listener: ${r.mailsReceived} distinct (expected ${r.mailsExpected}), ${r.mailsDuplicated} sent twice (same Message-ID)`,
    `${everythingFinished(r) ? 'OK: nothing lost' : 'FAILED: work missing'} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`prove-multi-worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
