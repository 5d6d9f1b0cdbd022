/**
 * Issue 11 item 4: a rolling upgrade while a cycle runs. Two worker processes on v1
 * (the current bundle), then replaced one at a time by workers on v2 (the same code
 * plus a change behind `patched()`, a test-only fixture:
 * test/workflows-fixtures/rolling-upgrade-v2.ts); old and new coexist in between.
 * Plans go in before, during and after the rollout; every unit finishes its
 * planning round; the histories recorded before and during the rollout replay on
 * v2, and only submissions handled after it carry the patch marker.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { buildUnitTree } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { reviewPlanUpdate, submitPlanUpdate, unitStateQuery } from '../../workflows/unit-messages';
import { waitFor } from '../support/e2e-stack';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess, type WorkerProcess } from '../scale/multi-worker-scenario';
import { syntheticCascade } from '../scale/scale-cycle';
import { ROLLING_UPGRADE_PATCH } from '../workflows-fixtures/rolling-upgrade-v2';

const YEAR = 2027;
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

let client: Client;
let close: () => Promise<void>;
let dir: string;
let smtp: SmtpListener;
let v1: string;
let v2: string;

/** Writes a bundle for WORKFLOW_BUNDLE_PATH. @returns its path */
async function writeBundle(name: string, interceptors: string[]): Promise<string> {
  const file = path.join(dir, `${name}.js`);
  const bundle = await bundleWorkflowCode({ workflowsPath: path.resolve(__dirname, '../../workflows/index.ts'), workflowInterceptorModules: interceptors, logger: quiet });
  writeFileSync(file, bundle.code);
  return file;
}

beforeAll(async () => {
  ({ client, close } = await devServerClient());
  dir = mkdtempSync(path.join(tmpdir(), 'rolling-'));
  smtp = await startSmtpListener();
  v1 = await writeBundle('v1', []);
  v2 = await writeBundle('v2', [path.resolve(__dirname, '../workflows-fixtures/rolling-upgrade-v2.ts')]);
}, 120_000);

afterAll(async () => {
  await smtp?.stop();
  await close?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('workers replaced one by one by a patched version while the cycle runs: all units finish, old histories replay on the new code', async () => {
  const cascade = syntheticCascade({ units: 6, depth: 1, fanout: 6 }, `rolling-${Date.now() % 100_000}`);
  const root = buildUnitTree(cascade, YEAR, SHIPPED_CALENDAR);
  const taskQueue = uniqueTaskQueue('rolling');
  const env = { TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURITY: 'none', NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  let serial = 0;
  // Worker processes (worker/main.ts as deployed), each on a prebuilt bundle: v1 or v2.
  const start = async (bundle: string): Promise<WorkerProcess> => {
    const p = startWorkerProcess(`rolling-${++serial}-${bundle === v1 ? 'v1' : 'v2'}`, { ...env, WORKFLOW_BUNDLE_PATH: bundle });
    await p.ready;
    return p;
  };
  // SIGTERM: the worker drains its in-flight tasks and exits, as in a deploy.
  const stop = async (p: WorkerProcess) => {
    p.kill('SIGTERM');
    await p.exited;
  };
  const unit = (id: string) => client.workflow.getHandle(unitWorkflowId(cascade.id, YEAR, id));
  const draftAndApprove = async (id: string) => {
    const s = await waitFor(() => unit(id).query(unitStateQuery).then((x) => (x.stage === 'drafting' ? x : undefined)), 60_000, `${id} drafting`);
    await unit(id).executeUpdate(submitPlanUpdate, {
      args: [{ task: 'draft-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, planNumber: `01/KH-${id.toUpperCase()}`, title: 'Kế hoạch', summary: 'Tóm tắt', activities: Object.fromEntries(s.activityGroups.map((g) => [g.id, ['Hoạt động']])) }],
    });
    const r = await unit(id).query(unitStateQuery);
    if (r.stage === 'in-review') await unit(id).executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: r.revision, actor: r.currentTask!.assignees[0]!, decision: 'approve', comment: '' }] });
  };
  const [u1, u2, u3, u4, u5, u6] = root.children.map((c) => c.id) as [string, string, string, string, string, string];

  let [a, b] = await Promise.all([start(v1), start(v1)]);
  const ids = [cycleWorkflowId(cascade.id, YEAR), ...[root.id, u1, u2, u3, u4, u5, u6].map((id) => unitWorkflowId(cascade.id, YEAR, id))];
  try {
    await client.workflow.start(cascadeCycleWorkflow, { taskQueue, workflowId: cycleWorkflowId(cascade.id, YEAR), args: [{ cascade, year: YEAR, calendar: SHIPPED_CALENDAR }] });
    // Before the rollout: v1 only.
    await draftAndApprove(root.id);
    await draftAndApprove(u1);
    await draftAndApprove(u2);
    // Worker by worker: v1 and v2 side by side.
    await stop(a);
    a = await start(v2);
    await draftAndApprove(u3);
    await draftAndApprove(u4);
    await stop(b);
    b = await start(v2);
    // After the rollout: v2 only.
    await draftAndApprove(u5);
    await draftAndApprove(u6);

    for (const id of [root.id, u1, u2, u3, u4, u5, u6]) expect((await unit(id).query(unitStateQuery)).stage).toBe('implementing');
    const histories = await Promise.all(ids.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
    /** @returns the ids of the patch markers in a unit's history */
    const patchesOf = async (id: string): Promise<string[]> => {
      const { history } = histories.find((h) => h.workflowId === unitWorkflowId(cascade.id, YEAR, id))!;
      const codec = productDataConverter().payloadCodecs![0]!;
      const found: string[] = [];
      for (const e of history.events ?? []) {
        const marker = e.markerRecordedEventAttributes;
        if (!marker) continue;
        // Patch markers carry their id in a details payload (the key name is sdk-core's business).
        for (const payloads of Object.values(marker.details ?? {})) {
          for (const payload of payloads.payloads ?? []) {
            const [plain] = await codec.decode([payload]);
            const value = defaultPayloadConverter.fromPayload<unknown>(plain!);
            const patchId = (value as { id?: unknown } | null)?.id ?? (value as { patch_id?: unknown } | null)?.patch_id;
            if (typeof patchId === 'string') found.push(patchId);
          }
        }
      }
      return found;
    };
    const marked = async (id: string) => (await patchesOf(id)).includes(ROLLING_UPGRADE_PATCH);
    // Submissions handled after the rollout took the new path; before it, the old one.
    for (const id of [u5, u6]) expect((await unit(id).describe()).memo).toMatchObject({ planSubmittedUnder: 'v2' });
    for (const id of [u5, u6]) expect(await patchesOf(id)).toContain(ROLLING_UPGRADE_PATCH);
    expect(await Promise.all([root.id, u1, u2].map(marked))).toEqual([false, false, false]);

    // Every history, recorded before, during and after the rollout, replays on v2.
    const v2Bundle = { code: readFileSync(v2, 'utf8') };
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: v2Bundle, dataConverter: productDataConverter() }, histories)) results.push(r);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(ids.map((id) => [id, undefined]));
  } finally {
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('test finished').catch(() => undefined)));
    await Promise.all([stop(a), stop(b)]);
  }
}, 240_000);
