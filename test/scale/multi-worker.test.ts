/**
 * Several worker processes on one server (the production shape), small: two
 * `worker/main.ts` processes on the suite's dev server; one is killed with
 * SIGKILL half-way and the other finishes everything.
 */
import { devServerAddress, devServerClient, uniqueTaskQueue } from '../support/temporal';
import { runMultiWorkerScenario } from './multi-worker-scenario';

describe('multiple worker processes share one server', () => {
  it('both processes take work, and after one crashes the other finishes everything', async () => {
    const { client, close } = await devServerClient();
    try {
      const r = await runMultiWorkerScenario({
        client,
        address: devServerAddress(),
        taskQueue: uniqueTaskQueue('multi-worker'),
        workers: 2,
        healthChecks: 20,
        shape: { units: 6, depth: 2, fanout: 2 },
        cascadeId: `jest-multi-worker-${process.pid}-${Date.now().toString(36)}`,
        year: 2027,
      });
      console.log(JSON.stringify(r, null, 1));
      // Both took work before the crash (waves of 20 concurrent health checks until each had one).
      expect(Object.keys(r.healthBefore).sort()).toEqual(['worker-1', 'worker-2']);
      const allTasks = { ...r.cycleWorkflowTasks };
      expect(r.workers.every((w) => (r.healthBefore[w] ?? 0) + (allTasks[w] ?? 0) > 0)).toBe(true);
      // Nothing lost: every workflow completed or reached its stage, every mail sent.
      expect(r.healthCompleted).toBe(r.healthExpected);
      expect(r.stages).toEqual(r.expectedStages);
      expect(r.mailsReceived).toBe(r.mailsExpected);
      expect(r.tasksByKilledAfterKill).toBe(0);
    } finally {
      await close();
    }
  }, 300_000);
});
