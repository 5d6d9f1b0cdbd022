/**
 * `cascade schedule …` on the dev server, and the yearly start itself.
 *
 * The time-skipping test server does not implement Schedules, so "the schedule
 * starts the cycle on the configured day two years running" is shown on the
 * dev server with a backfill: `ScheduleHandle.backfill` over two whole years
 * makes the server take every action the spec has in that range, each with its
 * own scheduled time (15/01 at 06:00 in Vietnam). The starter workflow reads that
 * time, not the clock, so the two runs start the 2027 and the 2028 cycle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ScheduleOverlapPolicy, WorkflowFailedError, type Client } from '@temporalio/client';
import { createAdminActivities } from '../../activities/admin';
import { loadCascadeFile } from '../../client/shared/cascade-file';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { SCHEDULED_START_TIME_KEY } from '../../domain/cycle/yearly-start';
import { cycleStatusQuery } from '../../workflows/cascade-cycle';
import { yearlyCycleStartWorkflow, type YearlyStartResult } from '../../workflows/yearly-start';
import { cascadeCli } from '../support/cli';
import { createRecordingMail } from '../support/recording-mail';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue, workflowBundle } from '../support/temporal';

const cascadeId = `mini-sched-${process.pid}`;
const scheduleId = `cascade/${cascadeId}/yearly`;

describe('cascade schedule on the dev server', () => {
  const taskQueue = uniqueTaskQueue('schedule');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-schedule-'));
  const file = path.join(dir, 'mini.yaml');
  const env = { ...process.env, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, CASCADE_DEBUG: '' };
  const mail = createRecordingMail();
  let client: Client;
  let close: () => Promise<void>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  const cli = cascadeCli(env);
  const eventually = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    // Generous: the shared machine can be slow; the loop ends as soon as the value is there.
    const deadline = Date.now() + 240_000;
    let v = await fn();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      v = await fn();
    }
    return v;
  };
  const listLine = async () => (await cli('schedule', 'list')).out.split('\n').find((l) => l.startsWith(`${scheduleId}\t`));

  beforeAll(async () => {
    fs.writeFileSync(file, fs.readFileSync(path.resolve(__dirname, '../fixtures/valid-mini.yaml'), 'utf8').replace(/^id: mini$/m, `id: ${cascadeId}`));
    ({ client, close } = await devServerClient());
    connection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), dataConverter: productDataConverter(), activities: { ...mail.activities, ...createAdminActivities({ client }) } });
    running = worker.run();
  });
  afterAll(async () => {
    await client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    for (const year of ['2027', '2028']) await cli('cycle', 'cancel', '--year', year, '--cascade', cascadeId, '--reason', 'kết thúc kiểm thử');
    worker.shutdown();
    await running;
    await connection.close();
    await close();
  });

  it('creates one schedule per cascade from a validated file, and refuses a second', async () => {
    const r = await cli('schedule', 'create', '--config', file, '--at', '01-15', '--notify', 'quantri@so.example');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^đã đặt lịch ${scheduleId}: ngày 15/01 hằng năm; tệp đã kiểm tra cho năm \\d{4} và \\d{4}\\n$`));
    const d = await client.schedule.getHandle(scheduleId).describe();
    expect(d.spec.calendars?.[0]).toMatchObject({ month: [{ start: 'JANUARY' }], dayOfMonth: [{ start: 15 }], hour: [{ start: 6 }] });
    expect(d.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    const again = await cli('schedule', 'create', '--config', file, '--at', '03-01', '--notify', 'quantri@so.example');
    expect(again.code).toBe(1);
    expect(again.err.trim()).toBe(`lỗi: đã có lịch ${scheduleId}; muốn đổi tệp hoặc ngày thì dùng: cascade schedule update --config ${file}`);
  });

  it.each([
    [['--at', '02-29'], '--at: ngày 29/02 không có trong mọi năm'],
    [['--at', '1-5'], '--at: cần dạng MM-DD'],
    [['--at', '04-31'], '--at: ngày 31/04 không có trong mọi năm'],
    [['--at', '01-15', '--notify', 'quantri'], '--notify: "quantri" không phải địa chỉ thư điện tử'],
    [['--at', '01-15'], '--notify: cần ít nhất một địa chỉ thư'],
  ])('refuses create %j in one line, changing nothing', async (args, message) => {
    const other = path.join(dir, 'other.yaml');
    fs.writeFileSync(other, fs.readFileSync(file, 'utf8').replace(`id: ${cascadeId}`, `id: ${cascadeId}-x`));
    const r = await cli('schedule', 'create', '--config', other, ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    await expect(client.schedule.getHandle(`cascade/${cascadeId}-x/yearly`).describe()).rejects.toThrow();
  });

  it('refuses a broken file on update and keeps the old snapshot; a sound one re-validated replaces it', async () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(file, 'utf8').replace('email: vp@so.example', 'email: khong-phai-email'));
    const bad = await cli('schedule', 'update', '--config', broken);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/offices\[0\]\.email/);
    const renamed = fs.readFileSync(file, 'utf8').replace('name: Cascade thử nghiệm', 'name: Cascade thử nghiệm (sửa)');
    fs.writeFileSync(file, renamed);
    const ok = await cli('schedule', 'update', '--config', file);
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(/^đã cập nhật lịch .*; tệp đã kiểm tra lại cho năm \d{4} và \d{4}\n$/);
    const d = await client.schedule.getHandle(scheduleId).describe();
    const args = d.action.type === 'startWorkflow' ? (d.action.args as [{ cascade: { name: string }; notify: { email: string }[] }]) : undefined;
    expect(args?.[0].cascade.name).toBe('Cascade thử nghiệm (sửa)');
    expect(args?.[0].notify.map((n) => n.email)).toEqual(['quantri@so.example']);
  });

  it('lists, pauses and unpauses', async () => {
    expect(await eventually(listLine, (l) => !!l)).toMatch(/\tđang bật\tlần tới 15\/01\/\d{4}\tchưa chạy lần nào$/);
    expect((await cli('schedule', 'pause', '--cascade', cascadeId, '--reason', 'tạm dừng để kiểm tra')).out).toBe(`đã tạm dừng lịch ${scheduleId}\n`);
    expect((await client.schedule.getHandle(scheduleId).describe()).state.paused).toBe(true);
    expect(await eventually(listLine, (l) => !!l?.includes('tạm dừng'))).toContain('\ttạm dừng\t');
    expect((await cli('schedule', 'unpause', '--cascade', cascadeId)).code).toBe(0);
    expect((await client.schedule.getHandle(scheduleId).describe()).state.paused).toBe(false);
    const unknown = await cli('schedule', 'pause', '--cascade', 'khong-co');
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim()).toBe('lỗi: không có lịch cascade/khong-co/yearly');
  });

  it('starts the cycle on the configured day two years running (backfill over 2027 and 2028)', async () => {
    const handle = client.schedule.getHandle(scheduleId);
    await handle.backfill([{ start: new Date('2027-01-01T00:00:00Z'), end: new Date('2028-12-31T00:00:00Z'), overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
    const d = await eventually(() => handle.describe(), (x) => x.info.recentActions.length >= 2);
    const actions = d.info.recentActions.slice(-2);
    // 06:00 on 15 January in Vietnam is 23:00 UTC on the 14th.
    expect(actions.map((a) => a.scheduledAt.toISOString())).toEqual(['2027-01-14T23:00:00.000Z', '2028-01-14T23:00:00.000Z']);
    const results: YearlyStartResult[] = [];
    for (const a of actions) {
      if (a.action.type !== 'startWorkflow') throw new Error('not a workflow action');
      const h = client.workflow.getHandle<typeof yearlyCycleStartWorkflow>(a.action.workflow.workflowId);
      results.push(await h.result());
      expect((await h.describe()).typedSearchAttributes.get(SCHEDULED_START_TIME_KEY)?.toISOString()).toBe(a.scheduledAt.toISOString());
    }
    expect(results).toEqual([
      { year: 2027, cycleWorkflowId: `cascade/${cascadeId}/2027`, outcome: 'started' },
      { year: 2028, cycleWorkflowId: `cascade/${cascadeId}/2028`, outcome: 'started' },
    ]);
    for (const year of [2027, 2028]) {
      const status = await client.workflow.getHandle(`cascade/${cascadeId}/${year}`).query(cycleStatusQuery);
      expect(status).toMatchObject({ cascadeId, year, outcome: 'running' });
      expect(status.unitIds).toHaveLength(4);
    }
    expect(await eventually(listLine, (l) => !!l?.includes('lần gần nhất'))).toMatch(/\tlần gần nhất 15\/01\/2028: đã khởi động chu kỳ$/);
    // The same day again (a second backfill of 2027) finds the cycle and starts nothing new.
    await handle.backfill([{ start: new Date('2027-01-10T00:00:00Z'), end: new Date('2027-01-20T00:00:00Z'), overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
    const third = await eventually(() => handle.describe(), (x) => x.info.recentActions.length >= 3);
    const again = third.info.recentActions.at(-1)!;
    if (again.action.type !== 'startWorkflow') throw new Error('not a workflow action');
    expect(await client.workflow.getHandle(again.action.workflow.workflowId).result()).toEqual({ year: 2027, cycleWorkflowId: `cascade/${cascadeId}/2027`, outcome: 'exists' });
  });

  it('a start that fails is a failed workflow with the reason, and is mailed to the admins', async () => {
    // A snapshot whose deadlines break in the scheduled year (a unit due after its parent), started
    // directly: the schedule itself never holds one, since create and update validate first.
    const loaded = loadCascadeFile(file);
    if (!loaded.ok) throw new Error('fixture invalid');
    const cascade = { ...loaded.value, id: `${cascadeId}-bad`, org: { ...loaded.value.org, children: [{ ...loaded.value.org.children![0]!, reportDue: { month: 12, day: 30 } }, ...loaded.value.org.children!.slice(1)] } };
    const before = mail.sent.length;
    const run = client.workflow.start(yearlyCycleStartWorkflow, {
      taskQueue,
      workflowId: `cascade/${cascadeId}-bad/yearly-start-test`,
      args: [{ cascade, calendar: SHIPPED_CALENDAR, notify: [{ name: 'Quản trị viên chu kỳ', email: 'quantri@so.example' }] }],
    });
    const err = await (await run).result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(((err as WorkflowFailedError).cause as Error).message).toMatch(/^Hạn báo cáo năm \d{4} không hợp lệ: .*bv-a|hạn báo cáo/);
    const sent = mail.sent.slice(before).filter((s) => s.n.kind === 'scheduled-start-failed');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.n.to.email).toBe('quantri@so.example');
    expect(sent[0]!.n.note).toMatch(/^Hạn báo cáo năm \d{4} không hợp lệ$/);
    await expect(client.workflow.getHandle(`cascade/${cascadeId}-bad/${new Date().getUTCFullYear()}`).describe()).rejects.toThrow();
  });

  it('deletes the schedule; the cycles it started run on', async () => {
    const r = await cli('schedule', 'delete', '--cascade', cascadeId);
    expect(r.out).toBe(`đã xóa lịch ${scheduleId}\n`);
    await expect(client.schedule.getHandle(scheduleId).describe()).rejects.toThrow();
    expect((await client.workflow.getHandle(`cascade/${cascadeId}/2027`).describe()).status.name).toBe('RUNNING');
    const again = await cli('schedule', 'delete', '--cascade', cascadeId);
    expect(again.code).toBe(1);
    expect(again.err.trim()).toBe(`lỗi: không có lịch ${scheduleId}`);
  });
});
