/**
 * Status of a whole cycle, from the units themselves (their state queries), so
 * the figures are exact rather than eventually consistent.
 */
import type { Client } from '@temporalio/client';
import { mapLimit } from '../../../runtime/map-limit';
import { cycleWorkflowId, unitWorkflowId } from '../../../domain/ids';
import { cycleStatusQuery, type CycleStatus } from '../../../workflows/cascade-cycle';
import { unitStateQuery, type UnitState } from '../../../workflows/unit-messages';

/** One row of `cascade cycle status --json` (public contract: keep it stable). */
export interface UnitStatusRow {
  id: string;
  parentId: string | null;
  stage: string;
  dueAt: string | null;
  overdue: boolean;
  revision: number;
  late: boolean;
}

/** The whole `--json` document (public contract). */
export interface CycleStatusDocument {
  year: number;
  cycle: string;
  outcome: CycleStatus['outcome'];
  units: UnitStatusRow[];
}

/**
 * @returns the status document of one cycle; units not started yet show as `waiting`
 */
export async function cycleStatus(client: Client, cascadeId: string, year: number): Promise<CycleStatusDocument> {
  const cycle = await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleStatusQuery);
  const rows = await mapLimit(cycle.unitIds, 16, async (id): Promise<UnitStatusRow> => {
    let s: UnitState | undefined;
    try {
      s = await client.workflow.getHandle(unitWorkflowId(cascadeId, year, id)).query(unitStateQuery);
    } catch {
      s = undefined; // not started yet (its parent starts it in a later batch)
    }
    return s
      ? { id, parentId: s.parentId, stage: s.stage, dueAt: s.dueAt, overdue: s.overdue, revision: s.revision, late: s.late }
      : { id, parentId: cycle.parentIds[id] ?? null, stage: 'waiting', dueAt: null, overdue: false, revision: 0, late: false };
  });
  return { year, cycle: `${cascadeId}/${year}`, outcome: cycle.outcome, units: rows };
}
