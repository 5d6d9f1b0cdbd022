/**
 * The SDK's own timings of workflow and activity tasks, read from the worker
 * runtime's Prometheus endpoint before and after a phase: how long a workflow
 * task waited for the worker (schedule to start) and how long the worker spent
 * on it (execution), per workflow type. The rest of an Update's latency is the
 * server and the way there and back. The bench's process installs the runtime
 * once with {@link sdkMetricsRuntimeOptions}; without it nothing is measured.
 */

/** Histogram sums and counts by metric and workflow (or activity) type, as scraped. */
export type MetricTotals = Map<string, { sum: number; count: number }>;

/** The histograms read: each a latency in milliseconds. */
export const TASK_HISTOGRAMS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_replay_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
] as const;

/** One histogram of {@link TASK_HISTOGRAMS}. */
export type TaskHistogram = (typeof TASK_HISTOGRAMS)[number];

// The exporter may name the unit after the metric (`…_latency_milliseconds_sum`); seconds are turned into milliseconds.
const LINE = /^(\w+?)(_milliseconds|_seconds)?_(sum|count)\{([^}]*)\}\s+([0-9.eE+-]+)$/;

/**
 * @param text a Prometheus text exposition
 * @returns the sums and counts of {@link TASK_HISTOGRAMS}, keyed `metric|type` (type: workflow_type or activity_type, or `-` for task-queue-wide ones)
 */
export function parseTaskMetrics(text: string): MetricTotals {
  const totals: MetricTotals = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m || !(TASK_HISTOGRAMS as readonly string[]).includes(m[1]!)) continue;
    const [, name, unit, part, labels, value] = m;
    const type = /(?:workflow_type|activity_type)="([^"]*)"/.exec(labels!)?.[1] ?? '-';
    const key = `${name}|${type}`;
    const t = totals.get(key) ?? { sum: 0, count: 0 };
    t[part as 'sum' | 'count'] += Number(value) * (part === 'sum' && unit === '_seconds' ? 1000 : 1);
    totals.set(key, t);
  }
  return totals;
}

/** Mean latency and count of one histogram over a phase. */
export interface TaskTiming {
  count: number;
  meanMs: number;
}

/**
 * @returns the mean and count of `metric` for `type` between two scrapes (`-` sums every type)
 */
export function timingBetween(before: MetricTotals, after: MetricTotals, metric: TaskHistogram, type: string): TaskTiming {
  const pick = (t: MetricTotals): { sum: number; count: number } => {
    if (type !== '-') return t.get(`${metric}|${type}`) ?? { sum: 0, count: 0 };
    let sum = 0;
    let count = 0;
    for (const [k, v] of t) if (k.startsWith(`${metric}|`)) { sum += v.sum; count += v.count; }
    return { sum, count };
  };
  const a = pick(before);
  const b = pick(after);
  const count = b.count - a.count;
  return { count, meanMs: count > 0 ? (b.sum - a.sum) / count : NaN };
}

/** Reads the endpoint; undefined when it is not there (the runtime was installed without metrics). */
export async function scrapeTaskMetrics(address: string | undefined): Promise<MetricTotals | undefined> {
  if (!address) return undefined;
  try {
    const res = await fetch(`http://${address}/metrics`);
    return res.ok ? parseTaskMetrics(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scrapes before and after `phase`.
 * @returns the phase's result and a function giving the timing of a histogram and type over it (undefined without metrics)
 */
export async function withTaskMetrics<T>(address: string | undefined, phase: () => Promise<T>): Promise<{ result: T; timing?: (metric: TaskHistogram, type: string) => TaskTiming }> {
  const before = await scrapeTaskMetrics(address);
  const result = await phase();
  const after = await scrapeTaskMetrics(address);
  if (!before || !after) return { result };
  return { result, timing: (metric, type) => timingBetween(before, after, metric, type) };
}

/** @returns one line of the worker's timings of a workflow type's tasks over a phase, for a report's notes */
export function describeTaskTimings(label: string, timing: (metric: TaskHistogram, type: string) => TaskTiming, workflowType: string): string {
  const f = (t: TaskTiming): string => (t.count ? `${t.meanMs.toFixed(1)} ms mean over ${t.count.toLocaleString('en-US')}` : 'none');
  return `${label} (${workflowType}, the SDK's histograms): workflow tasks waited for the worker ${f(timing('temporal_workflow_task_schedule_to_start_latency', '-'))}, ran in it ${f(timing('temporal_workflow_task_execution_latency', workflowType))}, of which replay ${f(timing('temporal_workflow_task_replay_latency', workflowType))}; activities ran ${f(timing('temporal_activity_execution_latency', '-'))}`;
}
