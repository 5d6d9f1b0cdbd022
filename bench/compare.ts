/**
 * Issue #10: the engine measured against raw Temporal in the same run, on the
 * same server and with the same worker settings. For each tree shape it runs the
 * raw tree (bench/raw) and then a cycle of the same shape (test/scale harness),
 * and reports both times and their ratio. Results go to stderr as they come, and
 * to bench/reports/compare.{json,md} with the machine described.
 *
 *   COMPARE_UNITS=1000,10000 COMPARE_SHAPES=flat,deep npm run bench
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { resolveTemporalCli } from '../runtime/temporal-tools';
import { freePort, startDevServer } from '../runtime/temporal-dev-server';
import { runScaleCycle, type ScaleShape } from '../test/scale/scale-cycle';
import { runRawFanout } from './raw/fanout';
import { projectActionLatency, rawActionLatency } from './action-latency';

/** One compared measure. */
export interface CompareRow {
  measure: string;
  server: string;
  raw: number;
  project: number;
  unit: 'ms' | 'ms p50' | 'ms p99';
  ratio: number;
  target: number;
}

/** Fan-out target of issue #10: at most 1.25 × raw. */
export const FANOUT_TARGET_RATIO = 1.25;
/** Action latency targets of issue #10: p50 ≤ 1.3 ×, p99 ≤ 1.5 × raw executeUpdate. */
export const ACTION_TARGET_RATIO = { p50: 1.3, p99: 1.5 } as const;

function shapeOf(kind: string, units: number): ScaleShape {
  if (kind === 'flat') return { units, depth: 1, fanout: units };
  if (kind === 'deep') return { units, depth: 3, fanout: units <= 8420 ? 20 : Math.ceil(Math.cbrt(units)) + 1 };
  throw new Error(`COMPARE_SHAPES: unknown shape "${kind}" (flat, deep)`);
}

function progress(line: string): void {
  process.stderr.write(`  ${line}\n`);
}

/** @returns the machine as a report should describe it */
export function describeMachine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
  };
}

/**
 * Runs every fan-out comparison on one in-memory dev server.
 * @returns one row per shape and size
 */
export async function compareAll(sizes: number[], kinds: string[], actionUnits: number): Promise<CompareRow[]> {
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source}); run scripts/ensure-temporal-cli.sh`);
  const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logFile: 'test-results/bench-compare-dev-server.log' });
  const connection = await Connection.connect({ address: server.address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection });
  // The e2e stack (web app, worker, SMTP listener) finds the server through this variable.
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  const rows: CompareRow[] = [];
  try {
    // Warm-up of both sides (bundles, worker, server caches), not reported.
    await runRawFanout({ client, connection: native, shape: { units: 50, fanout: 10 } });
    await runScaleCycle({ client, connection: native, shape: { units: 50, depth: 2, fanout: 10 }, cascadeId: `cmp-warm-${process.pid}`, year: 2027 });
    for (const units of sizes) {
      for (const kind of kinds) {
        const shape = shapeOf(kind, units);
        process.stderr.write(`fan-out ${units} units, ${kind} (depth ${shape.depth}, fan-out ${shape.fanout})\n`);
        const raw = await runRawFanout({ client, connection: native, shape: { units, fanout: shape.fanout }, log: progress });
        progress(`raw: ${(raw.timeToStartAllMs / 1000).toFixed(1)} s`);
        const project = await runScaleCycle({
          client, connection: native, shape, cascadeId: `cmp-${kind}-${units}-${process.pid}`, year: 2027, startTimeoutMs: 3_600_000, log: progress,
        });
        progress(`project: ${(project.timeToStartAllMs / 1000).toFixed(1)} s`);
        rows.push({
          measure: `fan-out, ${units} units ${kind} (depth ${shape.depth}, fan-out ${shape.fanout})`,
          server: 'dev server 1.5.1 (in memory)',
          raw: raw.timeToStartAllMs,
          project: project.timeToStartAllMs,
          unit: 'ms',
          ratio: project.timeToStartAllMs / raw.timeToStartAllMs,
          target: FANOUT_TARGET_RATIO,
        });
      }
    }
    if (actionUnits > 0) {
      const concurrency = 4;
      process.stderr.write(`actions: ${actionUnits} plan submissions, ${concurrency} at a time\n`);
      const raw = await rawActionLatency(client, native, actionUnits, concurrency, progress);
      progress(`raw executeUpdate: p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms, errors ${raw.errors}`);
      const project = await projectActionLatency(actionUnits, concurrency, progress);
      progress(`POST → Update: p50 ${project.p50.toFixed(1)} ms, p99 ${project.p99.toFixed(1)} ms, errors ${project.errors}`);
      if (raw.errors || project.errors) throw new Error(`action errors: raw ${raw.errors}, project ${project.errors}`);
      for (const p of ['p50', 'p99'] as const) {
        rows.push({
          measure: `action ${p}: HTTP POST of the emailed link → Update completed (${actionUnits} units) vs raw executeUpdate`,
          server: 'dev server 1.5.1 (in memory)',
          raw: raw[p], project: project[p], unit: `ms ${p}`, ratio: project[p] / raw[p], target: ACTION_TARGET_RATIO[p],
        });
      }
    }
  } finally {
    await native.close();
    await connection.close();
    await server.stop();
  }
  return rows;
}

/** @returns the rows as a Markdown table */
export function markdownTable(rows: CompareRow[]): string {
  const head = '| measure | server | raw Temporal | this project | ratio | target | met |\n| --- | --- | --- | --- | --- | --- | --- |';
  const fmt = (r: CompareRow, v: number) => (r.unit === 'ms' ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)} ms`);
  const body = rows.map((r) =>
    `| ${r.measure} | ${r.server} | ${fmt(r, r.raw)} | ${fmt(r, r.project)} | ${r.ratio.toFixed(2)}× | ≤ ${r.target}× | ${r.ratio <= r.target ? 'yes' : 'no'} |`);
  return [head, ...body].join('\n');
}

/** Writes the comparison report next to this file. */
export function writeReport(rows: CompareRow[], when = new Date()): string {
  const dir = path.join(__dirname, 'reports');
  mkdirSync(dir, { recursive: true });
  const machine = describeMachine();
  writeFileSync(path.join(dir, 'compare.json'), `${JSON.stringify({ when: when.toISOString(), machine, rows }, null, 2)}\n`);
  const md = [
    `# directive-cascade vs raw Temporal (${when.toISOString().slice(0, 10)})`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average at the end ${machine.loadAverage1m}.`,
    '',
    markdownTable(rows),
    '',
  ].join('\n');
  const file = path.join(dir, 'compare.md');
  writeFileSync(file, md);
  return file;
}

async function main(): Promise<void> {
  // A loaded machine makes the SDK warn about every slow workflow task: the figures say it once.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const sizes = (process.env.COMPARE_UNITS ?? '1000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('COMPARE_UNITS: whole numbers ≥ 10, comma separated (e.g. 1000,10000)');
  const kinds = (process.env.COMPARE_SHAPES ?? 'deep,flat').split(',').map((s) => s.trim());
  kinds.forEach((k) => shapeOf(k, 10));
  const actionUnits = Number(process.env.COMPARE_ACTION_UNITS ?? 1000);
  if (!Number.isInteger(actionUnits) || actionUnits < 0) throw new Error('COMPARE_ACTION_UNITS: a whole number (0 skips the action bench)');
  const rows = await compareAll(sizes, kinds, actionUnits);
  process.stdout.write(`${markdownTable(rows)}\n`);
  process.stderr.write(`report: ${writeReport(rows)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`compare failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
