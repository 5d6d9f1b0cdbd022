/**
 * Cancelling a large fan-out: a parent starts its units over several runs (batches
 * of the cycle's `childBatch`: 200 in production, 20 here so 50 units take three
 * runs) and, when the cycle is cancelled, cancels them over several runs too, so no
 * single history carries thousands of cancel events.
 *
 * On the real dev server: the time-skipping test server rejects the
 * continue-as-new of a cancelled run (HTTP/2 header list size error in its gRPC
 * layer), which the real server accepts.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { generateCascade, parseCascade } from '../../domain/cascade';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cancelCycleUpdate } from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { devServerAddress } from '../support/temporal';

const UNITS = 50;
const BATCH = 20;
const { EventType } = temporal.api.enums.v1;

describe('cancelling a large fan-out', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: devServerAddress() });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it(`cancels ${UNITS} units under one parent over several runs`, async () => {
    const parsed = parseCascade(generateCascade({ units: UNITS, depth: 1, fanout: UNITS, seed: 7 }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const cascade = { ...parsed.cascade, id: `large-cancel-${process.pid}` };
    const c = await startCycle(env, cascade, 2027, { childBatch: BATCH });
    const rootId = unitWorkflowId(cascade.id, 2027, cascade.org.id);
    await c.run(async () => {
      const last = c.unitIds.at(-1)!;
      const deadline = Date.now() + 120_000;
      let lastState = await c.state(last).catch(() => undefined);
      while (!lastState && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        lastState = await c.state(last).catch(() => undefined);
      }
      expect(lastState?.stage).toBe('waiting');

      await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).executeUpdate(cancelCycleUpdate, { args: [{ reason: 'Hủy để kiểm thử', actor: 'admin' }] });
      const result = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).result();
      expect(result.outcome).toBe('cancelled');

      const stages = new Set(await Promise.all(c.unitIds.slice(1).map(async (id) => (await c.state(id)).stage)));
      expect(stages).toEqual(new Set(['cancelled']));
      // Count the runs of the parent and the cancel requests each one made.
      const runs: { cancels: number; starts: number; events: number }[] = [];
      let runId: string | undefined = (await env.client.workflow.getHandle(rootId).describe()).runId;
      while (runId) {
        const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(rootId, runId).fetchHistory();
        const events = history.events ?? [];
        const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
        runs.unshift({
          cancels: count(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED),
          starts: count(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED),
          events: events.length,
        });
        const first = events[0]?.workflowExecutionStartedEventAttributes;
        runId = first?.continuedExecutionRunId ?? undefined;
      }
      expect(runs.reduce((s, r) => s + r.starts, 0)).toBe(UNITS);
      expect(runs.reduce((s, r) => s + r.cancels, 0)).toBe(UNITS);
      expect(Math.max(...runs.map((r) => r.starts))).toBeLessThanOrEqual(BATCH);
      expect(Math.max(...runs.map((r) => r.cancels))).toBeLessThanOrEqual(BATCH);
      expect(runs.length).toBeGreaterThanOrEqual(Math.ceil(UNITS / BATCH) * 2 - 1);
    });
  });
});
