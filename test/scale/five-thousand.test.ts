/**
 * Issue #4 on the suite's real dev server, at a size jest can afford on 2 cores:
 * a flat 450-unit cycle (one parent of 450: three batches of CHILD_BATCH,
 * so the root continues-as-new twice) and a small deep one. The 5,000-unit
 * figures come from `npm run bench` (bench/scale.bench.ts), same harness.
 */
import { NativeConnection } from '@temporalio/worker';
import { CHILD_BATCH } from '../../workflows/unit-plan';
import { devServerAddress, devServerClient } from '../support/temporal';
import { formatScaleReport, HISTORY_EVENT_WARN_LIMIT, PENDING_CHILDREN_ADVISED_LIMIT, runScaleCycle, type ScaleShape } from './scale-cycle';

const SHAPES: { label: string; shape: ScaleShape; rootRuns: number }[] = [
  { label: 'flat', shape: { units: 450, depth: 1, fanout: 450 }, rootRuns: Math.ceil(450 / CHILD_BATCH) },
  { label: 'deep', shape: { units: 300, depth: 3, fanout: 7 }, rootRuns: 1 },
];

describe('a large synthetic cycle starts within the server limits', () => {
  it.each(SHAPES)('$label: $shape.units units start; histories and pending children stay bounded', async ({ label, shape, rootRuns }) => {
    const { client, close } = await devServerClient();
    const connection = await NativeConnection.connect({ address: devServerAddress() });
    try {
      const report = await runScaleCycle({
        client,
        connection,
        shape,
        cascadeId: `jest-scale-${label}-${process.pid}-${Date.now().toString(36)}`,
        year: 2027,
        startTimeoutMs: 540_000,
      });
      console.log(formatScaleReport(report));
      expect(report.unitsRunning).toBe(shape.units + 1);
      // Every unit run plus the cycle, plus one closed run per continue-as-new of the root.
      expect(report.runs).toBe(shape.units + 1 + 1 + (report.rootRuns - 1));
      expect(report.rootRuns).toBe(rootRuns);
      expect(report.maxChildrenStartedPerRun).toBeLessThanOrEqual(CHILD_BATCH);
      expect(report.maxPendingChildren).toBeLessThanOrEqual(PENDING_CHILDREN_ADVISED_LIMIT);
      expect(report.largestHistory.events).toBeLessThan(HISTORY_EVENT_WARN_LIMIT);
    } finally {
      await connection.close();
      await close();
    }
  }, 600_000);
});
