/**
 * The yearly Temporal Schedule of a cascade (one per cascade, id
 * `cascade/<cascadeId>/yearly`): made from a snapshot of the cascade file that
 * is validated now, for the years it will start; re-validated on every update.
 * Each firing runs `yearlyCycleStartWorkflow`, which starts that year's cycle.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  MONTHS,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { z } from 'zod';
import { dateInVietnam } from '../../domain/calendar';
import { isRecurringMonthDay } from '../../domain/cascade/month-day';
import { yearlyScheduleId, yearlyStarterWorkflowId, YEARLY_START_HOUR } from '../../domain/cycle/yearly-start';
import type { Recipient } from '../../domain/notifications';
import { yearlyCycleStartWorkflow, type YearlyStartInput } from '../../workflows/yearly-start';
import { UsageError } from './cascade-file';
import { loadCycleInput } from './start-cycle';

/** Vietnam's time zone: the schedule fires on the configured day there. */
export const SCHEDULE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A month and day, from `--at MM-DD`. */
export interface AtDay {
  month: number;
  day: number;
}

/**
 * @param value "MM-DD", e.g. "01-05"
 * @returns the month and day
 * @throws UsageError when it is not a day that exists every year
 */
export function parseAt(value: string): AtDay {
  const m = /^(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) throw new UsageError(`--at: cần dạng MM-DD, vd. 01-05 cho ngày 5 tháng 1 (nhận "${value}")`);
  const at = { month: Number(m[1]), day: Number(m[2]) };
  if (!isRecurringMonthDay(at)) throw new UsageError(`--at: ngày ${m[2]}/${m[1]} không có trong mọi năm (29/02 hoặc ngày không tồn tại)`);
  return at;
}

const email = z.email();
/**
 * @param values the `--notify` emails
 * @returns recipients for the failure mail
 * @throws UsageError naming the first value that is not an email address
 */
export function parseNotify(values: readonly string[]): Recipient[] {
  if (!values.length) throw new UsageError('--notify: cần ít nhất một địa chỉ thư của quản trị viên (nhận thư khi lịch không khởi động được chu kỳ)');
  return values.map((v) => {
    if (!email.safeParse(v.trim()).success) throw new UsageError(`--notify: "${v}" không phải địa chỉ thư điện tử`);
    return { name: 'Quản trị viên chu kỳ', email: v.trim() };
  });
}

/**
 * @param at the configured day
 * @param now the current time
 * @returns the year of the schedule's next firing (this year if the day is still ahead in Vietnam)
 */
export function nextFiringYear(at: AtDay, now: Date): number {
  const today = dateInVietnam(now);
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`;
  return thisYear > today ? year : year + 1;
}

/**
 * Loads and validates the file for the two years the schedule will start next.
 * @returns the snapshot the schedule carries
 * @throws UsageError listing every problem
 */
export function snapshotFor(file: string, calendarFiles: string[], at: AtDay, notify: Recipient[], now: Date): { input: YearlyStartInput; years: number[] } {
  const first = nextFiringYear(at, now);
  const years = [first, first + 1];
  const [input] = years.map((y) => loadCycleInput(file, y, calendarFiles));
  return { input: { cascade: input!.cascade, calendar: input!.calendar, notify }, years };
}

function spec(at: AtDay) {
  return { calendars: [{ month: MONTHS[at.month - 1]!, dayOfMonth: at.day, hour: YEARLY_START_HOUR, minute: 0 }], timezone: SCHEDULE_TIME_ZONE };
}

/**
 * Creates the cascade's yearly schedule.
 * @throws UsageError when it exists already
 */
export async function createYearlySchedule(client: Client, taskQueue: string, input: YearlyStartInput, at: AtDay, file: string): Promise<string> {
  const scheduleId = yearlyScheduleId(input.cascade.id);
  try {
    await client.schedule.create({
      scheduleId,
      spec: spec(at),
      action: {
        type: 'startWorkflow',
        workflowType: yearlyCycleStartWorkflow,
        workflowId: yearlyStarterWorkflowId(input.cascade.id),
        taskQueue,
        args: [input],
        staticSummary: `Khởi động chu kỳ hằng năm — ${input.cascade.name}`,
      },
      // One start per year; a start missed by a day of downtime still runs when the server is back.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      memo: { file, at: formatAt(at) },
      state: { note: `Tạo từ ${file}` },
    });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) {
      throw new UsageError(`đã có lịch ${scheduleId}; muốn đổi tệp hoặc ngày thì dùng: cascade schedule update --config ${file}`);
    }
    throw err;
  }
  return scheduleId;
}

/**
 * Replaces the snapshot (and the day, when given) of an existing schedule.
 * @throws UsageError when there is no such schedule
 */
export async function updateYearlySchedule(client: Client, input: YearlyStartInput, at: AtDay | undefined, file: string): Promise<string> {
  const scheduleId = yearlyScheduleId(input.cascade.id);
  try {
    await client.schedule.getHandle(scheduleId).update((prev) => {
      if (prev.action.type !== 'startWorkflow') throw new UsageError(`lịch ${scheduleId} không phải lịch khởi động chu kỳ`);
      return { ...prev, ...(at ? { spec: spec(at), memo: { ...prev.memo, at: formatAt(at) } } : {}), action: { ...prev.action, workflowType: yearlyCycleStartWorkflow, args: [input] } };
    });
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new UsageError(`chưa có lịch ${scheduleId}; tạo bằng: cascade schedule create --config ${file} --at MM-DD`);
    throw err;
  }
  return scheduleId;
}

/**
 * @returns the day and admins of an existing schedule (what `update` keeps when not given again)
 * @throws UsageError when there is no such schedule
 */
export async function currentSettings(client: Client, cascadeId: string, file: string): Promise<{ at: AtDay; notify: Recipient[] }> {
  const scheduleId = yearlyScheduleId(cascadeId);
  let d: ScheduleDescription;
  try {
    d = await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new UsageError(`chưa có lịch ${scheduleId}; tạo bằng: cascade schedule create --config ${file} --at MM-DD`);
    throw err;
  }
  const at = parseAt(typeof d.memo?.at === 'string' ? d.memo.at : '01-01');
  const args = d.action.type === 'startWorkflow' ? (d.action.args as [Partial<YearlyStartInput>] | undefined) : undefined;
  return { at, notify: args?.[0]?.notify ?? [] };
}

/** @returns "MM-DD" */
export function formatAt(at: AtDay): string {
  return `${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`;
}

/** One line of `cascade schedule list`. */
export interface ScheduleRow {
  scheduleId: string;
  paused: boolean;
  note: string | undefined;
  next: Date | undefined;
  last: { scheduledAt: Date; workflowId: string; status: string; failure?: string } | undefined;
}

/**
 * @returns every yearly cascade schedule, with its next firing and how the last one went
 */
export async function listYearlySchedules(client: Client): Promise<ScheduleRow[]> {
  const rows: ScheduleRow[] = [];
  for await (const s of client.schedule.list()) {
    if (!/^cascade\/[a-z0-9-]+\/yearly$/.test(s.scheduleId)) continue;
    let d: ScheduleDescription;
    try {
      d = await client.schedule.getHandle(s.scheduleId).describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) continue; // deleted while listing
      throw err;
    }
    const recent = d.info.recentActions.at(-1);
    let last: ScheduleRow['last'];
    if (recent && recent.action.type === 'startWorkflow') {
      const { workflowId, firstExecutionRunId } = recent.action.workflow;
      const wf = await client.workflow.getHandle(workflowId, firstExecutionRunId).describe().catch(() => undefined);
      let failure: string | undefined;
      if (wf?.status.name === 'FAILED') {
        failure = await client.workflow
          .getHandle(workflowId, firstExecutionRunId)
          .result()
          .then(() => undefined, (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
      }
      last = { scheduledAt: recent.scheduledAt, workflowId, status: wf?.status.name ?? 'UNKNOWN', ...(failure ? { failure } : {}) };
    }
    rows.push({ scheduleId: s.scheduleId, paused: d.state.paused, note: d.state.note, next: d.info.nextActionTimes[0], last });
  }
  return rows.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}
