/**
 * Foundation: a workflow with an activity runs on the real Temporal dev server
 * (built from the Go module proxy), and the project's search attributes are
 * registered at start.
 */
import { Worker, NativeConnection } from '@temporalio/worker';
import { healthCheckWorkflow } from '../../workflows';
import { createHealthActivities } from '../../activities/health';
import { ALL_SEARCH_ATTRIBUTE_KEYS } from '../../domain/search-attributes';
import { devServerAddress, devServerClient, uniqueTaskQueue, workflowBundle, productDataConverter } from '../support/temporal';

describe('real dev server', () => {
  it('runs a workflow whose activity executes on a worker', async () => {
    const { client, close } = await devServerClient();
    const connection = await NativeConnection.connect({ address: devServerAddress() });
    const taskQueue = uniqueTaskQueue('foundation');
    try {
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: createHealthActivities({ workerName: 'jest-worker' }),
        dataConverter: productDataConverter(),
      });
      const result = await worker.runUntil(
        client.workflow.execute(healthCheckWorkflow, {
          taskQueue,
          workflowId: `health/${taskQueue}`,
          args: [{ label: 'foundation' }],
        }),
      );
      expect(result.label).toBe('foundation');
      expect(result.worker).toEqual({ hostname: expect.any(String), pid: process.pid, workerName: 'jest-worker' });
    } finally {
      await connection.close();
      await close();
    }
  });

  it('has every custom search attribute registered', async () => {
    const { connection, close } = await devServerClient();
    try {
      const response = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      const registered = Object.keys(response.customAttributes ?? {});
      expect(registered).toEqual(expect.arrayContaining(ALL_SEARCH_ATTRIBUTE_KEYS.map((k) => k.name)));
    } finally {
      await close();
    }
  });
});
