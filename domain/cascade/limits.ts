/**
 * Size bounds. A national cascade reaches ~15,000 units (1,400 hospitals and
 * 11,800 commune health stations before the 2025 reform); the bounds leave
 * headroom while keeping a hostile file from exhausting a worker.
 */
export interface CascadeLimits {
  /** Org nodes, root included. */
  maxUnits: number;
  /** Levels below the root. */
  maxOrgDepth: number;
  /** Nesting of objects and arrays in the raw input. */
  maxNesting: number;
  /** Scalars, objects and arrays in the raw input, after aliases are expanded. */
  maxValues: number;
}

/** The defaults used by `cascade validate` and by the workflows. */
export const DEFAULT_LIMITS: CascadeLimits = {
  maxUnits: 50_000,
  maxOrgDepth: 20,
  maxNesting: 64,
  maxValues: 2_000_000,
};
