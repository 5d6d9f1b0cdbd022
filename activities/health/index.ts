/**
 * An activity that says which worker process ran it. Operators start the
 * health-check workflow to prove that workers poll the task queue; the tests use
 * it to show several worker processes sharing one server.
 */
import os from 'node:os';

/** What a worker reports about itself. */
export interface WorkerIdentity {
  hostname: string;
  pid: number;
  workerName: string;
}

/** @param deps.workerName a label for this worker process (e.g. "worker-2") */
export function createHealthActivities(deps: { workerName: string }) {
  return {
    /** @returns this worker's identity */
    describeWorker(): Promise<WorkerIdentity> {
      return Promise.resolve({ hostname: os.hostname(), pid: process.pid, workerName: deps.workerName });
    },
  };
}

/** Activity interface, for `proxyActivities` in workflows. */
export type HealthActivities = ReturnType<typeof createHealthActivities>;
