/**
 * `cascade cycle …`: start a yearly cycle and steer it. Every steering command
 * is an Update on the cycle workflow (which keeps the audit trail and forwards
 * it to the unit), so the admin sees at once "accepted" or exactly why not.
 */
import { Option, type Command } from 'commander';
import type { Client } from '@temporalio/client';
import { cycleWorkflowId, parseWorkflowId } from '../../../domain/ids';
import {
  addUnitCycleUpdate,
  cancelCycleUpdate,
  extendDeadlineCycleUpdate,
  reassignCycleUpdate,
  remindNowCycleUpdate,
  removeUnitCycleUpdate,
} from '../../../workflows/cascade-cycle';
import { collect, intOption, UsageError } from '../../shared/cascade-file';
import { loadCycleInput, startCycleWorkflow } from '../../shared/start-cycle';
import { withClient } from '../with-client';
import { createWriteStream, writeFileSync } from 'node:fs';
import { STAGES } from '../../../domain/stages';
import { SLUG_PATTERN } from '../../../domain/ids';
import type { OrgNode } from '../../../domain/cascade/schema';
import { parseStages, queryText, type UnitFilter } from '../../shared/unit-listing';
import { out } from '../output';
import { startProgress } from '../progress';
import { cycleStatus, listCycle, renderHuman } from './cycle-status';
import { writeFile } from 'node:fs/promises';

/** Output formats of `cascade cycle report`. */
const REPORT_FORMATS = ['docx', 'html', 'json'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const parseYear = intOption('--year', 2000, 2200);
const actorDefault = process.env.CASCADE_ACTOR ?? process.env.USER ?? 'admin-cli';

/** Finds the cascade id: given, or the only cycle of that year (needs a visibility store). */
async function resolveCascadeId(client: Client, year: number, given?: string): Promise<string> {
  if (given) return given;
  const found = new Set<string>();
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'cascadeCycleWorkflow'` })) {
    const parsed = parseWorkflowId(wf.workflowId);
    if (parsed?.kind === 'cycle' && parsed.year === year) found.add(parsed.cascadeId);
  }
  if (found.size === 1) return [...found][0]!;
  if (found.size === 0) throw new UsageError(`không có chu kỳ nào cho năm ${year}`);
  throw new UsageError(`năm ${year} có ${found.size} chu kỳ (${[...found].join(', ')}): chọn một bằng --cascade <id>`);
}

const yearOption = () => new Option('--year <year>', 'năm của chu kỳ').argParser(parseYear).makeOptionMandatory();
const cascadeOption = () => new Option('--cascade <id>', 'mã cascade (mặc định: chu kỳ duy nhất của năm đó)');
const reasonOption = () => new Option('--reason <text>', 'lý do (ghi vào nhật ký điều hành)').makeOptionMandatory();
const actorOption = () => new Option('--actor <name>', 'người thực hiện').default(actorDefault);

interface StatusOpts {
  year: number;
  cascade?: string;
  stage?: UnitFilter['stages'];
  overdue?: boolean;
  level?: string;
  parent?: string;
  limit: number;
  watch?: string | true;
  json?: boolean;
}

function parseSlug(option: string): (value: string) => string {
  return (value) => {
    if (!SLUG_PATTERN.test(value)) throw new UsageError(`${option}: "${value}" không phải mã đơn vị (chữ thường không dấu, số, gạch nối)`);
    return value;
  };
}

function parseWatch(value: string | true): number {
  if (value === true) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new UsageError(`--watch: phải là số giây nguyên từ 1 đến 3600 (nhận "${value}")`);
  return n;
}

function countUnits(node: OrgNode): number {
  let n = 0;
  const stack = [node];
  while (stack.length) {
    const u = stack.pop()!;
    n += 1;
    stack.push(...(u.children ?? []));
  }
  return n;
}

/** Waits until visibility lists every unit workflow of the cycle, drawing progress on a terminal. */
async function waitForUnits(client: Client, cycleKey: string, total: number): Promise<number> {
  const progress = startProgress('Khởi động đơn vị', total);
  const query = `CascadeCycle = "${cycleKey}" AND WorkflowType = "unitPlanWorkflow" AND ExecutionStatus != "ContinuedAsNew"`;
  let n = 0;
  for (;;) {
    n = (await client.workflow.count(query)).count;
    progress.update(n);
    if (n >= total) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  progress.finish();
  return n;
}

interface SteerOpts {
  year: number;
  cascade?: string;
  reason: string;
  actor: string;
}

/** Registers `cycle start|status|extend|reassign|remind|add-unit|remove-unit|cancel`. */
export function registerCycle(program: Command): void {
  const cycle = program.command('cycle').description('khởi động và điều hành chu kỳ hằng năm trên Temporal');

  cycle
    .command('start')
    .description('khởi động chu kỳ năm cho một tệp cascade đã kiểm tra')
    .requiredOption('--config <file>', 'tệp cascade (YAML hoặc JSON)')
    .addOption(yearOption())
    .option('--calendar <file>', 'tệp lịch bổ sung (lặp lại được)', collect, [])
    .option('--wait', 'chờ đến khi mọi đơn vị đã khởi động (thanh tiến độ khi là terminal)')
    .action(async (o: { config: string; year: number; calendar: string[]; wait?: boolean }) => {
      const input = loadCycleInput(o.config, o.year, o.calendar);
      await withClient(async (client, taskQueue, config) => {
        // A large cascade is stored once and the cycle started by reference (see start-cycle.ts).
        // Loaded here, not at start-up: the PostgreSQL driver would cost every other command its load time.
        const { openSnapshotStore } = await import('../../../runtime/snapshot-store-open.js');
        const snapshots = openSnapshotStore(config);
        const { workflowId, outcome } = await startCycleWorkflow(client, taskQueue, input, { snapshots }).finally(() => snapshots.close());
        if (outcome === 'exists') {
          throw new UsageError(`chu kỳ ${input.cascade.id}/${o.year} đã được khởi động trước đó (workflow ${workflowId}); xem: cascade cycle status --year ${o.year} --cascade ${input.cascade.id}`);
        }
        process.stdout.write(`đã khởi động chu kỳ ${input.cascade.id}/${o.year} (workflow ${workflowId})\n`);
        if (o.wait) {
          const started = await waitForUnits(client, `${input.cascade.id}/${o.year}`, countUnits(input.cascade.org));
          process.stdout.write(`${started} đơn vị đã khởi động\n`);
        }
      });
    });

  cycle
    .command('status')
    .description('trạng thái các đơn vị của chu kỳ: dòng tổng hợp, rồi từng đơn vị (hạn theo dd/mm/yyyy)')
    .addOption(yearOption())
    .addOption(cascadeOption())
    .option('--stage <list>', `chỉ các giai đoạn này, cách nhau bởi dấu phẩy (${STAGES.join(', ')})`, parseStages)
    .option('--overdue', 'chỉ các đơn vị quá hạn')
    .option('--level <label>', 'chỉ một cấp, vd. "Trạm Y tế xã"', queryText('--level'))
    .option('--parent <id>', 'chỉ các đơn vị trực thuộc một đơn vị', parseSlug('--parent'))
    .option('--limit <n>', 'số dòng đơn vị tối đa (0: tất cả)', intOption('--limit', 0, 1_000_000), 100)
    .option('--watch [seconds]', 'cập nhật lại sau mỗi chừng ấy giây (mặc định 10) cho đến khi Ctrl-C')
    .option('--json', 'in JSON: { year, cycle, outcome, units: [{ id, parentId, stage, dueAt, overdue, revision, late }] }')
    .action(async (o: StatusOpts) => {
      const filter = { stages: o.stage, overdue: o.overdue, level: o.level, parent: o.parent };
      const every = o.watch === undefined ? 0 : parseWatch(o.watch);
      if (every && o.json) throw new UsageError('--watch: không dùng cùng --json (mỗi lần in là một tài liệu JSON riêng)');
      await withClient(async (client) => {
        const id = await resolveCascadeId(client, o.year, o.cascade);
        for (;;) {
          if (o.json) {
            await out(`${JSON.stringify(await cycleStatus(client, id, o.year, filter), null, 2)}\n`);
            return;
          }
          const { cycle: c, rows, summary } = await listCycle(client, id, o.year, filter, o.limit);
          const lines = renderHuman(`${id}/${o.year}`, c.outcome, rows, summary, o.limit);
          if (every && process.stdout.isTTY) await out('\x1b[2J\x1b[H');
          else if (every) lines.unshift(`--- ${new Date().toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`);
          await out(`${lines.join('\n')}\n`);
          if (!every || c.outcome !== 'running') return;
          await new Promise((r) => setTimeout(r, every * 1000));
        }
      });
    });

  cycle
    .command('export')
    .description('xuất trạng thái các đơn vị ra tệp CSV hoặc XLSX')
    .addOption(yearOption())
    .addOption(cascadeOption())
    .requiredOption('--out <file>', 'tệp ra; định dạng theo đuôi .csv hoặc .xlsx')
    .option('--stage <list>', 'chỉ các giai đoạn này', parseStages)
    .option('--overdue', 'chỉ các đơn vị quá hạn')
    .option('--level <label>', 'chỉ một cấp', queryText('--level'))
    .option('--parent <id>', 'chỉ các đơn vị trực thuộc một đơn vị', parseSlug('--parent'))
    .action(async (o: StatusOpts & { out: string }) => {
      const format = o.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : o.out.toLowerCase().endsWith('.csv') ? 'csv' : undefined;
      if (!format) throw new UsageError(`--out: tệp phải có đuôi .csv hoặc .xlsx (nhận "${o.out}")`);
      // Loaded here, not at start-up: the spreadsheet library costs every other command about a second.
      const { toCsv, writeXlsx } = await import('../../shared/cycle-export.js');
      await withClient(async (client) => {
        const id = await resolveCascadeId(client, o.year, o.cascade);
        const { rows } = await listCycle(client, id, o.year, { stages: o.stage, overdue: o.overdue, level: o.level, parent: o.parent });
        if (format === 'csv') writeFileSync(o.out, toCsv(rows));
        else {
          const progress = startProgress('Ghi tệp XLSX', rows.length);
          const file = createWriteStream(o.out);
          const closed = new Promise<void>((resolve, reject) => file.on('close', resolve).on('error', reject));
          await writeXlsx(rows, file, `${id}-${o.year}`, (n) => progress.update(n));
          await closed;
          progress.finish();
        }
        process.stderr.write(`đã ghi ${o.out}: ${rows.length} đơn vị\n`);
      });
    });

  cycle
    .command('report')
    .description('báo cáo của đơn vị gốc (hoặc một đơn vị) theo thể thức văn bản; trước khi đơn vị gửi báo cáo là báo cáo tiến độ')
    .addOption(yearOption())
    .addOption(cascadeOption())
    .option('--unit <id>', 'mã đơn vị (mặc định: đơn vị gốc)')
    .addOption(new Option('--format <format>', 'định dạng tệp').choices([...REPORT_FORMATS]).default('docx'))
    .option('--out <file>', 'tệp kết quả (bắt buộc với docx; html và json mặc định in ra màn hình)')
    .action(async (o: { year: number; cascade?: string; unit?: string; format: ReportFormat; out?: string }) => {
      if (o.format === 'docx' && !o.out) throw new UsageError('--out: cần tên tệp để ghi báo cáo .docx (vd. --out bao-cao.docx)');
      // The document libraries load only for this command (start-up of the others stays short).
      const [{ cycleReport, UnknownReportUnitError }, { renderReportDocx }, { renderReportHtml }] = await Promise.all([
        import('../../../runtime/report/collect.js'),
        import('../../../runtime/report/docx.js'),
        import('../../../runtime/report/html.js'),
      ]);
      await withClient(async (client) => {
        const doc = await cycleReport(client, await resolveCascadeId(client, o.year, o.cascade), o.year, o.unit).catch((err: unknown) => {
          throw err instanceof UnknownReportUnitError ? new UsageError(err.message) : err;
        });
        const content = o.format === 'docx' ? await renderReportDocx(doc) : o.format === 'html' ? renderReportHtml(doc) : `${JSON.stringify(doc, null, 2)}\n`;
        if (!o.out) {
          process.stdout.write(content);
          return;
        }
        await writeFile(o.out, content).catch((err: NodeJS.ErrnoException) => {
          throw new UsageError(`--out: không ghi được tệp ${o.out} (${err.code ?? err.message})`);
        });
        const missing = doc.digest.missing.length ? `; chưa báo cáo: ${doc.digest.missing.length} đơn vị` : '';
        process.stdout.write(`đã ghi ${o.out}: ${doc.draftMark ? 'báo cáo tiến độ' : 'báo cáo'}, ${doc.digest.received}/${doc.digest.expected} đơn vị đã báo cáo${missing}\n`);
      });
    });

  const steer = (name: string, description: string) =>
    cycle.command(name).description(description).addOption(yearOption()).addOption(cascadeOption()).addOption(reasonOption()).addOption(actorOption());

  steer('extend', 'gia hạn việc đang mở của một đơn vị')
    .requiredOption('--unit <id>', 'mã đơn vị')
    .requiredOption('--to <date>', 'hạn mới YYYY-MM-DD')
    .option('--task <kind>', 'draft-plan | review-plan | report | consolidate (mặc định: việc đang mở)')
    .action(async (o: SteerOpts & { unit: string; to: string; task?: 'draft-plan' }) => {
      await runUpdate(o, (h) => h.executeUpdate(extendDeadlineCycleUpdate, { args: [{ unitId: o.unit, newDueDate: o.to, task: o.task, reason: o.reason, actor: o.actor }] }));
    });

  steer('reassign', 'giao lại người đứng đầu (và/hoặc người thay thế) của một đơn vị')
    .requiredOption('--unit <id>', 'mã đơn vị')
    .option('--head-name <name>')
    .option('--head-title <title>')
    .option('--head-email <email>')
    .action(async (o: SteerOpts & { unit: string; headName?: string; headTitle?: string; headEmail?: string }) => {
      const head = o.headName || o.headEmail ? { name: o.headName ?? '', title: o.headTitle ?? 'Thủ trưởng đơn vị', email: o.headEmail ?? '' } : undefined;
      await runUpdate(o, (h) => h.executeUpdate(reassignCycleUpdate, { args: [{ unitId: o.unit, head, reason: o.reason, actor: o.actor }] }));
    });

  steer('remind', 'gửi nhắc việc ngay cho một đơn vị')
    .requiredOption('--unit <id>', 'mã đơn vị')
    .action(async (o: SteerOpts & { unit: string }) => {
      await runUpdate(o, (h) => h.executeUpdate(remindNowCycleUpdate, { args: [{ unitId: o.unit, reason: o.reason, actor: o.actor }] }));
    });

  steer('add-unit', 'thêm một đơn vị mới vào giữa chu kỳ')
    .requiredOption('--parent <id>', 'mã đơn vị cấp trên')
    .requiredOption('--id <id>', 'mã đơn vị mới (chữ thường không dấu, gạch nối)')
    .requiredOption('--name <name>', 'tên đơn vị')
    .requiredOption('--level <label>', 'cấp/loại đơn vị, vd. "Trạm Y tế"')
    .requiredOption('--head-name <name>')
    .requiredOption('--head-title <title>')
    .requiredOption('--head-email <email>')
    .action(async (o: SteerOpts & { parent: string; id: string; name: string; level: string; headName: string; headTitle: string; headEmail: string }) => {
      const node = { id: o.id, name: o.name, level: o.level, head: { name: o.headName, title: o.headTitle, email: o.headEmail }, substitutes: [] };
      await runUpdate(o, (h) => h.executeUpdate(addUnitCycleUpdate, { args: [{ unitId: o.parent, node, reason: o.reason, actor: o.actor }] }));
    });

  steer('remove-unit', 'rút một đơn vị (và các đơn vị trực thuộc) khỏi chu kỳ')
    .requiredOption('--unit <id>', 'mã đơn vị')
    .action(async (o: SteerOpts & { unit: string }) => {
      await runUpdate(o, (h) => h.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId: o.unit, reason: o.reason, actor: o.actor }] }));
    });

  cycle
    .command('cancel')
    .description('hủy cả chu kỳ năm')
    .addOption(yearOption())
    .addOption(cascadeOption())
    .addOption(reasonOption())
    .addOption(actorOption())
    .action(async (o: SteerOpts) => {
      await runUpdate(o, (h) => h.executeUpdate(cancelCycleUpdate, { args: [{ reason: o.reason, actor: o.actor }] }));
    });
}

type CycleHandle = ReturnType<Client['workflow']['getHandle']>;

async function runUpdate(o: SteerOpts, call: (h: CycleHandle) => Promise<{ message: string }>): Promise<void> {
  await withClient(async (client) => {
    const id = await resolveCascadeId(client, o.year, o.cascade);
    const result = await call(client.workflow.getHandle(cycleWorkflowId(id, o.year)));
    process.stdout.write(`${result.message}\n`);
  });
}
