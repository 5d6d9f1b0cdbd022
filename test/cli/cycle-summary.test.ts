/**
 * The cycle's summary for the human status (`readCycleSummary`): the light
 * `cycleSummary` Query where the cycle answers it, and the full `cycleStatus`
 * for cycles on workers built before it. Both on the suite's dev server.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import path from 'node:path';
import { readCycleSummary } from '../../client/cli/commands/cycle-status';
import { cycleWorkflowId } from '../../domain/ids';
import { cycleStatusQuery, cycleSummaryQuery, summaryOfStatus } from '../../workflows/cycle-messages';
import type { StandInCycleInput } from '../../bench/stand-in/cycle';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue, workflowBundle } from '../support/temporal';

describe('readCycleSummary', () => {
  const taskQueue = uniqueTaskQueue('cycle-summary');
  const newer = `summary-new-${process.pid}`;
  const older = `summary-old-${process.pid}`;
  let client: Client;
  let close: () => Promise<void>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    ({ client, close } = await devServerClient());
    connection = await NativeConnection.connect({ address: devServerAddress() });
    const workflowsPath = path.resolve(__dirname, '../fixtures/workflows/cycle-answers.ts');
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(workflowsPath), dataConverter: productDataConverter() });
    running = worker.run();
    const input: StandInCycleInput = { cascadeId: newer, year: 2027, units: 120, fanout: 5 };
    await client.workflow.start('cascadeCycleWorkflow', { taskQueue, workflowId: cycleWorkflowId(newer, 2027), args: [input] });
    await client.workflow.start('olderCycleWorkflow', { taskQueue, workflowId: cycleWorkflowId(older, 2027), args: [older, 2027] });
  }, 180_000);
  afterAll(async () => {
    for (const id of [newer, older]) await client.workflow.getHandle(cycleWorkflowId(id, 2027)).terminate('end of test').catch(() => undefined);
    worker.shutdown();
    await running;
    await connection.close();
    await close();
  });

  it('asks the cycle for its summary: the full status counted, in a few bytes', async () => {
    const handle = client.workflow.getHandle(cycleWorkflowId(newer, 2027));
    const [summary, status] = await Promise.all([handle.query(cycleSummaryQuery), handle.query(cycleStatusQuery)]);
    expect(summary).toEqual({ cascadeId: newer, year: 2027, outcome: 'running', unitCount: 120, removedCount: 0 });
    expect(summary).toEqual(summaryOfStatus(status));
    expect(status.parentIds.u119).toBe('u23');
    expect(await readCycleSummary(client, newer, 2027)).toEqual(summary);
  });

  it('falls back to the full status for a cycle whose worker has no summary Query (removed units not counted)', async () => {
    const handle = client.workflow.getHandle(cycleWorkflowId(older, 2027));
    await expect(handle.query(cycleSummaryQuery)).rejects.toThrow(/cycleSummary/);
    expect(await readCycleSummary(client, older, 2027)).toEqual({ cascadeId: older, year: 2027, outcome: 'running', unitCount: 6, removedCount: 1 });
  });
});
