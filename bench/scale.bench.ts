/**
 * Issues #4 and #9 at full size: a large synthetic cycle starts without hitting
 * the pending-children limit, every history stays under 10,240 events and, with
 * inputs by reference, no payload grows with the organisation. Two shapes: flat
 * (one parent of 50,000: batches + continue-as-new) and deep (20,000 units,
 * fan-out 30, depth 3). Each bench starts its own in-memory dev server.
 *
 * The warm-up run is a small cycle (bundle, worker and server warm); the timed
 * run is the large one. The figures go to stderr; a broken limit fails the bench.
 * `SCALE_UNITS=10000 SCALE_SHAPES=flat npm run bench` tries another size;
 * `SCALE_INPUT=value` starts by value (as before inputs by reference).
 */
import { Client, Connection } from '@temporalio/client';
import { productDataConverter } from '../test/support/temporal';
import { NativeConnection } from '@temporalio/worker';
import { resolveTemporalCli } from '../runtime/temporal-tools';
import { freePort, startDevServer, type DevServer } from '../runtime/temporal-dev-server';
import {
  formatScaleReport,
  HISTORY_EVENT_WARN_LIMIT,
  PENDING_CHILDREN_ADVISED_LIMIT,
  runScaleCycle,
  type ScaleReport,
  type ScaleShape,
} from '../test/scale/scale-cycle';
import type { Bench } from './run';

// Units below the root: 49,999 + the root = 50,000, the most a cascade file may hold.
const FLAT_UNITS = Number(process.env.SCALE_UNITS ?? 49_999);
const DEEP_UNITS = Number(process.env.SCALE_UNITS ?? 20_000);
const BY_REFERENCE = (process.env.SCALE_INPUT ?? 'reference') !== 'value';
/** `SCALE_START=client` starts with the Temporal client instead of `cascade cycle start`. */
const VIA_CLI = (process.env.SCALE_START ?? 'cli') === 'cli';
/** Above this a start payload is refused (the server's default blob size limit). */
const PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;
/** Issue #9: the largest payload of a run. */
const PAYLOAD_ADVISED_BYTES = 256 * 1024;

interface Ctx {
  ready: Promise<{ server: DevServer; client: Client; connection: Connection; native: NativeConnection }>;
  calls: number;
}

function setup(): Ctx {
  const ready = (async () => {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source}); run scripts/ensure-temporal-cli.sh`);
    const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logFile: 'test-results/bench-dev-server.log' });
    // Whole histories of a parent's runs are fetched to count events: allow large messages.
    const connection = await Connection.connect({ address: server.address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
    const native = await NativeConnection.connect({ address: server.address });
    // The product's data converter (payload encryption), as the worker in runScaleCycle uses.
    return { server, connection, native, client: new Client({ connection, dataConverter: productDataConverter() }) };
  })();
  ready.catch(() => undefined); // surfaced by fn
  return { ready, calls: 0 };
}

function teardown(ctx: unknown): void {
  // run.ts does not await teardown: close in the background, the process waits for the children.
  void (ctx as Ctx).ready.then(async ({ server, connection, native }) => {
    await native.close();
    await connection.close();
    await server.stop();
  }).catch(() => undefined);
}

function scaleBench(label: string, shape: ScaleShape, warmUp: ScaleShape): Bench {
  return {
    name: `${shape.units}-unit cycle, ${label}: start all units, measure every run, terminate`,
    iterations: 1,
    setup,
    teardown,
    fn: async (raw) => {
      const ctx = raw as Ctx;
      const { client, native, server } = await ctx.ready;
      const call = ctx.calls++;
      const run = call === 0 ? warmUp : shape;
      const report: ScaleReport = await runScaleCycle({
        client,
        connection: native,
        shape: run,
        cascadeId: `bench-scale-${label}-${run.units}-${call}-${process.pid}`,
        year: 2027,
        // 5,000 units took > 15 min on the shared, overloaded 2-core box, and a flat 50,000 was stopped by a
        // flat 2-hour limit at 44,256 units (28/11, load 4-8): at least 2 h, and half a second per unit.
        startTimeoutMs: Number(process.env.SCALE_START_TIMEOUT_MS ?? Math.max(7_200_000, run.units * 500)),
        log: (l) => process.stderr.write(`  ${l}\n`),
        byReference: BY_REFERENCE,
        // As an admin starts a cycle (issue 9): the CLI decides by value or by reference.
        ...(VIA_CLI ? { startWithCli: { address: server.address } } : {}),
      });
      process.stderr.write(`${call === 0 ? '(warm-up) ' : ''}${formatScaleReport(report)}\n`);
      if (report.largestHistory.events >= HISTORY_EVENT_WARN_LIMIT) throw new Error(`history of ${report.largestHistory.workflowId} has ${report.largestHistory.events} events`);
      if (report.maxPendingChildren > PENDING_CHILDREN_ADVISED_LIMIT) throw new Error(`${report.maxPendingChildren} pending children in one run`);
      if (report.largestPayloadBytes > PAYLOAD_LIMIT_BYTES) throw new Error(`a payload of ${report.largestPayloadBytes} bytes`);
      if (report.largestPayloadBytes > PAYLOAD_ADVISED_BYTES) process.stderr.write(`  NOTE: largest payload ${report.largestPayloadBytes} bytes is above ${PAYLOAD_ADVISED_BYTES}\n`);
    },
  };
}

const all: Record<string, Bench> = {
  flat: scaleBench('flat', { units: FLAT_UNITS, depth: 1, fanout: FLAT_UNITS }, { units: 200, depth: 1, fanout: 200 }),
  deep: scaleBench('deep', { units: DEEP_UNITS, depth: 3, fanout: 30 }, { units: 200, depth: 2, fanout: 20 }),
};
/** `SCALE_SHAPES=flat npm run bench` runs one shape (each takes many minutes on 2 cores). */
const benches: Bench[] = (process.env.SCALE_SHAPES ?? 'flat,deep').split(',').map((name) => {
  const bench = all[name.trim()];
  if (!bench) throw new Error(`SCALE_SHAPES: unknown shape "${name}" (flat, deep)`);
  return bench;
});

export default benches;
