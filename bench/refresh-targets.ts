/**
 * Rewrites bench/reports/bench-run.md from bench-run.json, so its table of issue
 * #10's targets shows the latest report of each long bench (the twin, 10,000
 * units, the RSS after a change) without running the whole bench again. The
 * bench rows stay those of the last whole run, with its date; each target row
 * says which report and which run it comes from.
 *
 *   npx tsx bench/refresh-targets.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeRunReport, type BenchRun } from './run';

const file = path.join(__dirname, 'reports', 'bench-run.json');
const run = JSON.parse(readFileSync(file, 'utf8')) as BenchRun;
writeRunReport(run);
process.stdout.write(`rewrote ${path.relative(process.cwd(), file).replace(/\.json$/, '.md')} (bench rows of ${run.startedAt}; targets from the latest reports)\n`);
