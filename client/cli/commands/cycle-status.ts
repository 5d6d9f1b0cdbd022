/**
 * `cascade cycle status`: the human view reads the visibility store (one paged
 * list for the whole cycle, fast at tens of thousands of units); `--json`, the
 * public contract, reads each listed unit's own state so `revision` and `late`
 * are exact.
 */
import { QueryNotRegisteredError, type Client } from '@temporalio/client';
import { mapLimit } from '../../../runtime/map-limit';
import { formatVnShortDate } from '../../../runtime/vn-format';
import { cycleWorkflowId, unitWorkflowId } from '../../../domain/ids';
import { STAGE_LABELS_VI, STAGES, type Stage } from '../../../domain/stages';
import { cycleStatusQuery, cycleSummaryQuery, summaryOfStatus, type CycleStatus, type CycleSummary } from '../../../workflows/cycle-messages';
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

/** Units not started yet are waiting, not overdue, and have no level in any list: only these filters may match them. */
const mayIncludeUnstarted = (f: UnitFilter): boolean => !f.level && f.overdue !== true && (!f.stages || f.stages.includes('waiting'));

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
 * The cycle's outcome and unit count. Cycles whose worker predates the summary
 * Query are asked for their full status instead.
 * @returns the cycle's summary
 */
export async function readCycleSummary(client: Client, cascadeId: string, year: number): Promise<CycleSummary> {
  const handle = client.workflow.getHandle(cycleWorkflowId(cascadeId, year));
  try {
    return await handle.query(cycleSummaryQuery);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
    return summaryOfStatus(await handle.query(cycleStatusQuery));
  }
}

/**
 * Filters go into the list query, so a narrow question reads few rows. When
 * the answer may include units not started yet (they are in no list), the
 * whole cycle is listed and filtered here instead.
 * @param limit rows wanted (0: all); with a limit, the summary comes from count queries
 * @returns the cycle's summary and its units as listed (with filters applied), and their counts
 */
export async function listCycle(client: Client, cascadeId: string, year: number, filter: UnitFilter, limit = 0): Promise<{ cycle: CycleSummary; rows: UnitRow[]; summary: UnitSummary }> {
  const cycleKey = `${cascadeId}/${year}`;
  if (limit > 0) {
    // Counts for the summary, and only the first `limit` rows: the cost no longer grows with the cycle.
    // All asked at once: while a big cycle is still starting (units not listed yet), the answer is
    // thrown away and the full listing below places them; otherwise it is the whole answer.
    const [cycle, summary, listed, everyListed] = await Promise.all([
      readCycleSummary(client, cascadeId, year),
      countUnits(client, cycleKey, filter),
      listUnits(client, cascadeId, year, filter, undefined, limit),
      // Without a filter the summary's total is already every listed unit.
      mayIncludeUnstarted(filter) && hasFilter(filter) ? client.workflow.count(unitListQuery(cycleKey)).then((c) => c.count) : undefined,
    ]);
    if (!mayIncludeUnstarted(filter) || (everyListed ?? summary.total) >= cycle.unitCount) return { cycle, rows: listed, summary };
  }
  const { status, rows } = await listCycleFully(client, cascadeId, year, filter);
  return { cycle: summaryOfStatus(status), rows, summary: summarise(rows) };
}

/**
 * Every unit matching the filter, units not started yet included (placed from
 * the cycle's full status, which has every unit id and parent).
 * @returns the cycle's full status and the rows
 */
async function listCycleFully(client: Client, cascadeId: string, year: number, filter: UnitFilter): Promise<{ status: CycleStatus; rows: UnitRow[] }> {
  const unstarted = mayIncludeUnstarted(filter);
  const status = await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleStatusQuery);
  const progress = startProgress('Đọc trạng thái đơn vị', status.unitIds.length);
  const listed = await listUnits(client, cascadeId, year, unstarted ? {} : filter, (n) => progress.update(n));
  progress.finish();
  const alive = new Set(status.unitIds);
  let rows = listed.filter((r) => alive.has(r.id));
  if (unstarted) {
    rows = [...rows, ...notListedYet(status, new Set(listed.map((r) => r.id)))].filter(matches(filter));
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return { status, rows };
}

/**
 * @returns the `--json` document; with filters, only the units that match them
 */
export async function cycleStatus(client: Client, cascadeId: string, year: number, filter: UnitFilter = {}): Promise<CycleStatusDocument> {
  let cycle: CycleStatus;
  let ids: string[];
  if (hasFilter(filter)) {
    const listed = await listCycleFully(client, cascadeId, year, filter);
    cycle = listed.status;
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
