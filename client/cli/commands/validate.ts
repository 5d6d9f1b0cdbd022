/** `cascade validate FILE`: every problem, one line each, exit 1 if any error. */
import type { Command } from 'commander';
import { dateInVietnam, type CalendarData } from '../../../domain/calendar';
import { weekday } from '../../../domain/calendar/iso-date';
import { computeUnitDeadlines, type OrgNode } from '../../../domain/cascade';
import { lastOnTimeDay, type CycleDeadlines } from '../../../domain/cascade/deadlines';
import { monthDayInYear } from '../../../domain/cascade/month-day';
import type { Cascade } from '../../../domain/cascade/schema';
import { isInformational } from '../../../domain/cycle/unit-tree';
import { collect, emit, formatProblem, intOption, loadCalendarFiles, loadCascadeFile, type CommandOutput, type FileProblem } from '../../shared/cascade-file';

const parseYear = intOption('--year', 1900, 2200);

/** Options of {@link runValidate}. */
export interface ValidateOptions {
  /** Extra calendar data files merged over the shipped one. */
  calendar?: string[];
  /** Years whose deadlines are computed and checked; default: this year and next. */
  years?: number[];
  /** The clock, for the default years (tests pin it). */
  now?: Date;
}

function countUnits(root: OrgNode): { units: number; depth: number; recipients: number } {
  let units = 0;
  let recipients = 0;
  let depth = 0;
  const stack: Array<[OrgNode, number]> = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    // A body on "Nơi nhận" for report, coordination or information runs no yearly task.
    if (isInformational(n)) {
      recipients++;
      continue;
    }
    units++;
    depth = Math.max(depth, d);
    for (const c of n.children ?? []) stack.push([c, d + 1]);
  }
  return { units, depth, recipients };
}

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const dayText = (iso: string) => `${WEEKDAYS[weekday(iso)]} ${dmy(iso)}`;

/** @returns e.g. "năm 2029: các đơn vị trực thuộc gốc báo cáo chậm nhất hết thứ Sáu 23/11/2029 (…)" */
function deadlineLine(cascade: Cascade, d: CycleDeadlines): string {
  const r = cascade.cycle.report;
  const written = lastOnTimeDay(monthDayInYear(r.due, d.year), r.interpretation);
  const moved = written !== d.unitsLastDay ? ` (${dmy(written)} là ngày nghỉ, chuyển sang ${r.nonWorkingDay === 'next-working-day' ? 'ngày làm việc tiếp theo' : 'ngày làm việc liền trước'})` : '';
  const root = d.units[cascade.org.id]!;
  return `năm ${d.year}: các đơn vị trực thuộc gốc báo cáo "${r.wording}", chậm nhất hết ${dayText(d.unitsLastDay)}${moved}; ${cascade.org.name} gửi báo cáo tổng hợp chậm nhất hết ${dayText(dateInVietnam(root.reportDue.instant))}; kỳ số liệu ${dmy(d.dataPeriod.from)}–${dmy(d.dataPeriod.to)}`;
}

/** Validates a cascade file; the CLI prints `out` to stdout and `err` to stderr. */
export function runValidate(file: string, opts: ValidateOptions = {}): CommandOutput {
  const cal = loadCalendarFiles(opts.calendar ?? []);
  if (!cal.ok) return { code: 1, out: [], err: cal.problems.map((p) => formatProblem(cal.file ?? '--calendar', p)) };
  const calendar: CalendarData = cal.value;
  const loaded = loadCascadeFile(file);
  if (!loaded.ok) {
    const errors = loaded.problems.filter((p) => p.severity === 'error').length;
    return { code: 1, out: [], err: [...loaded.problems.map((p) => formatProblem(file, p)), `${file}: ${errors} lỗi — tệp không hợp lệ`] };
  }
  const thisYear = Number(dateInVietnam(opts.now ?? new Date()).slice(0, 4));
  const years = opts.years ?? [thisYear, thisYear + 1];
  const perYear = years.map((y) => computeUnitDeadlines(loaded.value, y, calendar));
  const deadlineProblems: FileProblem[] = loaded.locate(perYear.flatMap((d) => d.problems));
  const warnings = [...loaded.warnings, ...loaded.locate(perYear.flatMap((d) => d.warnings))].map((p) => formatProblem(file, p));
  if (deadlineProblems.length) {
    return { code: 1, out: [], err: [...warnings, ...deadlineProblems.map((p) => formatProblem(file, p)), `${file}: ${deadlineProblems.length} lỗi về thứ tự hạn báo cáo`] };
  }
  const { units, depth, recipients } = countUnits(loaded.value.org);
  const others = recipients ? ` (và ${recipients} nơi nhận để báo cáo, phối hợp hoặc để biết)` : '';
  return {
    code: 0,
    out: [`${file}: hợp lệ — "${loaded.value.id}", ${units} đơn vị${others}, ${depth} cấp dưới gốc; đã kiểm tra hạn năm ${years.join(', ')}`, ...perYear.map((d) => deadlineLine(loaded.value, d))],
    err: warnings,
  };
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('kiểm tra tệp cascade (YAML hoặc JSON); in từng lỗi kèm đường dẫn, dòng, cột')
    .argument('<file>', 'tệp cascade')
    .option('--calendar <file>', 'tệp lịch bổ sung (lặp lại được)', collect, [])
    .option('--year <year>', 'năm cần kiểm tra thứ tự hạn (lặp lại được; mặc định năm nay và năm sau)', (v: string, acc: number[]) => [...acc, parseYear(v)], [] as number[])
    .action((file: string, o: { calendar: string[]; year: number[] }) => {
      const result = runValidate(file, { calendar: o.calendar, ...(o.year.length ? { years: o.year } : {}) });
      emit(result);
    });
}
