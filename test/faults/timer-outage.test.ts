/**
 * Issue 11 item 3: a deadline that falls due while the Temporal server is down
 * fires exactly once after it comes back. The unit workflow is started alone
 * (as the cycle would start a root unit) with its report due a few seconds
 * after the report task opens: an input the cycle never builds (its due instants
 * are end-of-day), so the durable timer is seconds away instead of months. The
 * server (a dev server on a SQLite file, killed with SIGKILL) is down across the
 * due instant; afterwards the history shows one timer fired, after the restart,
 * and the unit is overdue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startFaultCluster, sleep, type FaultCluster } from '../../bench/faults/cluster';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { buildUnitTree, cycleContext } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { syntheticCascade } from '../scale/scale-cycle';
import { unitPlanWorkflow } from '../../workflows/unit-plan';
import { submitPlanUpdate, unitStateQuery, type UnitState } from '../../workflows/unit-messages';
import { waitFor } from '../support/e2e-stack';
import { createRecordingMail } from '../support/recording-mail';
import { productDataConverter, uniqueTaskQueue, workflowBundle } from '../support/temporal';

const YEAR = 2026;

let dir: string;
let cluster: FaultCluster;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'timer-outage-'));
  cluster = await startFaultCluster('dev', dir);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a report deadline due while the server is down fires once, after the server is back', async () => {
  const cascade = syntheticCascade({ units: 1, depth: 1, fanout: 1 }, `timer-outage-${Date.now() % 100_000}`);
  const root = buildUnitTree(cascade, YEAR, SHIPPED_CALENDAR);
  const taskQueue = uniqueTaskQueue('timer-outage');
  const connection = await Connection.connect({ address: cluster.address });
  const client = new Client({ connection, dataConverter: productDataConverter() });
  const native = await NativeConnection.connect({ address: cluster.address });
  const mail = createRecordingMail();
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await workflowBundle(), activities: mail.activities, dataConverter: productDataConverter() });
  const running = worker.run();
  const workflowId = unitWorkflowId(cascade.id, YEAR, root.id);
  const start = (dueAt: string) => {
    const node = { ...root, children: [], reportDueDate: '2026-01-15', reportDueAt: dueAt };
    delete node.childrenDueDate;
    delete node.childrenDueAt;
    return client.workflow.start(unitPlanWorkflow, {
      taskQueue,
      workflowId,
      args: [{ context: cycleContext(cascade, YEAR, SHIPPED_CALENDAR), node, parentId: null, reportToWorkflowId: cycleWorkflowId(cascade.id, YEAR), superiors: [] }],
    });
  };
  try {
    // The report was asked for long ago (its request day is past), so it opens as soon as the plan
    // is in. Its due instant is fixed at the start: when the machine is so slow that less than 5 s
    // are left once the report task is open, the attempt is ended and tried with a larger margin.
    let opened: { handle: Awaited<ReturnType<typeof start>>; dueAt: string } | undefined;
    for (const marginMs of [30_000, 90_000, 180_000]) {
      const dueAt = new Date(Date.now() + marginMs).toISOString();
      const handle = await start(dueAt);
      const s = await waitFor(() => handle.query(unitStateQuery).then((x) => (x.stage === 'drafting' ? x : undefined)), 60_000, 'drafting');
      await handle.executeUpdate(submitPlanUpdate, {
        args: [{ task: 'draft-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, planNumber: '01/KH-ROOT', title: 'Kế hoạch', summary: 'Tóm tắt', activities: Object.fromEntries(s.activityGroups.map((g) => [g.id, ['Hoạt động']])) }],
      });
      const reporting: UnitState = await waitFor(() => handle.query(unitStateQuery).then((x) => (x.stage === 'reporting' ? x : undefined)), 60_000, 'the report task');
      expect(reporting).toMatchObject({ dueAt, overdue: false });
      if (Date.parse(dueAt) - Date.now() > 5_000) {
        opened = { handle, dueAt };
        break;
      }
      await handle.terminate('too late to kill the server before the due instant; trying with a larger margin');
    }
    if (!opened) throw new Error('the report task never opened 5 s before its due instant');
    const { handle, dueAt } = opened;

    // Down from before the due instant until after it.
    const untilDue = Date.parse(dueAt) - Date.now();
    expect(untilDue).toBeGreaterThan(5_000);
    await sleep(untilDue - 5_000);
    await cluster.killServer();
    const killedAt = Date.now();
    await sleep(Date.parse(dueAt) + 5_000 - Date.now());
    // Taken before the start: the server fires overdue timers as soon as its history service
    // runs, which can be before the start call returns (seen: 1.1 s before).
    const restartingAt = Date.now();
    await cluster.startServer();
    expect(killedAt).toBeLessThan(Date.parse(dueAt));
    expect(restartingAt).toBeGreaterThan(Date.parse(dueAt));

    await waitFor(() => handle.query(unitStateQuery).then((x) => x.overdue), 60_000, 'the unit to be overdue');
    // Let anything that would fire twice have the chance to.
    await sleep(3_000);
    const events = (await handle.fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
    const firedAfterDue = events.filter((e) => e.timerFiredEventAttributes && at(e) >= Date.parse(dueAt));
    expect(firedAfterDue).toHaveLength(1);
    // Recorded by the server after it came back (its process started after restartingAt), not before it died.
    expect(at(firedAfterDue[0]!)).toBeGreaterThanOrEqual(restartingAt);
    const state = await handle.query(unitStateQuery);
    expect(state).toMatchObject({ stage: 'reporting', overdue: true, dueAt });
  } finally {
    await client.workflow.getHandle(workflowId).terminate('test finished').catch(() => undefined);
    worker.shutdown();
    await running.catch(() => undefined);
    await native.close();
    await connection.close();
  }
}, 240_000);
