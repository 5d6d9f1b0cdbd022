/**
 * The unit states the web app last read, kept for a short while so that a POST
 * right after its page (the form a head just filled in) can run the Update
 * without first asking the workflow for its state again: on the last day a
 * thousand heads submit within seconds, and a Query before every Update doubled
 * the round trips to Temporal (each one a workflow task on a busy worker).
 *
 * A cached state is only a guess used to build the Update's input (who acts, the
 * form's fields); the workflow's validator decides. When it refuses because the
 * state moved on (another stage, a newer revision, a reassignment), the web app
 * reads the state afresh and answers exactly as it would have without the cache
 * (client/web/app.ts). The cache lives in this process only: another instance
 * behind the same proxy simply misses and asks. Bounded in size and age.
 */
import type { UnitState } from './gateway';

/** Options of {@link createStateCache}. */
export interface StateCacheOptions {
  /** Entries kept at most (the oldest read goes first). */
  maxEntries?: number;
  /** How long a state is used after it was read. */
  ttlMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

/** Recently read states by workflow id. */
export interface StateCache {
  /** @returns the state read within the time to live, or undefined */
  get(workflowId: string): UnitState | undefined;
  /** Keeps `state` as the latest read of `workflowId`. */
  put(workflowId: string, state: UnitState): void;
  /** Forgets `workflowId` (its state changed or is in doubt). */
  drop(workflowId: string): void;
}

/** A page is usually filled in within minutes; older reads are asked for again. */
export const STATE_CACHE_TTL_MS = 15 * 60_000;

/** About one entry per head acting at the same time; each a few kB, so some tens of MB when full. */
export const STATE_CACHE_MAX_ENTRIES = 5_000;

/**
 * @returns an in-memory cache, least recently written first out
 */
export function createStateCache(opts: StateCacheOptions = {}): StateCache {
  const max = opts.maxEntries ?? STATE_CACHE_MAX_ENTRIES;
  const ttl = opts.ttlMs ?? STATE_CACHE_TTL_MS;
  const clock = opts.clock ?? Date.now;
  // A Map iterates in insertion order: re-inserting on put keeps the oldest first.
  const entries = new Map<string, { state: UnitState; at: number }>();
  return {
    get(workflowId) {
      const e = entries.get(workflowId);
      if (!e) return undefined;
      if (clock() - e.at > ttl) {
        entries.delete(workflowId);
        return undefined;
      }
      return e.state;
    },
    put(workflowId, state) {
      entries.delete(workflowId);
      entries.set(workflowId, { state, at: clock() });
      while (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    drop(workflowId) {
      entries.delete(workflowId);
    },
  };
}
