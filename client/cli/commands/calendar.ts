/** `cascade calendar add|days`: the working-day calendar, from the shell. */
import type { Command } from 'commander';
import { addWorkingDays, isIsoDate, specialDays } from '../../../domain/calendar';
import { collect, emit, formatProblem, intOption, loadCalendarFiles, UsageError, type CommandOutput } from '../../shared/cascade-file';
import type { CalendarData } from '../../../domain/calendar';

type Loaded = { ok: true; data: CalendarData } | { ok: false; output: CommandOutput };

function load(files: string[]): Loaded {
  const cal = loadCalendarFiles(files);
  if (cal.ok) return { ok: true, data: cal.value };
  return { ok: false, output: { code: 1, out: [], err: cal.problems.map((p) => formatProblem(cal.file ?? '--calendar', p)) } };
}

/** @returns the date `n` working days after `from` (see `addWorkingDays` for n ≤ 0) */
export function runCalendarAdd(from: string, n: number, files: string[] = []): CommandOutput {
  if (!isIsoDate(from)) throw new UsageError(`--from: cần ngày dạng YYYY-MM-DD có thật, nhận được "${from}"`);
  const cal = load(files);
  if (!cal.ok) return cal.output;
  return { code: 0, out: [addWorkingDays(from, n, cal.data)], err: [] };
}

/** @returns one line per special day: `YYYY-MM-DD<TAB>off|working<TAB>name` */
export function runCalendarDays(year: number, files: string[] = []): CommandOutput {
  const cal = load(files);
  if (!cal.ok) return cal.output;
  return { code: 0, out: specialDays(year, cal.data).map((d) => `${d.date}\t${d.status}\t${d.name}`), err: [] };
}

/** Registers `calendar add` and `calendar days`. */
export function registerCalendar(program: Command): void {
  const calendar = program.command('calendar').description('lịch ngày làm việc (Asia/Ho_Chi_Minh)');
  calendar
    .command('add')
    .description('cộng số ngày làm việc vào một ngày (+1 từ thứ Sáu là ngày làm việc kế tiếp)')
    .requiredOption('--from <date>', 'ngày bắt đầu YYYY-MM-DD')
    .requiredOption('--working-days <n>', 'số ngày làm việc (có thể âm hoặc 0)', intOption('--working-days', -3650, 3650))
    .option('--calendar <file>', 'tệp lịch bổ sung (lặp lại được)', collect, [])
    .action((o: { from: string; workingDays: number; calendar: string[] }) => emit(runCalendarAdd(o.from, o.workingDays, o.calendar)));
  calendar
    .command('days')
    .description('liệt kê ngày nghỉ lễ, nghỉ bù và ngày làm bù của một năm')
    .requiredOption('--year <year>', 'năm', intOption('--year', 1900, 2200))
    .option('--calendar <file>', 'tệp lịch bổ sung (lặp lại được)', collect, [])
    .action((o: { year: number; calendar: string[] }) => emit(runCalendarDays(o.year, o.calendar)));
}
