/**
 * The `cascade` command. A thin registry: each command lives in ./commands and
 * registers itself; add a command group by adding one line to COMMANDS.
 * User mistakes print one line and exit 1; a stack trace is shown only for
 * internal errors and only with CASCADE_DEBUG=1.
 */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../shared/cascade-file';
import { registerAdmin } from './commands/admin';
import { registerCalendar } from './commands/calendar';
import { registerCycle } from './commands/cycle';
import { registerGenerate } from './commands/generate';
import { registerMail } from './commands/mail';
import { registerSchedule } from './commands/schedule';
import { registerSchema } from './commands/schema';
import { registerValidate } from './commands/validate';
import { exitQuietlyOnClosedOutput } from './output';

const COMMANDS: Array<(program: Command) => void> = [registerValidate, registerSchema, registerCalendar, registerGenerate, registerCycle, registerSchedule, registerMail, registerAdmin];

/** @returns the program with every command registered (tests may call it without parsing argv) */
export function buildProgram(): Command {
  const program = new Command('cascade')
    .description('Triển khai văn bản chỉ đạo theo cấp: kiểm tra tệp cascade, lịch ngày làm việc, dữ liệu thử')
    .showHelpAfterError('(dùng --help để xem hướng dẫn)');
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(): Promise<void> {
  exitQuietlyOnClosedOutput();
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
    } else if (e instanceof UsageError) {
      process.stderr.write(`lỗi: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      process.stderr.write(`lỗi nội bộ: ${err.message}\n`);
      if (process.env.CASCADE_DEBUG === '1') process.stderr.write(`${err.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  }
}

if (require.main === module) void main();
