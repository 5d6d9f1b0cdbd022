/**
 * Issue #10 at 10,000 units: the fan-out comparison (deep and flat) against raw
 * Temporal in one run, nothing else. Far longer than `npm run bench` may take
 * (a 1,000-unit pass is minutes; this is ten times the units), so it runs only
 * when named: `BENCH_ONLY=fanout-10k npm run bench`. Writes
 * bench/reports/compare-10k.{json,md}; the summary of every target
 * (bench/reports/bench-run.md) reads its rows from there, with their date.
 * `COMPARE_SHAPES=deep` runs one shape; `COMPARE_SERVER=twin` runs it on the
 * production twin (Temporal 1.29.1 on PostgreSQL 15) and writes
 * bench/reports/compare-10k-twin.{json,md}.
 */
import type { Bench } from './run';
import { compareOptionsFromEnv, quietSdkLogs, runCompare } from './compare';

/** Base name of this bench's report under bench/reports (`-twin` appended on the twin). */
export const FANOUT_10K_REPORT = 'compare-10k';

const benches: Bench[] = [
  {
    name: 'fan-out at 10,000 units, raw Temporal vs this project (report: bench/reports/compare-10k.md)',
    iterations: 1,
    warmUp: false,
    fn: async () => {
      await quietSdkLogs();
      const { kinds, server } = compareOptionsFromEnv();
      const report = server === 'twin' ? `${FANOUT_10K_REPORT}-twin` : FANOUT_10K_REPORT;
      await runCompare({ sizes: [10_000], kinds, actionUnits: 0, rssUnits: 0, report, server });
    },
  },
];

export default benches;
