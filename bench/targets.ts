/**
 * The table of issue #10's targets at the end of bench/reports/bench-run.md:
 * every target with its measured value, its ratio to raw Temporal where there
 * is one, the load average of the run it comes from, and where it comes from
 * (this run, or the last committed run of a bench too long for `npm run bench`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompareReport, CompareRow } from './compare';

/** A bench row of the current run, as run.ts measured it. */
export interface RunRow {
  file: string;
  name: string;
  median: number;
  target?: number;
  loadAverage: number[];
}

const REPORTS = path.join(__dirname, 'reports');

function readReport(name: string): CompareReport | undefined {
  const file = path.join(REPORTS, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CompareReport) : undefined;
}

function value(r: CompareRow, v: number | undefined): string {
  if (v === undefined) return '-';
  if (r.unit === 'ms') return `${(v / 1000).toFixed(1)} s`;
  if (r.unit === 'ms p50' || r.unit === 'ms p99') return `${v.toFixed(1)} ms`;
  if (r.unit === 'MiB per workflow') return `${v.toFixed(3)} MiB`;
  if (r.unit === 'KiB') return `${v.toFixed(1)} KiB`;
  return `${Math.round(v)} events`;
}

function source(report: CompareReport, name: string, run: { startedAt: string; finishedAt: string }): string {
  const load = `load ${report.machine.loadAverageStart.join('/')} → ${report.machine.loadAverageEnd.join('/')}`;
  const inRun = report.startedAt >= run.startedAt && report.startedAt <= run.finishedAt;
  const when = inRun ? 'this run' : `bench/reports/${name}.md, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  return `${when}${report.complete ? '' : ' (incomplete)'}; ${load}`;
}

/**
 * @param run when the `npm run bench` the table belongs to started and finished (ISO): reports started in between are "this run"
 * @param rows that run's bench rows
 * @returns the Markdown lines of the table of targets
 */
export function targetLines(run: { startedAt: string; finishedAt: string }, rows: RunRow[]): string[] {
  const lines = [
    `## Issue #10: every target (ratios to raw Temporal measured in the same run, minutes apart)`,
    '',
    '| target | raw Temporal | this project | ratio | bound | met | from |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const sources: [string, string][] = [
    ['compare-history', 'history per unit-year of the newest recorded year (COMPARE_UNITS= COMPARE_ACTION_UNITS=0 COMPARE_RSS_UNITS=0 COMPARE_REPORT=compare-history npm run bench:compare)'],
    ['compare', 'dev server: fan-out at 1,000, actions, worker RSS, history per unit-year'],
    ['rss-after-lazy-schemas', 'dev server: worker RSS per cached unit since the schemas are built on demand (COMPARE_UNITS= COMPARE_ACTION_UNITS=0 COMPARE_REPORT=rss-after-lazy-schemas npm run bench:compare)'],
    ['compare-10k', 'dev server: fan-out at 10,000'],
    ['compare-twin', 'production twin: fan-out at 1,000, actions (COMPARE_SERVER=twin COMPARE_REPORT=compare-twin npm run bench:compare)'],
    ['compare-10k-twin', 'production twin: fan-out at 10,000 (COMPARE_SERVER=twin BENCH_ONLY=fanout-10k npm run bench)'],
  ];
  // A figure several reports carry alike (the history of the recorded year does not depend on the server) is shown once.
  const shown = new Set<string>();
  // The recorded year's history is read from one report: the history-only run when there is one (it reads the newest recording).
  const historyFrom = readReport('compare-history') ? 'compare-history' : 'compare';
  const isHistoryRow = (measure: string): boolean => measure.startsWith('history ') || measure.startsWith('largest history of the recorded year');
  for (const [name, what] of sources) {
    const report = readReport(name);
    if (!report) {
      lines.push(`| ${what} | - | - | - | - | not measured | no bench/reports/${name}.json yet |`);
      continue;
    }
    for (const r of report.rows) {
      if (name === 'compare' && r.measure.startsWith('fan-out, 10000')) continue;
      if (isHistoryRow(r.measure) && name !== historyFrom) continue;
      const figure = JSON.stringify([r.measure, r.raw ?? null, r.project]);
      if (shown.has(figure)) continue;
      shown.add(figure);
      const bound = r.target.kind === 'ratio' ? `≤ ${r.target.value}× raw` : `≤ ${value(r, r.target.value)}`;
      const where = name.endsWith('twin') ? ' (production twin)' : '';
      lines.push(`| ${r.measure}${where} | ${value(r, r.raw)} | ${value(r, r.project)} | ${r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}×`} | ${bound} | ${r.met ? 'met' : 'not met'} | ${source(report, name, run)} |`);
    }
  }
  const status = rows.find((r) => r.file === 'status.bench.ts' && r.name.startsWith('bin/cascade cycle status'));
  lines.push(
    status
      ? `| ${status.name} | - | ${(status.median / 1000).toFixed(2)} s | - | ≤ 3 s | ${status.median <= 3000 ? 'met' : 'not met'} | this run; load ${status.loadAverage.join('/')} |`
      : '| `cascade cycle status` of a 50,000-unit cycle | - | - | - | ≤ 3 s | not run here | its cycle takes 20–30 min to prepare the first time (BENCH_ONLY=status); last figures in bench/reports/status.md |',
    '',
  );
  return lines;
}
