/**
 * Foundation: the time-skipping test server (from Maven Central) runs a workflow
 * that sleeps 60 days in a few seconds of wall time.
 */
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../support/temporal';

const fixtures = path.resolve(__dirname, '../workflows-fixtures/long-sleep.ts');

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  // How fast this runs is measured by `npm run bench`, never asserted here (shared CI cores).
  it('sleeps 60 days of workflow time, skipped by the server', async () => {
    const taskQueue = uniqueTaskQueue('sleep');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(fixtures),
    });
    const wallStart = Date.now();
    const workflowStart = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute('longSleepWorkflow', { taskQueue, workflowId: `sleep/${taskQueue}`, args: [{ days: 60 }] }),
    );
    const wallMs = Date.now() - wallStart;
    const skippedDays = (Number(await env.currentTimeMs()) - Number(workflowStart)) / 86_400_000;
    expect(result).toBe('slept 60 days');
    expect(skippedDays).toBeGreaterThanOrEqual(60);
    console.log(`60-day sleep: ${wallMs} ms wall, ${skippedDays.toFixed(2)} days skipped`);
  });
});
