/**
 * Inputs by reference (issue 9), at a size `npm test` can afford: the payloads
 * of a 12,000-unit cycle, past the old wall of ~8,000, are computed (not run; the
 * runs are `npm run bench`),
 * and a small cycle is started by reference through `startCycleWorkflow` (what
 * `cascade cycle start` calls) on the suite's dev server.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createAdminActivities } from '../../activities/admin';
import { createSnapshotActivities } from '../../activities/snapshot';
import { cycleStartArgument, startCycleWorkflow } from '../../client/shared/start-cycle';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { decide } from '../../domain/cycle/unit-machine';
import { initialMemory } from '../../domain/cycle/unit-memory';
import { ownNode } from '../../domain/cycle/unit-page';
import { buildUnitTree, cycleContext } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { createFileSnapshotStore, type SnapshotStore } from '../../runtime/snapshot-store';
import { CHILD_BATCH } from '../../workflows/unit-plan';
import { smallExample } from '../support/example';
import { createRecordingMail } from '../support/recording-mail';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue, workflowBundle } from '../support/temporal';
import { syntheticCascade } from './scale-cycle';

/** The server refuses a payload above this (default blob size limit). */
const PAYLOAD_LIMIT = 2 * 1024 * 1024;
/** Issue 9: no payload of a cycle above this. */
const PAYLOAD_ADVISED = 256 * 1024;
const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

let dir: string;
let store: SnapshotStore;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'by-reference-'));
  store = createFileSnapshotStore(dir, [{ id: 'test', key: randomBytes(32) }]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a cycle whose input is too large to travel by value', () => {
  it('12,000 units flat: by value the start payload passes 2 MiB; by reference every payload of the start stays under 256 KiB', async () => {
    const cascade = syntheticCascade({ units: 12_000, depth: 1, fanout: 12_000 }, 'by-reference-12k');
    const input = { cascade, year: 2027, calendar: SHIPPED_CALENDAR };
    const root = buildUnitTree(cascade, 2027, SHIPPED_CALENDAR);
    // By value: the cycle's input, and the root's input (its whole subtree), are refused by the server.
    expect(bytes(input)).toBeGreaterThan(PAYLOAD_LIMIT);
    expect(bytes({ context: cycleContext(cascade, 2027, SHIPPED_CALENDAR), node: root })).toBeGreaterThan(PAYLOAD_LIMIT);

    const arg = await cycleStartArgument(input, { snapshots: store });
    expect(arg).toEqual({ snapshot: expect.stringMatching(/^[0-9a-f]{64}$/), cascadeId: 'by-reference-12k', year: 2027 });
    expect(bytes(arg)).toBeLessThan(200);
    // What the workflows then receive, each an activity result or a workflow input:
    const activities = createSnapshotActivities({ store });
    const ref = (arg as { snapshot: string }).snapshot;
    const first = await activities.readSnapshotPart({ ref, part: 0 });
    expect(first.parts).toBeGreaterThan(1);
    for (const part of [0, first.parts - 1]) expect(bytes(await activities.readSnapshotPart({ ref, part }))).toBeLessThanOrEqual(PAYLOAD_ADVISED);
    const rootInput = { context: cycleContext(cascade, 2027, SHIPPED_CALENDAR), node: ownNode(root), parentId: null, reportToWorkflowId: 'x', superiors: [], snapshot: { ref } };
    expect(bytes(rootInput)).toBeLessThanOrEqual(PAYLOAD_ADVISED);
    const page = await activities.readChildrenPage({ ref, unitId: root.id, offset: 11_900, limit: CHILD_BATCH });
    expect(page).toMatchObject({ totalChildren: 12_000, nextOffset: null });
    expect(page.children).toHaveLength(100);
    expect(bytes(page)).toBeLessThanOrEqual(PAYLOAD_ADVISED);
  }, 120_000);

  it('50,000 units flat: what the root carries across continue-as-new once every child is started stays under 256 KiB as stored (compressed, encrypted)', () => {
    const cascade = syntheticCascade({ units: 49_999, depth: 1, fanout: 49_999 }, 'by-reference-50k');
    const tree = buildUnitTree(cascade, 2027, SHIPPED_CALENDAR);
    const children = tree.children.map(ownNode);
    const input = { context: cycleContext(cascade, 2027, SHIPPED_CALENDAR), node: ownNode(tree), parentId: null, reportToWorkflowId: 'x', superiors: [], snapshot: { ref: 'r' } };
    const now = Date.parse('2027-01-18T01:00:00Z');
    const last = children.length - CHILD_BATCH;
    // Every page but the last already started (the reducer's batches are quadratic to replay
    // here: seconds per thousand pages), then the last page through the reducer itself.
    let mem = {
      ...initialMemory(input.node, null, new Date(now).toISOString(), '2027-01-18', true, true),
      startedChildIds: children.slice(0, last).map((c) => c.id),
      childNames: Object.fromEntries(children.slice(0, last).map((c) => [c.id, c.name])),
      childPages: { next: last, total: children.length },
    };
    for (const command of [{ type: 'children-loaded', children: children.slice(last), next: null }, { type: 'start-child-batch' }] as const) {
      const d = decide(mem, command, input, now);
      if (!d.ok) throw new Error(`${command.type} refused: ${d.refusal.message}`);
      mem = d.memory as typeof mem;
    }
    expect(mem.childPages).toEqual({ next: null, total: 49_999 });
    expect(mem.startedChildIds).toHaveLength(49_999);
    expect(Object.keys(mem.childNames)).toHaveLength(49_999);
    // The carried memory still grows with the children (ids and names): past 2 MiB as JSON.
    expect(bytes(mem)).toBeGreaterThan(PAYLOAD_LIMIT);
    return productDataConverter()
      .payloadCodecs![0]!.encode([defaultPayloadConverter.toPayload(mem)])
      .then(([stored]) => expect(stored!.data!.length).toBeLessThanOrEqual(PAYLOAD_ADVISED));
  }, 120_000);

  it('a small cycle forced by reference starts through startCycleWorkflow: the root and a parent read their children from the store', async () => {
    const { client, close } = await devServerClient();
    const connection = await NativeConnection.connect({ address: devServerAddress() });
    const taskQueue = uniqueTaskQueue('by-ref');
    const cascade = smallExample(['bv-mat', 'ttyt-hoang-hoa'], `by-ref-${Date.now().toString(36)}`);
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: productDataConverter(),
      activities: { ...createRecordingMail().activities, ...createAdminActivities({ client }), ...createSnapshotActivities({ store }) },
    });
    const running = worker.run();
    try {
      const started = await startCycleWorkflow(client, taskQueue, { cascade, year: 2027, calendar: SHIPPED_CALENDAR }, { snapshots: store, byReferenceAboveBytes: 0 });
      expect(started.outcome).toBe('started');
      const base = `CascadeCycle = "${cascade.id}/2027" AND WorkflowType = "unitPlanWorkflow" AND ExecutionStatus = "Running"`;
      // As by value: the root implements its issued plan, its two units draft, the centre's three stations wait.
      const expected = [1, 2, 3];
      const stages = async () => Promise.all(['implementing', 'drafting', 'waiting'].map(async (st) => (await client.workflow.count(`${base} AND CascadeStage = "${st}"`)).count));
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && JSON.stringify(await stages()) !== JSON.stringify(expected)) await new Promise((r) => setTimeout(r, 500));
      expect(await stages()).toEqual(expected);

      const history = (workflowId: string) => client.workflow.getHandle(workflowId).fetchHistory();
      const startPayloadBytes = (h: Awaited<ReturnType<typeof history>>) => h.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data?.length ?? 0;
      const activityNames = (h: Awaited<ReturnType<typeof history>>) => (h.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      const cycle = await history(cycleWorkflowId(cascade.id, 2027));
      // The reference (encrypted), not the cascade: by value this cycle's input is ~15 KB.
      expect(startPayloadBytes(cycle)).toBeLessThan(400);
      expect(activityNames(cycle)).toContain('readSnapshotPart');
      const centre = await history(unitWorkflowId(cascade.id, 2027, 'ttyt-hoang-hoa'));
      expect(activityNames(centre).filter((a) => a.startsWith('read'))).toEqual(['readChildrenPage']);
      expect((centre.events ?? []).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(3);
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
      await close();
    }
  }, 180_000);
});
