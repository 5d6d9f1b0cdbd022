/**
 * The shape of the raw baseline tree, computed instead of passed: node `i`'s
 * children in a complete `fanout`-ary tree numbered breadth-first (root 0) are
 * `i*fanout+1 … i*fanout+fanout`, capped at `units`. That is exactly the tree
 * `generateCascade` builds (each level full before the next), so the raw tree
 * and the project's cycle have the same nodes, and no raw input grows with it.
 */

/** A tree of `units` nodes below one root, `fanout` children per node. */
export interface RawTreeShape {
  units: number;
  fanout: number;
}

/**
 * @param shape the tree
 * @param index a node's breadth-first number (root 0)
 * @returns the first and one-past-last child numbers (empty when first >= end)
 */
export function childRange(shape: RawTreeShape, index: number): { first: number; end: number } {
  const first = index * shape.fanout + 1;
  return { first, end: Math.min(first + shape.fanout, shape.units + 1) };
}
