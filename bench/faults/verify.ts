/**
 * The suite's verdict, read from Temporal afterwards (never from what the harness
 * believes): every unit's state by Query, and every run's history.
 *
 * - lost: a submission a page acknowledged whose effect is not in its unit's
 *   state (the plan with its number for a draft, the approval for a review).
 * - applied twice: an Update of the same task and revision that completed with
 *   the outcome "accepted" more than once in a unit's histories (all runs); a
 *   repeat must come back "already-recorded".
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { mapLimit } from '../../runtime/map-limit';
import { unitStateQuery, type UnitState } from '../../workflows/unit-messages';
import type { Submission } from './heads';

/** What the histories and states say. */
export interface Verdict {
  units: number;
  /** Units whose planning round ended (stage `implementing`). */
  unitsCompleted: number;
  acknowledged: number;
  /** Acknowledged, not in state: must be 0. Their keys, for the report. */
  lost: string[];
  /** Updates applied (outcome "accepted") more than once: must be 0. */
  appliedTwice: string[];
  /** Accepted Updates counted in the histories, all runs. */
  updatesAccepted: number;
  /** Repeats that came back "already-recorded". */
  updatesAlreadyRecorded: number;
}

type Payload = temporal.api.common.v1.IPayload;

async function decode<T>(dc: DataConverter, payload: Payload | undefined | null): Promise<T | undefined> {
  if (!payload) return undefined;
  let ps = [payload] as Parameters<NonNullable<DataConverter['payloadCodecs']>[number]['decode']>[0];
  for (const codec of [...(dc.payloadCodecs ?? [])].reverse()) ps = await codec.decode(ps);
  return defaultPayloadConverter.fromPayload<T>(ps[0]!);
}

/** @returns `workflowId|task|revision` of every Update that completed "accepted", with repeats */
async function acceptedUpdates(client: Client, dc: DataConverter, workflowId: string, runId: string): Promise<{ accepted: string[]; already: number }> {
  const history = await persist(() => client.workflow.getHandle(workflowId, runId).fetchHistory());
  const inputs = new Map<string, string>();
  const accepted: string[] = [];
  let already = 0;
  for (const e of history.events ?? []) {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (a) {
      const input = await decode<{ task?: string; revision?: number }>(dc, a.acceptedRequest?.input?.args?.payloads?.[0]);
      inputs.set(String(e.eventId), `${workflowId}|${input?.task ?? a.acceptedRequest?.input?.name}|${input?.revision ?? '?'}`);
    }
    const c = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c?.outcome?.success) {
      const result = await decode<{ outcome?: string }>(dc, c.outcome.success.payloads?.[0]);
      if (result?.outcome === 'accepted') accepted.push(inputs.get(String(c.acceptedEventId)) ?? `${workflowId}|?`);
      else already++;
    }
  }
  return { accepted, already };
}

/** @returns whether the submission's effect is in the unit's state */
/**
 * Reads for the verdict are retried a few times: on a machine under load a Query may
 * time out while the workers catch up, and a failed read must not void a whole run.
 */
async function persist<T>(read: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 2_000 * i));
    }
  }
}

function inState(s: Submission, state: UnitState | undefined): boolean {
  if (!state) return false;
  const record = state.actions?.[`${s.task}:${s.revision}`];
  if (!record) return false;
  if (s.task === 'draft-plan') return state.plan?.planNumber === s.planNumber;
  return record.decision === 'approve';
}

/**
 * @param client a client with the product's data converter
 * @param dc that data converter (to read Update inputs and results in histories)
 * @param cycle the cycle's search attribute value (`cascade/year`)
 * @param unitWorkflowIds every unit workflow of the cycle
 * @param submissions what the heads did
 * @returns the verdict
 */
export async function verify(client: Client, dc: DataConverter, cycle: string, unitWorkflowIds: string[], submissions: Submission[]): Promise<Verdict> {
  const states = new Map<string, UnitState>();
  await mapLimit(unitWorkflowIds, 16, async (id) => {
    states.set(id, await persist(() => client.workflow.getHandle(id).query(unitStateQuery)));
  });
  const acked = submissions.filter((s) => s.acknowledged);
  const lost = acked.filter((s) => !inState(s, states.get(s.workflowId))).map((s) => `${s.workflowId}|${s.task}|${s.revision}`);

  const runs: Array<{ workflowId: string; runId: string }> = [];
  for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cycle}" AND WorkflowType = "unitPlanWorkflow"`, pageSize: 1000 })) runs.push({ workflowId: wf.workflowId, runId: wf.runId });
  const perRun = await mapLimit(runs, 8, (r) => acceptedUpdates(client, dc, r.workflowId, r.runId));
  const counts = new Map<string, number>();
  for (const key of perRun.flatMap((r) => r.accepted)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return {
    units: unitWorkflowIds.length,
    unitsCompleted: [...states.values()].filter((s) => s.stage === 'implementing').length,
    acknowledged: acked.length,
    lost,
    appliedTwice: [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`),
    updatesAccepted: [...counts.values()].reduce((a, b) => a + b, 0),
    updatesAlreadyRecorded: perRun.reduce((a, r) => a + r.already, 0),
  };
}
