/**
 * `npm run faults`: the fault and load suite. Runs the scenario (./scenario.ts) on
 * the production twin and on the dev server, prints the table and writes the
 * report to bench/faults/reports/. Bounded in time and count, loopback only; it
 * stops by itself. Exit code 1 when anything was lost or applied twice, or when a
 * round did not finish.
 *
 *   npm run faults                                  the full suite (500 units)
 *   npm run faults -- --clusters dev --units 100 --worker-kills 5 --server-kills 1 --name short
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CLUSTER_KINDS, type ClusterKind } from './cluster';
import { formatReports, writeReports } from './report';
import { runFaultScenario, type FaultRunReport } from './scenario';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`not a whole number: ${v}`);
  return n;
};

/** A mistake in the command line: one line, no stack. */
class UsageError extends Error {}

async function main(): Promise<void> {
  const o = new Command()
    .option('--clusters <list>', 'twin, dev or both (comma-separated)', 'twin,dev')
    .option('--units <n>', 'units below the root', int, 500)
    .option('--depth <n>', 'depth of the unit tree', int, 2)
    .option('--fanout <n>', 'children per unit', int, 25)
    .option('--workers <n>', 'worker processes', int, 3)
    .option('--worker-kills <n>', 'SIGKILLs of a random worker', int, 20)
    .option('--server-kills <n>', 'kill -9 of the Temporal server', int, 3)
    .option('--db-restarts <n>', 'PostgreSQL immediate restarts (twin only)', int, 2)
    .option('--smtp-outages <n>', 'SMTP outages', int, 1)
    .option('--smtp-outage-s <n>', 'seconds SMTP stays down', int, 20)
    .option('--spacing-s <n>', 'seconds between faults', int, 4)
    .option('--server-down-s <n>', 'seconds the server stays dead', int, 3)
    .option('--timeout-min <n>', 'give up a run after this many minutes', int, 30)
    .option('--seed <n>', 'random seed', int, 11)
    .option('--name <name>', 'report file name', 'faults')
    .option('--no-web-state-cache', 'the web app reads the state before every Update (the behaviour before the cache, to compare)')
    .option('--mail-uncertain <policy>', 'MAIL_UNCERTAIN_COPIES of the workers: resend (the default) or hold (a simulated admin answers the held copies)')
    .option('--web-concurrency <n>', 'Temporal calls the web app has in flight at once (WEB_TEMPORAL_CONCURRENCY; 0: no limit, the behaviour before, to compare)', int)
    .parse()
    .opts<Record<string, string | number | boolean>>();
  const clusters = String(o.clusters).split(',') as ClusterKind[];
  for (const c of clusters) if (!CLUSTER_KINDS.includes(c)) throw new UsageError(`--clusters: unknown "${c}" (twin or dev)`);
  if (o.mailUncertain !== undefined && o.mailUncertain !== 'resend' && o.mailUncertain !== 'hold') throw new UsageError(`--mail-uncertain: "${String(o.mailUncertain)}" is neither resend nor hold`);
  const reports: FaultRunReport[] = [];
  for (const cluster of clusters) {
    reports.push(
      await runFaultScenario({
        cluster,
        units: o.units as number,
        depth: o.depth as number,
        fanout: o.fanout as number,
        workers: o.workers as number,
        faults: {
          'worker-sigkill': o.workerKills as number,
          'server-kill-9': o.serverKills as number,
          'postgres-immediate-restart': cluster === 'twin' ? (o.dbRestarts as number) : 0,
          'smtp-outage': o.smtpOutages as number,
        },
        faultSpacingMs: (o.spacingS as number) * 1000,
        serverDownMs: (o.serverDownS as number) * 1000,
        smtpOutageMs: (o.smtpOutageS as number) * 1000,
        doubleClick: true,
        webStateCache: o.webStateCache !== false,
        ...(o.webConcurrency === undefined ? {} : { webConcurrency: o.webConcurrency as number }),
        ...(o.mailUncertain === undefined ? {} : { mailUncertain: o.mailUncertain }),
        timeoutMs: (o.timeoutMin as number) * 60_000,
        seed: o.seed as number,
        log: (line) => process.stderr.write(`faults: ${line}\n`),
      }),
    );
  }
  process.stdout.write(formatReports(reports));
  const written = writeReports(path.join(__dirname, 'reports'), String(o.name), reports, `npm run faults -- ${process.argv.slice(2).join(' ')}`.trim());
  process.stdout.write(`report: ${written.map((w) => path.relative(process.cwd(), w)).join(', ')}\n`);
  if (reports.some((r) => r.timedOut || r.verdict.lost.length > 0 || r.verdict.appliedTwice.length > 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`faults: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`faults failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
