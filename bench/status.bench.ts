/**
 * `cascade cycle status` at 50,000 units (issue #13: ≤ 3 s). The human status
 * asks visibility for counts (per stage, overdue, total) and lists only the
 * first --limit rows (100), so what is timed is exactly that plus the printed
 * lines, over 50,000 unit workflows carrying the attributes a real unit upserts.
 *
 * The units are started without a worker (they never run): a real 50,000-unit
 * cycle would take hours to start on this machine, and the list query does not
 * care whether a workflow has run. Its own in-memory dev server; `STATUS_UNITS`
 * changes the size.
 */
import { Client, Connection } from '@temporalio/client';
import { countUnits, listUnits } from '../client/shared/unit-listing';
import { renderHuman } from '../client/cli/commands/cycle-status';
import { unitWorkflowId } from '../domain/ids';
import { CYCLE_KEY, DUE_AT_KEY, LEVEL_KEY, OVERDUE_KEY, PARENT_ID_KEY, STAGE_KEY, UNIT_ID_KEY, WAITING_ON_KEY } from '../domain/search-attributes';
import { STAGES } from '../domain/stages';
import { mapLimit } from '../runtime/map-limit';
import { freePort, startDevServer, type DevServer } from '../runtime/temporal-dev-server';
import { resolveTemporalCli } from '../runtime/temporal-tools';
import type { Bench } from './run';

const UNITS = Number(process.env.STATUS_UNITS ?? 50_000);
const CASCADE = 'bench-status';
const YEAR = 2027;

interface Ctx {
  ready: Promise<{ server: DevServer; client: Client; connection: Connection }>;
}

async function prepare(): Promise<{ server: DevServer; client: Client; connection: Connection }> {
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source})`);
  const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logFile: 'test-results/bench-status-dev-server.log' });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const t0 = performance.now();
  const ids = Array.from({ length: UNITS }, (_, i) => i);
  await mapLimit(ids, 32, async (i) => {
    const parent = i < 50 ? 'goc' : `u${Math.floor(i / 50) - 1}`;
    const stage = STAGES[i % 6]!;
    await client.workflow.start('unitPlanWorkflow', {
      taskQueue: 'bench-status-nobody-polls',
      workflowId: unitWorkflowId(CASCADE, YEAR, `u${i}`),
      typedSearchAttributes: [
        { key: CYCLE_KEY, value: `${CASCADE}/${YEAR}` },
        { key: UNIT_ID_KEY, value: `u${i}` },
        { key: PARENT_ID_KEY, value: parent },
        { key: LEVEL_KEY, value: i < 50 ? 'Trung tâm Y tế' : 'Trạm Y tế xã' },
        { key: STAGE_KEY, value: stage },
        { key: DUE_AT_KEY, value: new Date(Date.UTC(YEAR, 1, 1 + (i % 28), 16, 59, 59, 999)) },
        { key: OVERDUE_KEY, value: i % 10 === 0 },
        { key: WAITING_ON_KEY, value: 'unit-head' },
      ],
    });
  });
  process.stderr.write(`   started ${UNITS} unit workflows in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  // Visibility is eventually consistent: wait until every unit is listed before timing.
  for (;;) {
    const n = (await client.workflow.count(`CascadeCycle = "${CASCADE}/${YEAR}"`)).count;
    if (n >= UNITS) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { server, client, connection };
}

const benches: Bench[] = [
  {
    name: `cycle status (human) of ${UNITS.toLocaleString('en')} units: counts + first 100 rows`,
    iterations: 3,
    targetMs: 3000,
    setup: (): Ctx => ({ ready: prepare() }),
    fn: async (c) => {
      const { client } = await (c as Ctx).ready;
      const [summary, rows] = await Promise.all([countUnits(client, `${CASCADE}/${YEAR}`), listUnits(client, CASCADE, YEAR, {}, undefined, 100)]);
      if (summary.total !== UNITS) throw new Error(`counted ${summary.total} of ${UNITS}`);
      renderHuman(`${CASCADE}/${YEAR}`, 'running', rows, summary, 100);
    },
    teardown: (c) => {
      void (c as Ctx).ready.then(async ({ server, connection }) => {
        await connection.close();
        await server.stop();
      });
    },
  },
];

export default benches;
