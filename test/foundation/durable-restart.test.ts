/**
 * The embedded default keeps its state in a SQLite file: a dev server killed
 * hard and started again on the same file still has the workflow started
 * before, and a worker can then finish it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createHealthActivities } from '../../activities/health';
import { freePort, startDevServer, type DevServer } from '../../runtime/temporal-dev-server';
import { resolveTemporalCli } from '../../runtime/temporal-tools';
import { healthCheckWorkflow } from '../../workflows';
import { uniqueTaskQueue, workflowBundle } from '../support/temporal';

describe('dev server on a SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-durable-'));
  const dbFile = path.join(dir, 'temporal.sqlite');
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error('no Temporal CLI');
    return startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, dbFile, logFile: path.join(dir, 'server.log') });
  };

  it('keeps a running workflow across a hard kill and restart', async () => {
    const taskQueue = uniqueTaskQueue('durable');
    const workflowId = `health/${taskQueue}`;
    server = await start();
    let connection = await Connection.connect({ address: server.address });
    const started = await new Client({ connection }).workflow.start(healthCheckWorkflow, { taskQueue, workflowId, args: [{ label: 'before the crash' }] });
    await connection.close();

    process.kill(server.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    server = await start();

    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const described = await client.workflow.getHandle(workflowId).describe();
    expect(described.runId).toBe(started.firstExecutionRunId);
    expect(described.status.name).toBe('RUNNING');

    const native = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await workflowBundle(), activities: createHealthActivities({ workerName: 'after-restart' }) });
    const result = await worker.runUntil(client.workflow.getHandle(workflowId).result());
    expect(result).toMatchObject({ label: 'before the crash', worker: { workerName: 'after-restart' } });
    await native.close();
    await connection.close();
  });
});
