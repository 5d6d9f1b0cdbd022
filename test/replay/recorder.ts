/**
 * Records replay histories from real runs of the current workflow code, so a
 * later change of `workflows/` can be checked against executions that were
 * running before it (test/replay/replay.test.ts). Run before a workflow change:
 *
 *   npx tsx test/replay/record-histories.ts [year|large]
 *
 * Two scenarios, both through the public surfaces (cycle start, the units' and
 * the cycle's Updates, the clock):
 * - `year`: the shipped example (70 units) for a whole year on the time-skipping
 *   server: a plan returned and redrafted, a deadline extended, escalations of a
 *   late draft and of a late review, remind-now, a reassignment, a unit added and
 *   two removed mid-cycle, a late report re-sent up, the final report.
 * - `correction`: a small tree where a late grandchild reports after its parent
 *   and the root have reported: the parent re-sends a corrected roll-up (same
 *   number of reports at the root).
 * - `remind`: a root of 205 units asked for a reminder while it starts its
 *   children in batches (the request crosses a continue-as-new).
 * - `by-reference`: a cycle started by reference (root and a parent read their
 *   children from the snapshot in pages), plans approved, a reminder passed.
 * - `large`: one parent of 450 units on a real dev server (the time-skipping
 *   server refuses a cancelled run's continue-as-new): children started in
 *   batches of 200 with a continue-as-new between batches while an Update
 *   (add-unit) arrives, then the whole fan-out cancelled over several runs.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { generateCascade, parseCascade } from '../../domain/cascade';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import {
  addUnitCycleUpdate,
  cancelCycleUpdate,
  extendDeadlineCycleUpdate,
  reassignCycleUpdate,
  remindNowCycleUpdate,
  removeUnitCycleUpdate,
} from '../../workflows/cascade-cycle';
import { startCycle } from '../support/cycle-harness';
import { loadExample, smallExample } from '../support/example';
import { syntheticCascade } from '../scale/scale-cycle';
import { createFileSnapshotStore } from '../../runtime/snapshot-store';

/** Where the replay test reads histories from. */
export const HISTORIES_DIR = path.join(__dirname, 'histories');

/**
 * Writes every run of a workflow (oldest first) as `<name>[-runN].json`, in the
 * JSON form `temporal workflow show -o json` writes.
 * @param client a client on the server that ran the workflow
 * @param workflowId the workflow's id
 * @param name file name stem
 * @returns the files written
 */
export async function saveRuns(client: Client, workflowId: string, name: string, dir = HISTORIES_DIR): Promise<string[]> {
  const histories: string[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(historyToJSON(history));
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
  }
  fs.mkdirSync(dir, { recursive: true });
  return histories.map((json, i) => {
    const file = path.join(dir, histories.length === 1 ? `${name}.json` : `${name}-run${i + 1}.json`);
    fs.writeFileSync(file, `${JSON.stringify(JSON.parse(json), null, 1)}\n`);
    return file;
  });
}

/** Each unit's report, different per unit so the roll-ups differ. */
function valuesOf(unitIds: string[]) {
  return (id: string) => {
    const i = unitIds.indexOf(id);
    return {
      so_su_kien_truyen_thong: i + 1,
      so_hoat_dong_thang_hanh_dong: 2,
      ty_le_nu_lanh_dao: { numerator: 3 + (i % 5), denominator: 10 },
      ty_le_nu_sau_dai_hoc: 10 + (i % 5),
      co_ban_vstbcpn: i !== 7,
      so_vu_viec_vi_pham: i % 3,
      ket_qua_noi_bat: `Kết quả của ${id}`,
    };
  };
}

/**
 * A whole year of the shipped example on the time-skipping server, every path a
 * year usually takes; then the histories of the cycle and of the units that took them.
 * @returns the files written
 */
export async function recordYear(env: TestWorkflowEnvironment, prefix = 'year2027'): Promise<string[]> {
  const cascade = loadExample();
  const year = 2027;
  const root = cascade.org.id;
  const c = await startCycle(env, cascade, year, { startOn: '2027-01-18' });
  const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, year));
  const admin = { actor: 'admin@so-noi-vu.example' };
  const late = ['bv-nhi', 'bv-mat'];
  const lateReview = 'bv-phoi';
  const lateReport = 'bv-ung-buou';
  await c.run(async () => {
    await c.advanceTo('2027-01-19');
    await c.doAll('draft-plan', undefined, c.unitIds.filter((id) => !late.includes(id)));
    await c.review('bv-da-khoa-tinh', 'return', 'Bổ sung chỉ tiêu về cán bộ nữ sau đại học.');
    await c.doAll('review-plan', undefined, c.unitIds.filter((id) => id !== lateReview));
    await c.advanceTo('2027-01-20');
    await cycle.executeUpdate(remindNowCycleUpdate, { args: [{ ...admin, unitId: 'bv-mat', reason: 'Nhắc trước giao ban tháng' }] });
    await cycle.executeUpdate(extendDeadlineCycleUpdate, { args: [{ ...admin, unitId: 'bv-mat', newDueDate: '2027-03-10', reason: 'Đơn vị đang kiện toàn nhân sự' }] });
    await c.submitPlan('bv-da-khoa-tinh');
    await c.review('bv-da-khoa-tinh', 'approve', 'Đồng ý.');
    // The communes under TTYT Hoằng Hóa draft once their centre's plan is approved.
    await c.doAll('draft-plan', undefined, ['tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc']);
    await c.doAll('review-plan', undefined, ['tyt-hoang-tien', 'tyt-hoang-thanh', 'tyt-hoang-loc']);

    // Late draft (bv-nhi) and late review (bv-phoi): every reminder and rung fires.
    await c.advanceTo('2027-02-26');
    await cycle.executeUpdate(reassignCycleUpdate, {
      args: [{ ...admin, unitId: 'bv-nhi', head: { name: 'Trần Thị Hạnh', title: 'Phó Giám đốc', email: 'bv-nhi.pgd@yte-thanhhoa.example' }, reason: 'Giám đốc đi học dài hạn' }],
    });
    await c.submitPlan('bv-nhi');
    await c.review('bv-nhi', 'approve');
    await c.review(lateReview, 'approve');

    // A unit joins in March and one leaves in April, at two levels of the tree.
    await c.advanceTo('2027-03-01');
    await cycle.executeUpdate(addUnitCycleUpdate, {
      args: [
        {
          ...admin,
          unitId: root,
          reason: 'Thành lập mới theo quyết định của UBND tỉnh',
          node: { id: 'bv-than-kinh', name: 'Bệnh viện Thần kinh Thanh Hóa', level: 'Bệnh viện tuyến tỉnh', head: { name: 'Lê Thị Hoa', title: 'Giám đốc', email: 'bv-than-kinh@yte-thanhhoa.example' }, substitutes: [] },
        },
      ],
    });
    c.unitIds.push('bv-than-kinh');
    await c.doAll('draft-plan', undefined, ['bv-than-kinh']);
    await c.doAll('review-plan', undefined, ['bv-than-kinh']);
    await c.advanceTo('2027-03-05');
    await c.submitPlan('bv-mat');
    await c.review('bv-mat', 'approve');
    await c.advanceTo('2027-04-01');
    for (const unitId of ['tyt-hoang-loc', 'trung-tam-phap-y']) {
      await cycle.executeUpdate(removeUnitCycleUpdate, { args: [{ ...admin, unitId, reason: 'Sáp nhập theo quyết định của UBND tỉnh' }] });
    }
    const active = c.unitIds.filter((id) => id !== 'tyt-hoang-loc' && id !== 'trung-tam-phap-y');

    // November: everyone reports but one; the consolidations go up without it.
    await c.advanceTo('2027-11-12');
    const values = valuesOf(active);
    await c.doAll('report', values, active.filter((id) => id !== lateReport));
    await c.doAll('consolidate', undefined, ['ttyt-hoang-hoa']);
    await c.advanceTo('2027-12-08');
    await c.doAll('consolidate', undefined, [root]);
    // The late report arrives: the root re-sends its roll-up, and the year closes.
    await c.advanceTo('2027-12-09');
    await c.report(lateReport, values(lateReport));
    await cycle.result();
  });
  const files = await saveRuns(env.client, cycle.workflowId, `${prefix}-cycle`);
  for (const unitId of [root, 'bv-nhi', 'bv-da-khoa-tinh', 'bv-mat', lateReview, 'bv-than-kinh', 'ttyt-hoang-hoa', 'tyt-hoang-loc', 'trung-tam-phap-y', lateReport]) {
    files.push(...(await saveRuns(env.client, unitWorkflowId(cascade.id, year, unitId), `${prefix}-unit-${unitId}`)));
  }
  return files;
}

/**
 * One parent of 450 units on a real server: batches of 200, continue-as-new
 * between them with an add-unit Update arriving meanwhile, then a cancel of the
 * whole fan-out over several runs.
 * @returns the files written
 */
export async function recordLargeParent(env: TestWorkflowEnvironment, prefix = 'large450'): Promise<string[]> {
  const units = 450;
  const parsed = parseCascade(generateCascade({ units, depth: 1, fanout: units, seed: 7 }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const cascade = { ...parsed.cascade, id: `large-replay-${Date.now().toString(36)}` };
  const year = 2027;
  const c = await startCycle(env, cascade, year);
  const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, year));
  const rootId = unitWorkflowId(cascade.id, year, cascade.org.id);
  await c.run(async () => {
    // Sent at once: it reaches the root while its first batch is being started.
    await cycle.executeUpdate(addUnitCycleUpdate, {
      args: [
        {
          actor: 'admin@so-noi-vu.example',
          unitId: cascade.org.id,
          reason: 'Thành lập mới',
          node: { id: 'don-vi-moi', name: 'Đơn vị mới', level: 'Trạm Y tế', head: { name: 'Lê Thị Hoa', title: 'Trưởng trạm', email: 'don-vi-moi@example.org' }, substitutes: [] },
        },
      ],
    });
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && !(await c.state('don-vi-moi').catch(() => undefined))) await new Promise((r) => setTimeout(r, 1000));
    await cycle.executeUpdate(cancelCycleUpdate, { args: [{ actor: 'admin@so-noi-vu.example', reason: 'Hủy để ghi lịch sử' }] });
    await cycle.result();
    // The root closes after its last cancel batch.
    await env.client.workflow.getHandle(rootId).result().catch(() => undefined);
  });
  return [...(await saveRuns(env.client, cycle.workflowId, `${prefix}-cycle`)), ...(await saveRuns(env.client, rootId, `${prefix}-root`))];
}

const indicatorValues = (n: number) => ({ so_su_kien_truyen_thong: n, so_hoat_dong_thang_hanh_dong: 1, ty_le_nu_lanh_dao: { numerator: 4, denominator: 10 }, ty_le_nu_sau_dai_hoc: 10, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 });

/**
 * The root → BV Mắt, TTYT Hoằng Hóa → three stations: the root and the centre
 * report without TYT Hoằng Tiến, which then reports late; the centre re-sends
 * its roll-up, which REPLACES the one the root holds (the count stays the same);
 * then BV Mắt reports and the root closes.
 * @returns the files written (the root's and the centre's runs)
 */
export async function recordLateCorrection(env: TestWorkflowEnvironment, prefix = 'late-correction'): Promise<string[]> {
  const cascade = smallExample(['bv-mat', 'ttyt-hoang-hoa'], `${prefix}-${Date.now().toString(36)}`);
  const root = cascade.org.id;
  const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
  await c.run(async () => {
    await c.advanceTo('2027-01-19');
    await c.planRounds();
    await c.advanceTo('2027-11-08');
    await c.doAll('report', () => indicatorValues(1), [root, 'ttyt-hoang-hoa', 'tyt-hoang-thanh', 'tyt-hoang-loc']);
    await c.advanceTo('2027-11-16');
    await c.consolidate('ttyt-hoang-hoa');
    await c.advanceTo('2027-11-26');
    await c.consolidate(root);
    await c.advanceTo('2027-11-26', 9);
    await c.report('tyt-hoang-tien', indicatorValues(1000));
    // BV Mắt reports last: the root sends its final roll-up and closes (so a replay checks
    // every command the root gave after the correction).
    await c.advanceTo('2027-11-27');
    await c.report('bv-mat', indicatorValues(2));
    await c.advanceTo('2027-11-28');
  });
  const files: string[] = [];
  for (const unitId of [root, 'ttyt-hoang-hoa']) files.push(...(await saveRuns(env.client, unitWorkflowId(cascade.id, 2027, unitId), `${prefix}-unit-${unitId}`)));
  return files;
}

/**
 * A root of 205 units: an admin asks for a reminder at once, while the root is
 * still starting its children (200, continue-as-new, then 5); then two weeks pass,
 * past the root's first scheduled reminder (01/02).
 * @returns the files written (the root's runs)
 */
export async function recordRemindDuringBatches(env: TestWorkflowEnvironment, prefix = 'remind-batches'): Promise<string[]> {
  const cascade = syntheticCascade({ units: 205, depth: 1, fanout: 205 }, `${prefix}-${Date.now().toString(36)}`);
  const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
  const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
  await c.run(async () => {
    await cycle.executeUpdate(remindNowCycleUpdate, { args: [{ unitId: 'root', reason: 'Nhắc trước giao ban', actor: 'admin@so-noi-vu.example' }] });
    await c.advanceTo('2027-01-19');
    await c.advanceTo('2027-02-02');
  });
  return saveRuns(env.client, unitWorkflowId(cascade.id, 2027, 'root'), `${prefix}-unit-root`);
}

/**
 * The root → BV Mắt, TTYT Hoằng Hóa → three stations, and the sector's trade union
 * on "Nơi nhận" for coordination: a year where everyone reports on time, the centre's
 * consolidated report goes up by mail ('report-up-mail'), the final report also goes
 * to the union ('final-report-informational'); the cycle is open when the action
 * month opens (15/11).
 * @returns the files written (the cycle's and the centre's runs)
 */
export async function recordReportMails(env: TestWorkflowEnvironment, prefix = 'report-mails'): Promise<string[]> {
  const cascade = smallExample(['bv-mat', 'ttyt-hoang-hoa', 'cong-doan-nganh-y-te'], `${prefix}-${Date.now().toString(36)}`);
  const root = cascade.org.id;
  const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
  const cycle = env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027));
  await c.run(async () => {
    await c.advanceTo('2027-01-19');
    await c.doAll('draft-plan');
    await c.doAll('review-plan');
    await c.doAll('draft-plan');
    await c.doAll('review-plan');
    await c.advanceTo('2027-11-08');
    await c.doAll('report', () => indicatorValues(3));
    await c.advanceTo('2027-11-16');
    await c.consolidate('ttyt-hoang-hoa');
    await c.advanceTo('2027-11-26');
    await c.consolidate(root);
    await cycle.result();
  });
  const files = await saveRuns(env.client, cycle.workflowId, `${prefix}-cycle`);
  files.push(...(await saveRuns(env.client, unitWorkflowId(cascade.id, 2027, 'ttyt-hoang-hoa'), `${prefix}-unit-ttyt-hoang-hoa`)));
  return files;
}

/**
 * Inputs by reference: a cycle started with a snapshot reference (the store a
 * temporary folder, sealed with a fresh key). The root reads its 205 children in
 * pages of 200 (continue-as-new between them), its first child reads its own 10;
 * the root's plan is approved (children told), then that child's (grandchildren
 * told), then the clock passes the children's first reminder.
 * @returns the files written (the cycle's, the root's and the first child's runs)
 */
export async function recordByReference(env: TestWorkflowEnvironment, prefix = 'by-reference'): Promise<string[]> {
  const cascade = syntheticCascade({ units: 215, depth: 2, fanout: 205 }, `${prefix}-${Date.now().toString(36)}`);
  const year = 2027;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
  try {
    const c = await startCycle(env, cascade, year, { startOn: '2027-01-18', snapshots: createFileSnapshotStore(dir, [{ id: 'rec', key: randomBytes(32) }]) });
    const root = cascade.org.id;
    const parent = cascade.org.children![0]!.id;
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      await c.doAll('draft-plan', undefined, [root]);
      await c.doAll('review-plan', undefined, [root]);
      await c.advanceTo('2027-01-20');
      await c.doAll('draft-plan', undefined, [parent]);
      await c.doAll('review-plan', undefined, [parent]);
      await c.advanceTo('2027-02-10');
    });
    return [
      ...(await saveRuns(env.client, cycleWorkflowId(cascade.id, year), `${prefix}-cycle`)),
      ...(await saveRuns(env.client, unitWorkflowId(cascade.id, year, root), `${prefix}-unit-root`)),
      ...(await saveRuns(env.client, unitWorkflowId(cascade.id, year, parent), `${prefix}-unit-parent`)),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
