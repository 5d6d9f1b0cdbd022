/**
 * `cascade cycle …`: start a yearly cycle and steer it. Every steering command
 * is an Update on the cycle workflow (which keeps the audit trail and forwards
 * it to the unit), so the admin sees at once "accepted" or exactly why not.
 */
import { Option, type Command } from 'commander';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { STAGE_LABELS_VI, type Stage } from '../../../domain/stages';
import { cycleWorkflowId, parseWorkflowId } from '../../../domain/ids';
import { loadConfig, ConfigError } from '../../../runtime/config';
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
import { connectClient } from '../../shared/temporal-client';
import { cycleStatus } from './cycle-status';
import { cycleReport, UnknownReportUnitError } from '../../../runtime/report/collect';

/** Output formats of `cascade cycle report`. */
const REPORT_FORMATS = ['docx', 'html', 'json'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];
import { writeFile } from 'node:fs/promises';
import { renderReportDocx } from '../../../runtime/report/docx';
import { renderReportHtml } from '../../../runtime/report/html';

const parseYear = intOption('--year', 2000, 2200);
const actorDefault = process.env.CASCADE_ACTOR ?? process.env.USER ?? 'admin-cli';

async function withClient<T>(fn: (client: Client, taskQueue: string) => Promise<T>): Promise<T> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    throw err;
  }
  const { client, close } = await connectClient(config).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  try {
    return await fn(client, config.temporal.taskQueue);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string } | undefined;
      throw new UsageError(`bị từ chối: ${cause?.message ?? err.message}`);
    }
    if (err instanceof WorkflowNotFoundError) throw new UsageError(`không tìm thấy chu kỳ: ${err.message}`);
    throw err;
  } finally {
    await close();
  }
}

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
    .action(async (o: { config: string; year: number; calendar: string[] }) => {
      const input = loadCycleInput(o.config, o.year, o.calendar);
      await withClient(async (client, taskQueue) => {
        const { workflowId, outcome } = await startCycleWorkflow(client, taskQueue, input);
        if (outcome === 'exists') {
          throw new UsageError(`chu kỳ ${input.cascade.id}/${o.year} đã được khởi động trước đó (workflow ${workflowId}); xem: cascade cycle status --year ${o.year} --cascade ${input.cascade.id}`);
        }
        process.stdout.write(`đã khởi động chu kỳ ${input.cascade.id}/${o.year} (workflow ${workflowId})\n`);
      });
    });

  cycle
    .command('status')
    .description('trạng thái từng đơn vị của chu kỳ')
    .addOption(yearOption())
    .addOption(cascadeOption())
    .option('--json', 'in JSON: { year, cycle, units: [{ id, parentId, stage, dueAt, overdue, revision, late }] }')
    .action(async (o: { year: number; cascade?: string; json?: boolean }) => {
      await withClient(async (client) => {
        const doc = await cycleStatus(client, await resolveCascadeId(client, o.year, o.cascade), o.year);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Chu kỳ ${doc.cycle}: ${doc.outcome}\n`);
        for (const u of doc.units) {
          const flags = [u.overdue ? 'QUÁ HẠN' : '', u.late ? 'nộp muộn' : '', u.revision ? `lần ${u.revision + 1}` : ''].filter(Boolean).join(', ');
          process.stdout.write(`${u.id}\t${STAGE_LABELS_VI[u.stage as Stage] ?? u.stage}\t${u.dueAt ?? '-'}${flags ? `\t${flags}` : ''}\n`);
        }
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
