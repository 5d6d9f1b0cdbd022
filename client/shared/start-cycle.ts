/**
 * Starting a yearly cycle, in one place for the CLI (`cascade cycle start`) and
 * `npm start`: the file is validated, the year's deadlines checked, and the
 * cycle started at most once per cascade and year.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { computeUnitDeadlines } from '../../domain/cascade';
import { cycleWorkflowId } from '../../domain/ids';
import { CYCLE_KEY } from '../../domain/search-attributes';
import type { SnapshotStore } from '../../runtime/snapshot-store';
import { cascadeCycleWorkflow, type CycleInput, type CycleStartInput } from '../../workflows/cascade-cycle';
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
 * A cycle input larger than this (JSON bytes) is stored in the snapshot store and
 * the cycle started by reference, so no payload of the cycle passes 256 KiB;
 * smaller ones travel by value, as every cycle did before inputs by reference.
 */
export const BY_REFERENCE_ABOVE_BYTES = 256 * 1024;

/** How a cycle is started: by value, or by reference when the store is given and the input is large. */
export interface StartCycleOptions {
  /** Where a large input is stored; without it the cycle starts by value. */
  snapshots?: SnapshotStore;
  /** Threshold, default {@link BY_REFERENCE_ABOVE_BYTES} (0: always by reference). */
  byReferenceAboveBytes?: number;
}

/**
 * @param input the by-value input
 * @param opts the store and threshold
 * @returns the workflow's argument: the input itself, or (stored first) its reference
 */
export async function cycleStartArgument(input: CycleInput, opts: StartCycleOptions = {}): Promise<CycleStartInput> {
  const limit = opts.byReferenceAboveBytes ?? BY_REFERENCE_ABOVE_BYTES;
  if (!opts.snapshots || Buffer.byteLength(JSON.stringify(input)) <= limit) return input;
  return { snapshot: await opts.snapshots.put(input), cascadeId: input.cascade.id, year: input.year };
}

/**
 * Starts the cycle workflow. One cycle per cascade and year, ever: a finished
 * year is not restarted by mistake (id reuse policy REJECT_DUPLICATE).
 * @param opts with a snapshot store, a large input starts by reference
 * @returns `started`, or `exists` when that cycle was started before
 */
export async function startCycleWorkflow(client: Client, taskQueue: string, input: CycleInput, opts: StartCycleOptions = {}): Promise<{ workflowId: string; outcome: 'started' | 'exists' }> {
  const { cascade, year } = input;
  const workflowId = cycleWorkflowId(cascade.id, year);
  try {
    await client.workflow.start(cascadeCycleWorkflow, {
      taskQueue,
      workflowId,
      args: [await cycleStartArgument(input, opts)],
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
