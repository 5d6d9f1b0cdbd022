/**
 * Started by a cascade's yearly Temporal Schedule (`cascade schedule create`):
 * reads the time the schedule fired for (the server's
 * `TemporalScheduledStartTime`, recorded in the start event, so replay sees the
 * same value), takes that year as the cycle year, re-checks the year's
 * deadlines against the file snapshot taken when the schedule was made, and
 * starts the cycle as an abandoned child (the cycle lives on for a year; this
 * workflow ends once it has started).
 *
 * A start that fails is mailed to the admins named on the schedule and the
 * workflow fails with the reason, so operators see it in the schedule's recent
 * actions and in the Web UI. A cycle that already exists (started by hand) is
 * not a failure: the answer is `exists`.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  proxyActivities,
  setCurrentDetails,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CalendarData } from '../domain/calendar/pure';
import { computeUnitDeadlines } from '../domain/cascade/deadlines';
import type { Cascade } from '../domain/cascade/schema';
import { cycleYearOf, SCHEDULED_START_TIME_KEY, yearlyStarterWorkflowId } from '../domain/cycle/yearly-start';
import { cycleWorkflowId } from '../domain/ids';
import type { Recipient } from '../domain/notifications';
import { CYCLE_KEY } from '../domain/search-attributes';
import type { MailActivities } from '../activities/types';
import { cascadeCycleWorkflow } from './cascade-cycle';

/** Input of {@link yearlyCycleStartWorkflow}: the snapshot taken (and validated) when the schedule was made or updated. */
export interface YearlyStartInput {
  cascade: Cascade;
  calendar: CalendarData;
  /** Who is mailed when a start fails. */
  notify: Recipient[];
}

/** What one scheduled start did. */
export interface YearlyStartResult {
  year: number;
  cycleWorkflowId: string;
  outcome: 'started' | 'exists';
}

const { sendNotification } = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: ['PermanentSmtpError', 'InvalidNotification'] },
});

/**
 * @param input the cascade snapshot, calendar data and admins to tell about a failure
 * @returns the year and id of the cycle it started (or found already started)
 */
export async function yearlyCycleStartWorkflow(input: YearlyStartInput): Promise<YearlyStartResult> {
  const { cascade, calendar } = input;
  const info = workflowInfo();
  // Started by hand (no schedule), the start time stands in for the scheduled time.
  const scheduledAt = info.typedSearchAttributes.get(SCHEDULED_START_TIME_KEY) ?? info.runStartTime;
  const year = cycleYearOf(scheduledAt);
  const workflowId = cycleWorkflowId(cascade.id, year);

  const problems = computeUnitDeadlines(cascade, year, calendar).problems;
  if (problems.length) {
    await fail(year, `Hạn báo cáo năm ${year} không hợp lệ`, problems.map((p) => p.message));
  }
  try {
    await startChild(cascadeCycleWorkflow, {
      workflowId,
      args: [{ cascade, year, calendar }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // The cycle runs for a year; this starter ends as soon as it has started it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [{ key: CYCLE_KEY, value: `${cascade.id}/${year}` }],
      staticSummary: `${cascade.name} — năm ${year}`,
      staticDetails: `Chu kỳ năm ${year} của "${cascade.id}", khởi động theo lịch hằng năm; hạn báo cáo: ${cascade.cycle.report.wording}.`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      setCurrentDetails(`Chu kỳ năm ${year} đã có từ trước (${workflowId}); không khởi động lại.`);
      return { year, cycleWorkflowId: workflowId, outcome: 'exists' };
    }
    await fail(year, `Không khởi động được chu kỳ năm ${year}: ${err instanceof Error ? err.message : String(err)}`, []);
  }
  setCurrentDetails(`Đã khởi động chu kỳ năm ${year} (${workflowId}).`);
  return { year, cycleWorkflowId: workflowId, outcome: 'started' };

  async function fail(y: number, reason: string, lines: string[]): Promise<never> {
    setCurrentDetails(`**Chưa khởi động được chu kỳ năm ${y}**: ${reason}`);
    await Promise.all(
      input.notify.map((to, i) =>
        sendNotification({
          kind: 'scheduled-start-failed',
          workflowId: yearlyStarterWorkflowId(cascade.id),
          revision: 0,
          sequence: `${y}-${i}`,
          to,
          unitName: cascade.name,
          parentPlanLabel: `năm ${y}`,
          note: reason,
          lines,
        }),
      ),
    );
    throw ApplicationFailure.create({ type: 'ScheduledStartFailed', message: `${reason}${lines.length ? `: ${lines.join('; ')}` : ''}`, nonRetryable: true });
  }
}
