/**
 * Runs every bench/*.bench.ts in sequence and prints one table. A bench file
 * default-exports an array of {@link Bench}. Speed targets live here, not in
 * jest: a timed unit test is flaky on a busy 2-core machine, a benchmark
 * reports the figure and whether it met its target. `BENCH_ONLY=<part of a
 * file name>` runs only the matching files.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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

interface Row { file: string; name: string; runs: number; median: number; min: number; max: number; target?: number }

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
    return { file, name: b.name, runs: times.length, median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)!, ...(b.targetMs ? { target: b.targetMs } : {}) };
  } finally {
    b.teardown?.(context);
  }
}

function table(rows: Row[]): string {
  const head = ['bench', 'runs', 'median ms', 'min ms', 'max ms', 'target ms', 'ok'];
  const body = rows.map((r) => [
    `${r.file}: ${r.name}`, String(r.runs), r.median.toFixed(1), r.min.toFixed(1), r.max.toFixed(1),
    r.target === undefined ? '-' : String(r.target), r.target === undefined ? '-' : r.median <= r.target ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  // BENCH_ONLY=status (or BENCH=scale) runs only the files whose name contains it (the scale runs alone take many minutes).
  const only = process.env.BENCH_ONLY ?? process.env.BENCH;
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
  const rows: Row[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default: Bench[] | { default: Bench[] } };
    const benches = Array.isArray(mod.default) ? mod.default : mod.default.default;
    for (const b of benches) {
      process.stderr.write(`… ${file}: ${b.name}\n`);
      rows.push(await measure(file, b));
    }
  }
  process.stdout.write(`${table(rows)}\n`);
  if (rows.some((r) => r.target !== undefined && r.median > r.target)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
