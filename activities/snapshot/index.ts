/**
 * Reading a stored cycle snapshot (inputs by reference): the cycle reads its
 * input in bounded parts, a unit reads its direct children a page at a time.
 * No argument or result grows with the organisation.
 *
 * The snapshot is what `cascade cycle start` stored: `{ cascade, year, calendar }`.
 * A unit's page is derived from it with the same pure functions the cycle uses
 * (buildUnitTree), so the cycle and its units see the same deadlines. Each worker
 * keeps the few snapshots it read last in memory, parsed and indexed.
 */
import type { CalendarData } from '../../domain/calendar';
import type { Cascade } from '../../domain/cascade/schema';
import type { UnitNode } from '../../domain/cycle/types';
import { childrenPage, indexUnits, type ChildrenPage } from '../../domain/cycle/unit-page';
import { buildUnitTree } from '../../domain/cycle/unit-tree';
import { canonicalJson, type SnapshotStore } from '../../runtime/snapshot-store';

/** What a cycle snapshot holds: the by-value cycle input. */
export interface CycleSnapshot {
  cascade: Cascade;
  year: number;
  calendar: CalendarData;
}

/** Characters per part of a snapshot read by the cycle: at most 3 bytes each in UTF-8, so a part stays under 256 KB. */
export const SNAPSHOT_PART_CHARS = 80_000;

/** Snapshots kept parsed per worker process. */
const CACHED_SNAPSHOTS = 4;

interface Loaded {
  text: string;
  byId?: Map<string, UnitNode>;
}

/**
 * @param deps.store the snapshot store every worker reaches
 * @returns the snapshot activities
 */
export function createSnapshotActivities(deps: { store: SnapshotStore }) {
  const cache = new Map<string, Promise<Loaded>>();
  const load = (ref: string): Promise<Loaded> => {
    let hit = cache.get(ref);
    if (hit) {
      cache.delete(ref); // most recently used last
    } else {
      hit = deps.store.get<CycleSnapshot>(ref).then((value) => ({ text: canonicalJson(value) }));
      hit.catch(() => cache.delete(ref)); // a failed read is retried from the store
    }
    cache.set(ref, hit);
    while (cache.size > CACHED_SNAPSHOTS) cache.delete(cache.keys().next().value!);
    return hit;
  };
  return {
    /**
     * @param a.ref the snapshot reference
     * @param a.part which part (0-based)
     * @returns that part of the snapshot's canonical JSON and how many parts there are
     */
    async readSnapshotPart(a: { ref: string; part: number }): Promise<{ text: string; parts: number }> {
      const { text } = await load(a.ref);
      const parts = Math.max(1, Math.ceil(text.length / SNAPSHOT_PART_CHARS));
      return { text: text.slice(a.part * SNAPSHOT_PART_CHARS, (a.part + 1) * SNAPSHOT_PART_CHARS), parts };
    },
    /**
     * @param a.ref the snapshot reference
     * @param a.unitId the parent unit
     * @param a.offset first child
     * @param a.limit children per page (at most 1,000)
     * @returns the page: each child without its subtree, with its number of children
     */
    async readChildrenPage(a: { ref: string; unitId: string; offset: number; limit: number }): Promise<ChildrenPage> {
      const loaded = await load(a.ref);
      if (!loaded.byId) {
        const s = JSON.parse(loaded.text) as CycleSnapshot;
        loaded.byId = indexUnits(buildUnitTree(s.cascade, s.year, s.calendar));
      }
      const page = childrenPage(loaded.byId, a.unitId, a.offset, a.limit);
      // A unit added by an admin is not in the snapshot: it has no children there.
      return page ?? { children: [], totalChildren: 0, nextOffset: null };
    },
  };
}

/** Activity interface, for `proxyActivities` in workflows. */
export type SnapshotActivities = ReturnType<typeof createSnapshotActivities>;
