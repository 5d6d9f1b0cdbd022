/**
 * Runs the bench/*.bench.ts files in sequence and prints one table. A bench file
 * default-exports an array of {@link Bench}. Speed targets live here, not in
 * jest: a timed unit test is flaky on a busy 2-core machine, a benchmark
 * reports the figure and whether it met its target.
 *
 * With no filter (`npm run bench`) it runs what fits in 30 minutes on the
 * 2-core machine: the files of {@link ONLY_WHEN_NAMED} are left out, and a file
 * may leave itself out by exporting `runsByDefault()` (the status bench does
 * while its 50,000 units are not prepared). `BENCH_ONLY=<part of a file name>`
 * runs only the matching files, long ones included. Every run writes
 * bench/reports/bench-run.{json,md}: this table, the machine's load average
 * beside each bench, and what was left out.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { targetLines } from './targets';

/** One measured operation. */
export interface Bench {
  name: string;
  /** Runs once before timing; its result is passed to `fn`. */
  setup?: () => unknown;
  fn: (context: unknown) => unknown;
  /** Timed runs after one warm-up run; default 5. */
  iterations?: number;
  /** Run `fn` once untimed first; default true (false for a long run that warms itself up). */
  warmUp?: boolean;
  /** The target for the median, in milliseconds. */
  targetMs?: number;
  /** Runs once after timing. */
  teardown?: (context: unknown) => void;
}

/**
 * Files `npm run bench` runs only when BENCH_ONLY names them, with why: they
 * alone take longer than the 30 minutes the whole run may take.
 */
export const ONLY_WHEN_NAMED: Readonly<Record<string, string>> = {
  'scale.bench.ts': 'cycles of 5,000 units and more (an hour or more on 2 cores): BENCH_ONLY=scale',
  'fanout-10k.bench.ts': 'the fan-out comparison at 10,000 units (about an hour on 2 cores): BENCH_ONLY=fanout-10k; its last figures are in the table of targets below',
};

/** What a bench file may export besides its benches. */
interface BenchModule {
  default: Bench[] | { default: Bench[] };
  /** @returns true to run in `npm run bench` with no filter, or why it is left out */
  runsByDefault?: () => true | string;
}

interface Row { file: string; name: string; runs: number; median: number; min: number; max: number; target?: number; loadAverage: number[] }

async function measure(file: string, b: Bench): Promise<Row> {
  const context = b.setup?.();
  try {
    if (b.warmUp !== false) await b.fn(context);
    const times: number[] = [];
    for (let i = 0; i < (b.iterations ?? 5); i++) {
      const t0 = performance.now();
      await b.fn(context);
      times.push(performance.now() - t0);
    }
    times.sort((a, c) => a - c);
    return {
      file, name: b.name, runs: times.length, median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)!,
      ...(b.targetMs ? { target: b.targetMs } : {}), loadAverage: loadAverage(),
    };
  } finally {
    b.teardown?.(context);
  }
}

const loadAverage = (): number[] => os.loadavg().map((n) => Number(n.toFixed(2)));

function cells(rows: Row[]): { head: string[]; body: string[][] } {
  const head = ['bench', 'runs', 'median ms', 'min ms', 'max ms', 'target ms', 'ok', 'load 1/5/15 min after'];
  const body = rows.map((r) => [
    `${r.file}: ${r.name}`, String(r.runs), r.median.toFixed(1), r.min.toFixed(1), r.max.toFixed(1),
    r.target === undefined ? '-' : String(r.target), r.target === undefined ? '-' : r.median <= r.target ? 'yes' : 'NO', r.loadAverage.join(' / '),
  ]);
  return { head, body };
}

function table(rows: Row[]): string {
  const { head, body } = cells(rows);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** What one `npm run bench` measured, as bench/reports/bench-run.json keeps it. */
export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  filter: string | null;
  loadAverageStart: number[];
  rows: Row[];
  /** Files not run, with why. */
  skipped: { file: string; why: string }[];
}

/**
 * Base name of a run's report: `bench-run` for the whole bench, `bench-run-<filter>`
 * for a run named by BENCH_ONLY, so a long bench run alone never replaces the
 * report of the last whole run.
 */
export function runReportName(filter: string | null): string {
  return filter ? `bench-run-${filter.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : 'bench-run';
}

/**
 * Writes bench/reports/<name>.{json,md} of a run (name from {@link runReportName}),
 * the table of issue #10's targets read afresh from the reports it cites.
 * @param run what the run measured
 */
export function writeRunReport(run: BenchRun): void {
  const dir = join(__dirname, 'reports');
  mkdirSync(dir, { recursive: true });
  const name = runReportName(run.filter);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(run, null, 2)}\n`);
  const { head, body } = cells(run.rows);
  const md = [
    `# npm run bench${run.filter ? ` (BENCH_ONLY=${run.filter})` : ''}, ${run.startedAt.slice(0, 10)}`,
    '',
    `Run ${run.startedAt} → ${run.finishedAt} (${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 60_000).toFixed(1)} min) on ${os.cpus().length} cores, load average at the start ${run.loadAverageStart.join(' / ')}. Issue #10's targets, each with its ratio to raw Temporal: bench/reports/compare.md.`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(run.skipped.length ? ['Not run here:', '', ...run.skipped.map((s) => `- ${s.file}: ${s.why}`), ''] : []),
    ...targetLines(run, run.rows),
  ].join('\n');
  writeFileSync(join(dir, `${name}.md`), md);
}

async function main(): Promise<void> {
  // BENCH_ONLY=status (or BENCH=scale) runs only the files whose name contains it.
  const only = process.env.BENCH_ONLY ?? process.env.BENCH;
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadAverage();
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort();
  const rows: Row[] = [];
  const skipped: BenchRun['skipped'] = [];
  for (const file of files) {
    // A long file named only when asked for is not even loaded (its module may prepare things).
    if (!only && ONLY_WHEN_NAMED[file]) {
      skipped.push({ file, why: ONLY_WHEN_NAMED[file] });
      continue;
    }
    if (only && !file.includes(only)) continue;
    const mod = (await import(join(__dirname, file))) as BenchModule;
    // Named by BENCH_ONLY: run whatever it costs; else the file may leave itself out.
    const pick = only ? true : (mod.runsByDefault?.() ?? true);
    if (pick !== true) {
      skipped.push({ file, why: pick });
      process.stderr.write(`- ${file}: not run (${pick})\n`);
      continue;
    }
    const benches = Array.isArray(mod.default) ? mod.default : mod.default.default;
    for (const b of benches) {
      process.stderr.write(`… ${file}: ${b.name} (load ${loadAverage().join(' / ')})\n`);
      rows.push(await measure(file, b));
    }
  }
  process.stdout.write(`${table(rows)}\n`);
  if (skipped.length) process.stdout.write(`not run: ${skipped.map((s) => `${s.file} (${s.why})`).join('; ')}\n`);
  writeRunReport({ startedAt, finishedAt: new Date().toISOString(), filter: only ?? null, loadAverageStart, rows, skipped });
  if (rows.some((r) => r.target !== undefined && r.median > r.target)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
