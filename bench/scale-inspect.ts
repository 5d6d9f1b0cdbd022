/**
 * Figures of a scale cycle still starting (when a bench run cannot finish in the
 * time at hand): units running per stage, and the cycle's and root's runs so
 * far (history events and bytes, largest payload, children started and pending).
 *
 *   npx tsx bench/scale-inspect.ts <server address> <cascade id>/<year> <root unit id>
 */
import { Client, Connection } from '@temporalio/client';
import { cycleWorkflowId, unitWorkflowId } from '../domain/ids';
import { childrenOfRun, payloadsOfRun } from '../test/scale/scale-cycle';

async function main(): Promise<void> {
  const [address, cycle, rootId] = process.argv.slice(2);
  if (!address || !cycle?.includes('/') || !rootId) throw new Error('usage: scale-inspect <address> <cascade id>/<year> <root unit id>');
  const [cascadeId, yearText] = cycle.split('/') as [string, string];
  const connection = await Connection.connect({ address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  const client = new Client({ connection });
  try {
    const base = `CascadeCycle = "${cycle}" AND ExecutionStatus = "Running" AND WorkflowType = "unitPlanWorkflow"`;
    const stages = await Promise.all(['drafting', 'waiting'].map(async (s) => `${s} ${(await client.workflow.count(`${base} AND CascadeStage = "${s}"`)).count}`));
    console.log(`${new Date().toISOString()} ${cycle}: running ${(await client.workflow.count(base)).count} (${stages.join(', ')})`);
    for (const workflowId of [cycleWorkflowId(cascadeId, Number(yearText)), unitWorkflowId(cascadeId, Number(yearText), rootId)]) {
      const runs: { runId: string }[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs.push(wf);
      let worst = { events: 0, historyBytes: 0, largestPayload: 0, started: 0, maxPending: 0 };
      for (const { runId } of runs) {
        const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        const p = payloadsOfRun(history);
        const c = childrenOfRun(history);
        worst = {
          events: Math.max(worst.events, history.events?.length ?? 0),
          historyBytes: Math.max(worst.historyBytes, p.historyBytes),
          largestPayload: Math.max(worst.largestPayload, p.largestPayload),
          started: Math.max(worst.started, c.started),
          maxPending: Math.max(worst.maxPending, c.maxPending),
        };
      }
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      console.log(
        `  ${workflowId}: ${runs.length} runs; most events ${worst.events}; largest history ${kib(worst.historyBytes)}; largest payload ${kib(worst.largestPayload)}; children started per run ≤ ${worst.started}; pending ≤ ${worst.maxPending}`,
      );
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
