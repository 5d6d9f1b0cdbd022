/**
 * `cascade cycle …` against the real dev server: the example cycle started with
 * the CLI shows its units in visibility, filterable by the custom search
 * attributes (the same list queries an operator types in the Web UI).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createAdminActivities } from '../../activities/admin';
import { unitWorkflowId } from '../../domain/ids';
import { createRecordingMail } from '../support/recording-mail';
import { cascadeCli } from '../support/cli';
import { EXAMPLE_FILE } from '../support/example';
import { devServerAddress, devServerClient, uniqueTaskQueue, workflowBundle, productDataConverter } from '../support/temporal';

const cascadeId = `ct21-cli-${process.pid}`;
const year = 2027;

describe('cascade cycle CLI on the dev server', () => {
  const taskQueue = uniqueTaskQueue('cli');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-'));
  const config = path.join(dir, 'cascade.yaml');
  let client: Client;
  let close: () => Promise<void>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const mail = createRecordingMail();

  // Asynchronous (a child process): the worker answering the CLI's queries runs in this process.
  const cli = cascadeCli({ ...process.env, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, CASCADE_DEBUG: '' });
  const count = async (query: string) => (await client.workflow.count(query)).count;
  const waitForCount = async (query: string, expected: number) => {
    const deadline = Date.now() + 60_000;
    let n = await count(query);
    while (n !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      n = await count(query);
    }
    return n;
  };

  beforeAll(async () => {
    fs.writeFileSync(config, fs.readFileSync(EXAMPLE_FILE, 'utf8').replace(/^id: ct21-yte-thanhhoa$/m, `id: ${cascadeId}`));
    ({ client, close } = await devServerClient());
    connection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: { ...mail.activities, ...createAdminActivities({ client }) },
      dataConverter: productDataConverter(),
    });
    running = worker.run();
  });
  afterAll(async () => {
    await cli('cycle', 'cancel', '--year', String(year), '--cascade', cascadeId, '--reason', 'kết thúc kiểm thử');
    worker.shutdown();
    await running;
    await connection.close();
    await close();
  });

  it('starts the example cycle once, and refuses a second start with a clear message', async () => {
    const first = await cli('cycle', 'start', '--config', config, '--year', String(year));
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`đã khởi động chu kỳ ${cascadeId}/${year}`);
    const again = await cli('cycle', 'start', '--config', config, '--year', String(year));
    expect(again.code).toBe(1);
    expect(again.err).toContain('đã được khởi động trước đó');
    expect(again.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a broken file before anything starts', async () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(config, 'utf8').replace('email: van-phong@yte-thanhhoa.example', 'email: khong-phai-email'));
    const r = await cli('cycle', 'start', '--config', broken, '--year', '2029');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/offices\[0\]\.email/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('shows every unit in visibility, filterable by the search attributes', async () => {
    const cycle = `CascadeCycle = "${cascadeId}/${year}"`;
    // 70 unit workflows + the cycle itself.
    expect(await waitForCount(cycle, 71)).toBe(71);
    expect(await waitForCount(`${cycle} AND CascadeStage = "drafting"`, 66)).toBe(66);
    // Visibility is eventually consistent: a unit's first upsert can trail its start.
    expect(await waitForCount(`${cycle} AND CascadeLevel = "Trạm Y tế xã" AND CascadeStage = "waiting" AND CascadeWaitingOn = "parent"`, 3)).toBe(3);
    expect(await waitForCount(`${cycle} AND CascadeParentId = "ttyt-hoang-hoa"`, 3)).toBe(3);
    expect(await waitForCount(`${cycle} AND CascadeDueAt < "2100-01-01T00:00:00Z" AND CascadeWaitingOn = "unit-head"`, 66)).toBe(66);
    expect(await count(`${cycle} AND CascadeOverdue = true`)).toBe(0);
  });

  it('prints the status contract as JSON', async () => {
    const r = await cli('cycle', 'status', '--year', String(year), '--cascade', cascadeId, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { year: number; cycle: string; units: Record<string, unknown>[] };
    expect(doc).toMatchObject({ year, cycle: `${cascadeId}/${year}` });
    expect(doc.units).toHaveLength(70);
    for (const u of doc.units) expect(Object.keys(u).sort()).toEqual(['dueAt', 'id', 'late', 'overdue', 'parentId', 'revision', 'stage']);
    const nhi = doc.units.find((u) => u.id === 'bv-nhi');
    expect(nhi).toMatchObject({ parentId: 'ban-vstbcpn-nganh-y-te', stage: 'drafting', overdue: false, revision: 0, late: false });
  });

  it('writes a progress report at any time: who is missing, by name, as JSON and as .docx', async () => {
    const r = await cli('cycle', 'report', '--year', String(year), '--cascade', cascadeId, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { draftMark?: string; numberLine: string; digest: { expected: number; received: number; missing: string[] } };
    expect(doc.draftMark).toBe('BÁO CÁO TIẾN ĐỘ');
    expect(doc.numberLine).toMatch(/\/BC-BVSTBCPN$/);
    expect(doc.digest).toMatchObject({ expected: 70, received: 0 });
    expect(doc.digest.missing).toContain('Bệnh viện Nhi Thanh Hóa');
    expect(doc.digest.missing).toContain('Trạm Y tế xã Hoằng Tiến');

    const out = path.join(dir, 'tien-do.docx');
    const docx = await cli('cycle', 'report', '--year', String(year), '--cascade', cascadeId, '--unit', 'ttyt-hoang-hoa', '--format', 'docx', '--out', out);
    expect(docx.err).toBe('');
    expect(docx.out).toContain(`đã ghi ${out}: báo cáo tiến độ, 0/4 đơn vị đã báo cáo; chưa báo cáo: 4 đơn vị`);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');

    const unknown = await cli('cycle', 'report', '--year', String(year), '--cascade', cascadeId, '--unit', 'khong-co', '--format', 'json');
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim()).toBe(`lỗi: --unit: không có đơn vị "khong-co" trong chu kỳ ${cascadeId}/${year}`);
    const noOut = await cli('cycle', 'report', '--year', String(year), '--cascade', cascadeId, '--format', 'docx');
    expect(noOut.code).toBe(1);
    expect(noOut.err).toContain('--out: cần tên tệp');
  });

  it('steers: a reminder now goes out as one mail to the unit head, an unknown unit is refused by name', async () => {
    const remindersOf = (unitId: string) =>
      mail.sent.filter((s) => s.n.kind === 'reminder' && s.n.workflowId === unitWorkflowId(cascadeId, year, unitId)).map((s) => ({ to: s.n.to.email, task: s.n.task, sequence: s.n.sequence }));
    // Nothing is due in 2027 yet on the real clock: no scheduled reminder can be mistaken for this one.
    expect(remindersOf('bv-nhi')).toEqual([]);
    const ok = await cli('cycle', 'remind', '--year', String(year), '--cascade', cascadeId, '--unit', 'bv-nhi', '--reason', 'Nhắc trước kỳ họp giao ban');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Đã gửi nhắc việc');
    // The Update answers before the unit's workflow sends: wait for the mail activity to run.
    const deadline = Date.now() + 60_000;
    while (remindersOf('bv-nhi').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(remindersOf('bv-nhi')).toEqual([{ to: 'bv-nhi@yte-thanhhoa.example', task: 'draft-plan', sequence: expect.stringMatching(/^now-/) }]);
    const bad = await cli('cycle', 'remind', '--year', String(year), '--cascade', cascadeId, '--unit', 'khong-co', '--reason', 'thử');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unitId: không có đơn vị "khong-co"');
    // Refused: no mail to anyone else, and still exactly one reminder for bv-nhi.
    expect(mail.sent.filter((s) => s.n.kind === 'reminder').map((s) => s.n.workflowId)).toEqual([unitWorkflowId(cascadeId, year, 'bv-nhi')]);
  });
});
