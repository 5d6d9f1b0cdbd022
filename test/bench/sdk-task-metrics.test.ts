/**
 * The comparison reports read the SDK's task histograms around each phase: the
 * sums and counts of a Prometheus exposition must be taken per workflow type, and
 * a phase's mean must be the difference of two scrapes.
 */
import { describeTaskTimings, parseTaskMetrics, timingBetween } from '../../bench/sdk-task-metrics';

const scrape = (execSum: number, execCount: number, s2sSum: number, s2sCount: number): string =>
  [
    '# HELP temporal_workflow_task_execution_latency Histogram of workflow task execution (not replay) latencies',
    '# TYPE temporal_workflow_task_execution_latency histogram',
    `temporal_workflow_task_execution_latency_bucket{namespace="default",task_queue="scale-1",workflow_type="unitPlanWorkflow",le="10"} 3`,
    `temporal_workflow_task_execution_latency_sum{namespace="default",task_queue="scale-1",workflow_type="unitPlanWorkflow"} ${execSum}`,
    `temporal_workflow_task_execution_latency_count{namespace="default",task_queue="scale-1",workflow_type="unitPlanWorkflow"} ${execCount}`,
    `temporal_workflow_task_execution_latency_sum{namespace="default",task_queue="raw-1",workflow_type="rawTreeNodeWorkflow"} 7`,
    `temporal_workflow_task_execution_latency_count{namespace="default",task_queue="raw-1",workflow_type="rawTreeNodeWorkflow"} 7`,
    `temporal_workflow_task_schedule_to_start_latency_milliseconds_sum{namespace="default",task_queue="scale-1"} ${s2sSum}`,
    `temporal_workflow_task_schedule_to_start_latency_milliseconds_count{namespace="default",task_queue="scale-1"} ${s2sCount}`,
    `temporal_activity_execution_latency_seconds_sum{namespace="default",activity_type="sendNotification"} 0.5`,
    `temporal_activity_execution_latency_seconds_count{namespace="default",activity_type="sendNotification"} 2`,
    'temporal_sticky_cache_size{namespace="default"} 12',
  ].join('\n');

describe('parseTaskMetrics', () => {
  it('sums and counts each histogram per workflow or activity type, in milliseconds', () => {
    const t = parseTaskMetrics(scrape(40, 10, 90, 3));
    expect(t.get('temporal_workflow_task_execution_latency|unitPlanWorkflow')).toEqual({ sum: 40, count: 10 });
    expect(t.get('temporal_workflow_task_execution_latency|rawTreeNodeWorkflow')).toEqual({ sum: 7, count: 7 });
    // A unit in the name is dropped; seconds become milliseconds.
    expect(t.get('temporal_workflow_task_schedule_to_start_latency|-')).toEqual({ sum: 90, count: 3 });
    expect(t.get('temporal_activity_execution_latency|sendNotification')).toEqual({ sum: 500, count: 2 });
    expect([...t.keys()].some((k) => k.startsWith('temporal_sticky_cache_size'))).toBe(false);
  });
});

describe('timingBetween', () => {
  const before = parseTaskMetrics(scrape(40, 10, 90, 3));
  const after = parseTaskMetrics(scrape(100, 30, 150, 8));

  it('gives the mean of the tasks between two scrapes', () => {
    expect(timingBetween(before, after, 'temporal_workflow_task_execution_latency', 'unitPlanWorkflow')).toEqual({ count: 20, meanMs: 3 });
    expect(timingBetween(before, after, 'temporal_workflow_task_schedule_to_start_latency', '-')).toEqual({ count: 5, meanMs: 12 });
  });

  it('has no mean when nothing ran', () => {
    const none = timingBetween(before, before, 'temporal_workflow_task_replay_latency', 'unitPlanWorkflow');
    expect(none.count).toBe(0);
    expect(none.meanMs).toBeNaN();
  });

  it('reads as one line of a report', () => {
    const line = describeTaskTimings('Fan-out', (m, type) => timingBetween(before, after, m, type), 'unitPlanWorkflow');
    expect(line).toBe(
      "Fan-out (unitPlanWorkflow, the SDK's histograms): workflow tasks waited for the worker 12.0 ms mean over 5, ran in it 3.0 ms mean over 20, of which replay none; activities ran none",
    );
  });
});
