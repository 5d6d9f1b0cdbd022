/**
 * `cascade schedule …`: the yearly start of a cycle by a Temporal Schedule,
 * one per cascade (`cascade/<cascadeId>/yearly`). The file is validated when
 * the schedule is made or updated; each year the schedule starts that year's
 * cycle from the snapshot (see workflows/yearly-start.ts).
 */
import type { Command } from 'commander';
import { ScheduleNotFoundError } from '@temporalio/client';
import { SLUG_PATTERN } from '../../../domain/ids';
import { yearlyScheduleId } from '../../../domain/cycle/yearly-start';
import { formatVnShortDate } from '../../../runtime/vn-format';
import { collect, UsageError } from '../../shared/cascade-file';
import { loadCycleInput } from '../../shared/start-cycle';
import { createYearlySchedule, currentSettings, listYearlySchedules, parseAt, parseNotify, snapshotFor, updateYearlySchedule, type ScheduleRow } from '../../shared/yearly-schedule';
import { out } from '../output';
import { withClient } from '../with-client';

const STATUS_VI: Record<string, string> = {
  COMPLETED: 'đã khởi động chu kỳ',
  FAILED: 'THẤT BẠI',
  RUNNING: 'đang chạy',
  TIMED_OUT: 'THẤT BẠI (quá thời gian)',
  TERMINATED: 'bị dừng',
  CANCELLED: 'bị hủy',
};

function cascadeSlug(value: string): string {
  if (!SLUG_PATTERN.test(value)) throw new UsageError(`--cascade: "${value}" không phải mã cascade (chữ thường không dấu, số, gạch nối)`);
  return value;
}

/**
 * @param r one schedule
 * @returns its line: id, state, next firing, last firing and its outcome
 */
export function scheduleLine(r: ScheduleRow): string {
  const last = r.last ? `lần gần nhất ${formatVnShortDate(r.last.scheduledAt)}: ${STATUS_VI[r.last.status] ?? r.last.status}${r.last.failure ? ` — ${r.last.failure}` : ''}` : 'chưa chạy lần nào';
  return [r.scheduleId, r.paused ? 'tạm dừng' : 'đang bật', r.next ? `lần tới ${formatVnShortDate(r.next)}` : 'không còn lần nào', last].join('\t');
}

/** Registers `schedule create|update|list|pause|unpause|delete`. */
export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('lịch khởi động chu kỳ hằng năm (Temporal Schedule), mỗi cascade một lịch');

  const fileOptions = (c: Command) =>
    c
      .requiredOption('--config <file>', 'tệp cascade (được kiểm tra ngay, và chụp lại để dùng mỗi năm)')
      .option('--calendar <file>', 'tệp lịch bổ sung (lặp lại được)', collect, [])
      .option('--notify <email>', 'thư của quản trị viên nhận báo lỗi khi không khởi động được (lặp lại được)', collect, []);

  fileOptions(schedule.command('create').description('đặt lịch khởi động chu kỳ vào một ngày mỗi năm'))
    .requiredOption('--at <MM-DD>', 'ngày khởi động mỗi năm (giờ Việt Nam, 06:00), vd. 01-05')
    .action(async (o: { config: string; calendar: string[]; notify: string[]; at: string }) => {
      const at = parseAt(o.at);
      const { input, years } = snapshotFor(o.config, o.calendar, at, parseNotify(o.notify), new Date());
      await withClient(async (client, taskQueue) => {
        const id = await createYearlySchedule(client, taskQueue, input, at, o.config);
        await out(`đã đặt lịch ${id}: ngày ${o.at.slice(3)}/${o.at.slice(0, 2)} hằng năm; tệp đã kiểm tra cho năm ${years.join(' và ')}\n`);
      });
    });

  fileOptions(schedule.command('update').description('thay tệp (kiểm tra lại) và/hoặc ngày của lịch đã có'))
    .option('--at <MM-DD>', 'ngày mới')
    .action(async (o: { config: string; calendar: string[]; notify: string[]; at?: string }) => {
      const at = o.at ? parseAt(o.at) : undefined;
      await withClient(async (client) => {
        // The file names its cascade: read it once (validated) to find the schedule and what it keeps.
        const cascadeId = loadCycleInput(o.config, new Date().getUTCFullYear(), o.calendar).cascade.id;
        const current = await currentSettings(client, cascadeId, o.config);
        const day = at ?? current.at;
        const notify = o.notify.length ? parseNotify(o.notify) : current.notify;
        const { input, years } = snapshotFor(o.config, o.calendar, day, notify.length ? notify : parseNotify([]), new Date());
        const id = await updateYearlySchedule(client, input, at, o.config);
        await out(`đã cập nhật lịch ${id}; tệp đã kiểm tra lại cho năm ${years.join(' và ')}\n`);
      });
    });

  schedule
    .command('list')
    .description('các lịch hằng năm: trạng thái, lần tới, kết quả lần gần nhất')
    .action(async () => {
      await withClient(async (client) => {
        const rows = await listYearlySchedules(client);
        if (!rows.length) await out('chưa có lịch nào (tạo bằng: cascade schedule create --config FILE --at MM-DD)\n');
        for (const r of rows) await out(`${scheduleLine(r)}\n`);
      });
    });

  const byCascade = (name: string, description: string) =>
    schedule.command(name).description(description).requiredOption('--cascade <id>', 'mã cascade', cascadeSlug).option('--reason <text>', 'ghi chú (hiện trong Temporal UI)');

  const act = (verb: string, fn: (h: ReturnType<import('@temporalio/client').Client['schedule']['getHandle']>, note: string) => Promise<void>) =>
    async (o: { cascade: string; reason?: string }) => {
      await withClient(async (client) => {
        const id = yearlyScheduleId(o.cascade);
        try {
          await fn(client.schedule.getHandle(id), o.reason ?? `${verb} bằng cascade CLI`);
        } catch (err) {
          if (err instanceof ScheduleNotFoundError) throw new UsageError(`không có lịch ${id}`);
          throw err;
        }
        await out(`đã ${verb} lịch ${id}\n`);
      });
    };

  byCascade('pause', 'tạm dừng lịch (không khởi động chu kỳ nào cho đến khi bật lại)').action(act('tạm dừng', (h, note) => h.pause(note)));
  byCascade('unpause', 'bật lại lịch đã tạm dừng').action(act('bật lại', (h, note) => h.unpause(note)));
  byCascade('delete', 'xóa lịch (các chu kỳ đã khởi động vẫn chạy tiếp)').action(
    act('xóa', async (h) => {
      await h.describe(); // a missing schedule is named, not deleted silently
      await h.delete();
    }),
  );
}
