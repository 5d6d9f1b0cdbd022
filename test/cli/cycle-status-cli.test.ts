/**
 * `cascade cycle status|export` on the dev server: the summary line, Vietnamese
 * dates, every filter, --limit, --watch, CSV/XLSX export, `start --wait`, wrong
 * input (one line, exit 1, nothing started), and the output in a closed pipe.
 *
 * Two cycles: the 70-unit example for 2027 (nothing due yet) and a 4-unit file
 * for 2026, whose planning deadlines are long past, so its units are overdue.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createAdminActivities } from '../../activities/admin';
import { cycleStatusQuery, cycleSummaryQuery, summaryOfStatus } from '../../workflows/cycle-messages';
import { cascadeCli } from '../support/cli';
import { createRecordingMail } from '../support/recording-mail';
import { EXAMPLE_FILE } from '../support/example';
import { devServerAddress, devServerClient, productDataConverter, uniqueTaskQueue, workflowBundle } from '../support/temporal';

const root = path.resolve(__dirname, '../..');
const bigId = `ct21-status-${process.pid}`;
const miniId = `mini-status-${process.pid}`;
const MINI_FILE = path.resolve(__dirname, '../fixtures/valid-mini.yaml');

describe('cascade cycle status and export on the dev server', () => {
  const taskQueue = uniqueTaskQueue('cli-status');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-status-'));
  const bigFile = path.join(dir, 'big.yaml');
  const miniFile = path.join(dir, 'mini.yaml');
  const env = { ...process.env, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, CASCADE_DEBUG: '' };
  let client: Client;
  let close: () => Promise<void>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  const cli = cascadeCli(env);
  const sh = (script: string): Promise<{ code: number; out: string; err: string }> =>
    new Promise((resolve) => {
      execFile('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', env, cwd: root }, (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }));
    });
  const waitForCount = async (query: string, expected: number) => {
    // Generous: the shared machine can be slow; the loop ends as soon as the value is there.
    const deadline = Date.now() + 240_000;
    let n = (await client.workflow.count(query)).count;
    while (n !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      n = (await client.workflow.count(query)).count;
    }
    return n;
  };
  const unitLines = (out: string) => out.split('\n').filter((l) => l.includes('\t'));

  beforeAll(async () => {
    fs.writeFileSync(bigFile, fs.readFileSync(EXAMPLE_FILE, 'utf8').replace(/^id: ct21-yte-thanhhoa$/m, `id: ${bigId}`));
    // The root's plan was issued in January 2026: its units' plans were due weeks later, so they are overdue now.
    const issued = '  issuedPlan: { system: state, number: 12/KH-BVSTCPN, issuer: Ban Vì sự tiến bộ của phụ nữ, issuedOn: "2026-01-12", title: Kế hoạch năm 2026 }\n';
    fs.writeFileSync(miniFile, fs.readFileSync(MINI_FILE, 'utf8').replace(/^id: mini$/m, `id: ${miniId}`).replace(/^ {2}level: Sở\n/m, `  level: Sở\n${issued}`));
    ({ client, close } = await devServerClient());
    connection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), dataConverter: productDataConverter(), activities: { ...createRecordingMail().activities, ...createAdminActivities({ client }) } });
    running = worker.run();
    const started = await cli('cycle', 'start', '--config', bigFile, '--year', '2027');
    expect(started.code).toBe(0);
    // Visibility settles: the root implements its issued plan, 66 units draft, 3 wait for their parent's plan.
    expect(await waitForCount(`CascadeCycle = "${bigId}/2027" AND CascadeStage = "drafting"`, 66)).toBe(66);
    expect(await waitForCount(`CascadeCycle = "${bigId}/2027" AND CascadeStage = "waiting"`, 3)).toBe(3);
  }, 600_000);
  afterAll(async () => {
    await cli('cycle', 'cancel', '--year', '2027', '--cascade', bigId, '--reason', 'kết thúc kiểm thử');
    await cli('cycle', 'cancel', '--year', '2026', '--cascade', miniId, '--reason', 'kết thúc kiểm thử');
    worker.shutdown();
    await running;
    await connection.close();
    await close();
  });

  it('start --wait returns once every unit has started (no bar when stderr is not a terminal)', async () => {
    const r = await cli('cycle', 'start', '--config', miniFile, '--year', '2026', '--wait');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 đơn vị đã khởi động');
    expect((await client.workflow.count(`CascadeCycle = "${miniId}/2026" AND WorkflowType = "unitPlanWorkflow" AND ExecutionStatus != "ContinuedAsNew"`)).count).toBe(4);
  });

  it('prints a summary line and Vietnamese dd/mm/yyyy dates, never ISO instants', async () => {
    const r = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--limit', '0');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`Chu kỳ ${bigId}/2027: đang thực hiện`);
    expect(lines[1]).toBe('70 đơn vị: 3 chờ kế hoạch cấp trên, 66 đang xây dựng kế hoạch, 1 đang triển khai thực hiện; quá hạn: 0');
    expect(unitLines(r.out)).toHaveLength(70);
    expect(r.out).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const nhi = unitLines(r.out).find((l) => l.startsWith('bv-nhi\t'));
    expect(nhi).toMatch(/^bv-nhi\tĐang xây dựng kế hoạch\thạn \d{2}\/\d{2}\/\d{4}$/);
    // With a limit (the default), the heading and counts come from the cycle's summary Query and count queries: the same lines.
    const limited = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--limit', '5');
    expect(limited.out.split('\n').slice(0, 2)).toEqual(lines.slice(0, 2));
    expect(unitLines(limited.out)).toHaveLength(5);
    for (const line of unitLines(limited.out)) expect(unitLines(r.out)).toContain(line);
    const cycle = client.workflow.getHandle(`cascade/${bigId}/2027`);
    expect(await cycle.query(cycleSummaryQuery)).toEqual({ ...summaryOfStatus(await cycle.query(cycleStatusQuery)), unitCount: 70, removedCount: 0 });
  });

  it('filters by stage, level and parent, and limits the lines', async () => {
    const waiting = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--stage', 'waiting');
    expect(waiting.out.split('\n')[1]).toBe('3 đơn vị: 3 chờ kế hoạch cấp trên; quá hạn: 0');
    expect(unitLines(waiting.out).every((l) => l.split('\t')[1] === 'Chờ kế hoạch cấp trên')).toBe(true);
    const level = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--level', 'Trạm Y tế xã');
    expect(unitLines(level.out)).toHaveLength(3);
    const parent = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--parent', 'ttyt-hoang-hoa');
    expect(unitLines(parent.out).map((l) => l.split('\t')[0]).sort()).toHaveLength(3);
    const both = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, '--stage', 'drafting,in-review', '--limit', '5');
    expect(unitLines(both.out)).toHaveLength(5);
    expect(both.out).toContain('… và 61 đơn vị nữa');
  });

  it('--overdue lists only late units, marked, and --json keeps the contract under a filter', async () => {
    // Which units are late is read from the units themselves (the exact --json), then compared.
    const all = JSON.parse((await cli('cycle', 'status', '--year', '2026', '--cascade', miniId, '--json')).out) as { units: { id: string; overdue: boolean }[] };
    const late = all.units.filter((u) => u.overdue).map((u) => u.id).sort();
    expect(late.length).toBeGreaterThan(0);
    expect(await waitForCount(`CascadeCycle = "${miniId}/2026" AND CascadeOverdue = true`, late.length)).toBe(late.length);
    const r = await cli('cycle', 'status', '--year', '2026', '--cascade', miniId, '--overdue');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(new RegExp(`^${late.length} đơn vị: .*; quá hạn: ${late.length}$`));
    const lines = unitLines(r.out);
    expect(lines.map((l) => l.split('\t')[0]).sort()).toEqual(late);
    for (const l of lines) expect(l).toMatch(/\thạn \d{2}\/\d{2}\/2026\tQUÁ HẠN$/);
    const json = await cli('cycle', 'status', '--year', '2026', '--cascade', miniId, '--stage', 'waiting', '--json');
    const doc = JSON.parse(json.out) as { units: { id: string; stage: string; revision: number }[] };
    expect(doc.units).toEqual([expect.objectContaining({ id: 'tram-d', stage: 'waiting', revision: 0 })]);
  });

  it('exports CSV (BOM, one line per unit) and XLSX (read back)', async () => {
    const csv = path.join(dir, 'units.csv');
    const r = await cli('cycle', 'export', '--year', '2027', '--cascade', bigId, '--out', csv);
    expect(r.code).toBe(0);
    expect(r.err).toContain('70 đơn vị');
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFFMã đơn vị,')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(71);
    expect(text).toMatch(/\nbv-nhi,ban-vstbcpn-nganh-y-te,[^,]+,Đang xây dựng kế hoạch,drafting,\d{2}\/\d{2}\/\d{4},không,thủ trưởng đơn vị,cascade\//);
    const xlsx = path.join(dir, 'units.xlsx');
    expect((await cli('cycle', 'export', '--year', '2027', '--cascade', bigId, '--out', xlsx, '--stage', 'waiting')).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã đơn vị');
    expect(sheet.getRow(2).getCell(5).value).toBe('waiting');
  });

  it('is quiet in a closed pipe: `status | head -1` and a --watch whose reader went away exit 0 without a trace', async () => {
    const once = await sh(`bin/cascade cycle status --year 2027 --cascade ${bigId} | head -1`);
    expect(once).toEqual({ code: 0, out: `Chu kỳ ${bigId}/2027: đang thực hiện\n`, err: '' });
    // --watch writes again after a second, into a pipe head has already closed: EPIPE.
    const watched = await sh(`bin/cascade cycle status --year 2027 --cascade ${bigId} --watch 1 | head -1`);
    expect(watched.err).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.out).toMatch(/^--- /);
  });

  it('--watch prints the status again every N seconds until stopped', async () => {
    const child = spawn(path.join(root, 'bin/cascade'), ['cycle', 'status', '--year', '2026', '--cascade', miniId, '--watch', '1'], { env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // Generous: the shared machine can be slow; the loop ends as soon as the value is there.
    const deadline = Date.now() + 240_000;
    while ((out.match(/^--- /gm) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    expect((out.match(/^4 đơn vị: /gm) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [['--stage', 'drafing'], '--stage: không có giai đoạn "drafing"'],
    [['--parent', 'TTYT Hoằng Hóa'], '--parent: "TTYT Hoằng Hóa" không phải mã đơn vị'],
    [['--level', 'Trạm" OR 1=1'], '--level: không được chứa dấu nháy'],
    [['--watch', '0'], '--watch: phải là số giây nguyên từ 1 đến 3600'],
    [['--watch', '5', '--json'], '--watch: không dùng cùng --json'],
    [['--limit', '-3'], '--limit'],
  ])('refuses status %j in one line', async (args, message) => {
    const r = await cli('cycle', 'status', '--year', '2027', '--cascade', bigId, ...args);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an export file without a known extension, writing nothing', async () => {
    const target = path.join(dir, 'units.txt');
    const r = await cli('cycle', 'export', '--year', '2027', '--cascade', bigId, '--out', target);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`lỗi: --out: tệp phải có đuôi .csv hoặc .xlsx (nhận "${target}")`);
    expect(fs.existsSync(target)).toBe(false);
  });
});
