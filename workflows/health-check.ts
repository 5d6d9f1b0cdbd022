/**
 * Proves that a worker polls the task queue and can run activities: it runs one
 * activity and returns which worker process took it.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { HealthActivities, WorkerIdentity } from '../activities/health';

const { describeWorker } = proxyActivities<HealthActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** @returns the workflow's own label and the worker that ran its activity */
export async function healthCheckWorkflow(input: { label: string }): Promise<{ label: string; worker: WorkerIdentity }> {
  return { label: input.label, worker: await describeWorker() };
}
