/**
 * Figures of one cycle for the dashboard, from its listed units: counts per
 * stage and per level, the on-time rate per level, the tree.
 */
import { STAGES, type Stage } from '../../../domain/stages';
import type { UnitRow } from '../../shared/unit-listing';

/** Counts of one level. */
export interface LevelStats {
  level: string;
  total: number;
  byStage: Partial<Record<Stage, number>>;
  overdue: number;
  /** Share of units not past their due time (0–1). */
  onTimeRate: number;
}

/**
 * @param rows the cycle's units
 * @param levelOf a unit's level when visibility has none yet (from the cascade file)
 * @returns one entry per level, in order of first appearance from the root down
 */
export function levelStats(rows: readonly UnitRow[], levelOf: (id: string) => string | undefined): LevelStats[] {
  const map = new Map<string, LevelStats>();
  for (const r of rows) {
    const level = r.level ?? levelOf(r.id) ?? '(chưa rõ cấp)';
    let s = map.get(level);
    if (!s) map.set(level, (s = { level, total: 0, byStage: {}, overdue: 0, onTimeRate: 1 }));
    s.total += 1;
    s.byStage[r.stage as Stage] = (s.byStage[r.stage as Stage] ?? 0) + 1;
    if (r.overdue) s.overdue += 1;
  }
  for (const s of map.values()) s.onTimeRate = s.total ? (s.total - s.overdue) / s.total : 1;
  return [...map.values()];
}

/** @returns the stages present in `byStage`, in pipeline order */
export function stagesIn(byStage: Partial<Record<Stage, number>>): Stage[] {
  return STAGES.filter((s) => byStage[s]);
}

/** The tree of a cycle's units: children by parent id, in id order. */
export interface UnitTree {
  rootId: string | undefined;
  byId: Map<string, UnitRow>;
  children: Map<string, UnitRow[]>;
}

/**
 * @param rows the units
 * @returns the tree (the root is the unit without a parent)
 */
export function buildTree(rows: readonly UnitRow[]): UnitTree {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, UnitRow[]>();
  let rootId: string | undefined;
  for (const r of rows) {
    if (!r.parentId) rootId = r.id;
    else {
      const list = children.get(r.parentId) ?? [];
      list.push(r);
      children.set(r.parentId, list);
    }
  }
  return { rootId, byId, children };
}

/**
 * @returns how many units are under `id` (all depths)
 */
export function subtreeSize(tree: UnitTree, id: string): number {
  let n = 0;
  const stack = [...(tree.children.get(id) ?? [])];
  while (stack.length) {
    const u = stack.pop()!;
    n += 1;
    stack.push(...(tree.children.get(u.id) ?? []));
  }
  return n;
}

/**
 * @returns the tree's units from the root down, level by level (so levels are listed top-down)
 */
export function breadthFirst(tree: UnitTree): UnitRow[] {
  const root = tree.rootId ? tree.byId.get(tree.rootId) : undefined;
  if (!root) return [...tree.byId.values()];
  const out: UnitRow[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    out.push(queue[i]!);
    queue.push(...(tree.children.get(queue[i]!.id) ?? []));
  }
  // Units whose parent is unknown (should not happen) still count.
  if (out.length < tree.byId.size) {
    const seen = new Set(out);
    out.push(...[...tree.byId.values()].filter((r) => !seen.has(r)));
  }
  return out;
}
