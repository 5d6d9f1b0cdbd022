/**
 * `npm run bench` measures against raw Temporal in the same run (issue #10): one
 * pass of bench/compare.ts, sized by COMPARE_UNITS, COMPARE_SHAPES,
 * COMPARE_ACTION_UNITS and COMPARE_RSS_UNITS. It takes many minutes: run it alone
 * with `BENCH_ONLY=compare npm run bench` or `npm run bench:compare`. Its targets
 * are ratios and bounds, reported met or not in bench/reports/compare.md; the
 * time in run.ts's table is only how long the whole comparison took.
 */
import type { Bench } from './run';
import { compareOptionsFromEnv, quietSdkLogs, runCompare } from './compare';

const benches: Bench[] = [
  {
    name: 'raw Temporal vs this project (report: bench/reports/compare.md)',
    iterations: 1,
    warmUp: false,
    fn: async () => {
      await quietSdkLogs();
      await runCompare(compareOptionsFromEnv());
    },
  },
];

export default benches;
