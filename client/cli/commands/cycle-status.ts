/**
 * `cascade cycle status`: the human view reads the visibility store (one paged
 * list for the whole cycle, fast at tens of thousands of units); `--json`, the
 * public contract, reads each listed unit's own state so `revision` and `late`
 * are exact.
 */
import type { Client } from '@temporalio/client';
import { mapLimit } from '../../../runtime/map-limit';
import { formatVnShortDate } from '../../../runtime/vn-format';
import { cycleWorkflowId, unitWorkflowId } from '../../../domain/ids';
import { STAGE_LABELS_VI, STAGES, type Stage } from '../../../domain/stages';
import { cycleStatusQuery, type CycleStatus } from '../../../workflows/cascade-cycle';
import { unitStateQuery, type UnitState } from '../../../workflows/unit-messages';
import { countUnits, listUnits, summarise, unitListQuery, type UnitFilter, type UnitRow, type UnitSummary } from '../../shared/unit-listing';
import { startProgress } from '../progress';

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

const hasFilter = (f: UnitFilter): boolean => !!(f.stages?.length || f.overdue !== undefined || f.level || f.parent);

/** Units the cycle knows of but visibility does not list yet wait for their parent's batch. */
function notListedYet(cycle: CycleStatus, listed: ReadonlySet<string>): UnitRow[] {
  const { cascadeId, year } = cycle;
  return cycle.unitIds
    .filter((id) => !listed.has(id))
    .map((id) => ({ id, parentId: cycle.parentIds[id] ?? null, level: null, stage: 'waiting', dueAt: null, overdue: false, waitingOn: 'parent', workflowId: unitWorkflowId(cascadeId, year, id), runId: null }));
}

const matches = (f: UnitFilter) => (r: UnitRow): boolean =>
  (!f.stages || f.stages.includes(r.stage as Stage)) && (f.overdue === undefined || r.overdue === f.overdue) && (!f.level || r.level === f.level) && (!f.parent || r.parentId === f.parent);

/**
 * Filters go into the list query, so a narrow question reads few rows. When
 * the answer may include units not started yet (they are in no list), the
 * whole cycle is listed and filtered here instead.
 * @returns the cycle's status and its units as listed (with filters applied), and their summary
 */
export async function listCycle(client: Client, cascadeId: string, year: number, filter: UnitFilter, limit = 0): Promise<{ cycle: CycleStatus; rows: UnitRow[]; summary: UnitSummary }> {
  const cycle = await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleStatusQuery);
  const mayIncludeUnstarted = !filter.level && filter.overdue !== true && (!filter.stages || filter.stages.includes('waiting'));
  const cycleKey = `${cascadeId}/${year}`;
  if (limit > 0) {
    // Counts for the summary, and only the first `limit` rows: the cost no longer grows with the cycle.
    // While a big cycle is still starting (units not listed yet), the full listing below places them.
    const everyUnit = mayIncludeUnstarted ? (await client.workflow.count(unitListQuery(cycleKey))).count : cycle.unitIds.length;
    if (everyUnit >= cycle.unitIds.length) {
      const [summary, listed] = await Promise.all([countUnits(client, cycleKey, filter), listUnits(client, cascadeId, year, filter, undefined, limit)]);
      return { cycle, rows: listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), summary };
    }
  }
  const progress = startProgress('Đọc trạng thái đơn vị', cycle.unitIds.length);
  const listed = await listUnits(client, cascadeId, year, mayIncludeUnstarted ? {} : filter, (n) => progress.update(n));
  progress.finish();
  const alive = new Set(cycle.unitIds);
  let rows = listed.filter((r) => alive.has(r.id));
  if (mayIncludeUnstarted) {
    rows = [...rows, ...notListedYet(cycle, new Set(listed.map((r) => r.id)))].filter(matches(filter));
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return { cycle, rows, summary: summarise(rows) };
}

/**
 * @returns the `--json` document; with filters, only the units that match them
 */
export async function cycleStatus(client: Client, cascadeId: string, year: number, filter: UnitFilter = {}): Promise<CycleStatusDocument> {
  let cycle: CycleStatus;
  let ids: string[];
  if (hasFilter(filter)) {
    const listed = await listCycle(client, cascadeId, year, filter);
    cycle = listed.cycle;
    ids = listed.rows.map((r) => r.id);
  } else {
    cycle = await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleStatusQuery);
    ids = cycle.unitIds;
  }
  const progress = startProgress('Đọc trạng thái đơn vị', ids.length);
  let done = 0;
  const rows = await mapLimit(ids, 16, async (id): Promise<UnitStatusRow> => {
    let s: UnitState | undefined;
    try {
      s = await client.workflow.getHandle(unitWorkflowId(cascadeId, year, id)).query(unitStateQuery);
    } catch {
      s = undefined; // not started yet (its parent starts it in a later batch)
    }
    progress.update(++done);
    return s
      ? { id, parentId: s.parentId, stage: s.stage, dueAt: s.dueAt, overdue: s.overdue, revision: s.revision, late: s.late }
      : { id, parentId: cycle.parentIds[id] ?? null, stage: 'waiting', dueAt: null, overdue: false, revision: 0, late: false };
  });
  progress.finish();
  // A unit's own state can be a moment ahead of visibility: the filters hold on what it says now.
  const kept = rows.filter((r) => (!filter.stages || filter.stages.includes(r.stage as Stage)) && (filter.overdue === undefined || r.overdue === filter.overdue));
  return { year, cycle: `${cascadeId}/${year}`, outcome: cycle.outcome, units: kept };
}

const OUTCOME_VI: Record<CycleStatus['outcome'], string> = { running: 'đang thực hiện', reported: 'đã gửi báo cáo tổng hợp', cancelled: 'đã hủy' };

/**
 * @param summary counts of the listed units
 * @returns e.g. "70 đơn vị: 66 đang xây dựng kế hoạch, 4 chờ kế hoạch cấp trên; quá hạn: 0"
 */
export function summaryLine(summary: UnitSummary): string {
  const parts = STAGES.filter((s) => summary.byStage[s]).map((s) => `${summary.byStage[s]} ${STAGE_LABELS_VI[s].toLowerCase()}`);
  return `${summary.total} đơn vị${parts.length ? `: ${parts.join(', ')}` : ''}; quá hạn: ${summary.overdue}`;
}

/**
 * @param limit rows to print (0: all)
 * @returns the human listing: a heading, the summary line, then one tab-separated line per unit
 */
export function renderHuman(cycleKey: string, outcome: CycleStatus['outcome'], rows: readonly UnitRow[], summary: UnitSummary, limit: number): string[] {
  const lines = [`Chu kỳ ${cycleKey}: ${OUTCOME_VI[outcome]}`, summaryLine(summary)];
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  const more = Math.max(0, summary.total - shown.length);
  for (const u of shown) {
    const stage = STAGE_LABELS_VI[u.stage as Stage] ?? u.stage;
    lines.push(`${u.id}\t${stage}\t${u.dueAt ? `hạn ${formatVnShortDate(u.dueAt)}` : '-'}${u.overdue ? '\tQUÁ HẠN' : ''}`);
  }
  if (more > 0) {
    lines.push(`… và ${more} đơn vị nữa (in tất cả: --limit 0; thu hẹp: --stage, --overdue, --level, --parent)`);
  }
  return lines;
}
