/**
 * Starting a yearly cycle, in one place for the CLI (`cascade cycle start`) and
 * `npm start`: the file is validated, the year's deadlines checked, and the
 * cycle started at most once per cascade and year.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { computeUnitDeadlines } from '../../domain/cascade';
import { cycleWorkflowId } from '../../domain/ids';
import { CYCLE_KEY } from '../../domain/search-attributes';
import { cascadeCycleWorkflow, type CycleInput } from '../../workflows/cascade-cycle';
import { formatProblem, loadCalendarFiles, loadCascadeFile, UsageError } from './cascade-file';

/**
 * @param file the cascade file
 * @param year the cycle year; `(cascade) => year` lets the caller pick it from the file
 * @param calendarFiles extra calendar data merged over the shipped schedules
 * @returns the workflow input
 * @throws UsageError listing every problem, one line each with its path
 */
export function loadCycleInput(file: string, year: number | ((cascade: CycleInput['cascade']) => number), calendarFiles: string[] = []): CycleInput {
  const cal = loadCalendarFiles(calendarFiles);
  if (!cal.ok) throw new UsageError(cal.problems.map((p) => formatProblem(cal.file ?? '--calendar', p)).join('\n'));
  const loaded = loadCascadeFile(file);
  if (!loaded.ok) throw new UsageError(`${file} không hợp lệ (chạy: cascade validate ${file})\n${loaded.problems.map((p) => formatProblem(file, p)).join('\n')}`);
  const cycleYear = typeof year === 'number' ? year : year(loaded.value);
  const problems = computeUnitDeadlines(loaded.value, cycleYear, cal.value).problems;
  if (problems.length) throw new UsageError(loaded.locate(problems).map((p) => formatProblem(file, p)).join('\n'));
  return { cascade: loaded.value, year: cycleYear, calendar: cal.value };
}

/**
 * Starts the cycle workflow. One cycle per cascade and year, ever: a finished
 * year is not restarted by mistake (id reuse policy REJECT_DUPLICATE).
 * @returns `started`, or `exists` when that cycle was started before
 */
export async function startCycleWorkflow(client: Client, taskQueue: string, input: CycleInput): Promise<{ workflowId: string; outcome: 'started' | 'exists' }> {
  const { cascade, year } = input;
  const workflowId = cycleWorkflowId(cascade.id, year);
  try {
    await client.workflow.start(cascadeCycleWorkflow, {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CYCLE_KEY, value: `${cascade.id}/${year}` }],
      staticSummary: `${cascade.name} — năm ${year}`,
      staticDetails: `Chu kỳ năm ${year} của "${cascade.id}"; hạn báo cáo: ${cascade.cycle.report.wording}.`,
    });
    return { workflowId, outcome: 'started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, outcome: 'exists' };
    throw err;
  }
}
