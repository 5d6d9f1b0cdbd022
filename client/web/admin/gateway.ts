/**
 * The dashboard's way to Temporal: cycles from visibility, a cycle's units from
 * one visibility list (client/shared/unit-listing.ts), one unit's exact state by
 * Query (all units' states, a few at a time, for the progress chart), the cycle's configuration from its first history event (cached: it
 * never changes), and steering as the cycle's admin Updates.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { AdminResult } from '../../../domain/admin';
import { cycleWorkflowId, parseWorkflowId, unitWorkflowId } from '../../../domain/ids';
import { STAGE_KEY } from '../../../domain/search-attributes';
import {
  addUnitCycleUpdate,
  cancelCycleUpdate,
  cycleStatusQuery,
  extendDeadlineCycleUpdate,
  reassignCycleUpdate,
  remindNowCycleUpdate,
  removeUnitCycleUpdate,
  type CycleInput,
  type CycleStatus,
} from '../../../workflows/cascade-cycle';
import { unitStateQuery, type UnitState } from '../../../workflows/unit-messages';
import { mapLimit } from '../../../runtime/map-limit';
import { listUnits, type UnitRow } from '../../shared/unit-listing';

/** One cycle in the list. */
export interface CycleListItem {
  cascadeId: string;
  year: number;
  workflowId: string;
  outcome: string;
  startedAt: string | null;
}

/** Steering actions, each one cycle Update. */
export type SteerAction =
  | { kind: 'extend'; unitId: string; newDueDate: string }
  | { kind: 'remind'; unitId: string }
  | { kind: 'reassign'; unitId: string; head: { name: string; title: string; email: string } }
  | { kind: 'add-unit'; unitId: string; node: { id: string; name: string; level: string; head: { name: string; title: string; email: string } } }
  | { kind: 'remove-unit'; unitId: string }
  | { kind: 'cancel' };

/** What a steering action gave. */
export type SteerOutcome = { ok: true; message: string } | { ok: false; message: string };

/** Boundary between the dashboard and Temporal. */
export interface AdminGateway {
  listCycles(): Promise<CycleListItem[]>;
  /** @returns the cycle's status, or null when there is no such cycle */
  cycleStatus(cascadeId: string, year: number): Promise<CycleStatus | null>;
  /** The cycle's input (cascade file snapshot, calendar), for labels, levels and the escalation ladder. */
  cycleInput(cascadeId: string, year: number): Promise<CycleInput | null>;
  listUnits(cascadeId: string, year: number): Promise<UnitRow[]>;
  unitState(cascadeId: string, year: number, unitId: string): Promise<UnitState | null>;
  /** Each unit's own state (one Query each, a few at a time); units not started yet are left out. */
  unitStates(cascadeId: string, year: number, unitIds: readonly string[]): Promise<UnitState[]>;
  /** @returns when the cycle workflow started (ISO), or null when there is no such cycle */
  cycleStartedAt(cascadeId: string, year: number): Promise<string | null>;
  steer(cascadeId: string, year: number, action: SteerAction, reason: string, actor: string): Promise<SteerOutcome>;
}

function refusal(err: unknown): string | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  let cause: unknown = err.cause;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure) return cause.message;
    cause = cause.cause;
  }
  return err.message;
}

/**
 * @param client a connected client
 * @returns the gateway
 */
export function createTemporalAdminGateway(client: Client): AdminGateway {
  const inputs = new Map<string, CycleInput>();
  const unitState = async (cascadeId: string, year: number, unitId: string): Promise<UnitState | null> => {
    try {
      return await client.workflow.getHandle(unitWorkflowId(cascadeId, year, unitId)).query(unitStateQuery);
    } catch {
      return null; // not started yet, or gone
    }
  };
  return {
    async listCycles() {
      const out: CycleListItem[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowType = "cascadeCycleWorkflow"`, pageSize: 500 })) {
        const p = parseWorkflowId(wf.workflowId);
        if (p?.kind !== 'cycle') continue;
        out.push({ cascadeId: p.cascadeId, year: p.year, workflowId: wf.workflowId, outcome: wf.typedSearchAttributes.get(STAGE_KEY) ?? wf.status.name.toLowerCase(), startedAt: wf.startTime.toISOString() });
      }
      return out.sort((a, b) => b.year - a.year || a.cascadeId.localeCompare(b.cascadeId));
    },
    async cycleStatus(cascadeId, year) {
      try {
        return await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleStatusQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },
    async cycleInput(cascadeId, year) {
      const id = cycleWorkflowId(cascadeId, year);
      const cached = inputs.get(id);
      if (cached) return cached;
      let page;
      try {
        page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution: { workflowId: id }, maximumPageSize: 1 });
      } catch (err) {
        if (/not found/i.test((err as Error).message)) return null;
        throw err;
      }
      const payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
      if (!payloads?.length) return null;
      // Encrypted at rest: decoded with the client's own converter (the payload codec), as every read is.
      const input = await decodeFromPayloadsAtIndex<CycleInput>(client.options.loadedDataConverter, 0, payloads);
      if (inputs.size > 50) inputs.clear();
      inputs.set(id, input);
      return input;
    },
    listUnits(cascadeId, year) {
      return listUnits(client, cascadeId, year);
    },
    unitState,
    async unitStates(cascadeId, year, unitIds) {
      const states = await mapLimit(unitIds, 16, (id) => unitState(cascadeId, year, id));
      return states.filter((s): s is UnitState => s !== null);
    },
    async cycleStartedAt(cascadeId, year) {
      try {
        return (await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).describe()).startTime.toISOString();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },
    async steer(cascadeId, year, action, reason, actor) {
      const h = client.workflow.getHandle(cycleWorkflowId(cascadeId, year));
      try {
        let r: AdminResult;
        switch (action.kind) {
          case 'extend':
            r = await h.executeUpdate(extendDeadlineCycleUpdate, { args: [{ unitId: action.unitId, newDueDate: action.newDueDate, reason, actor }] });
            break;
          case 'remind':
            r = await h.executeUpdate(remindNowCycleUpdate, { args: [{ unitId: action.unitId, reason, actor }] });
            break;
          case 'reassign':
            r = await h.executeUpdate(reassignCycleUpdate, { args: [{ unitId: action.unitId, head: action.head, reason, actor }] });
            break;
          case 'add-unit':
            r = await h.executeUpdate(addUnitCycleUpdate, { args: [{ unitId: action.unitId, node: { ...action.node, substitutes: [] }, reason, actor }] });
            break;
          case 'remove-unit':
            r = await h.executeUpdate(removeUnitCycleUpdate, { args: [{ unitId: action.unitId, reason, actor }] });
            break;
          case 'cancel':
            r = await h.executeUpdate(cancelCycleUpdate, { args: [{ reason, actor }] });
            break;
        }
        return { ok: true, message: r.message };
      } catch (err) {
        const message = refusal(err);
        if (message) return { ok: false, message };
        if (err instanceof WorkflowNotFoundError) return { ok: false, message: 'Không tìm thấy chu kỳ (đã kết thúc hoặc không tồn tại).' };
        throw err;
      }
    },
  };
}
