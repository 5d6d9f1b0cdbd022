/**
 * One unit of a stored cascade snapshot, as a unit workflow would load it by
 * reference: its own node without the subtree, and its children's ids a page at
 * a time, so no payload grows with the size of the organisation.
 */
import type { UnitNode } from './types';

/** A unit's own node and one page of its children's ids. */
export interface UnitPage {
  node: Omit<UnitNode, 'children'> & { children: [] };
  childIds: string[];
  totalChildren: number;
  /** Offset of the next page, or null after the last one. */
  nextOffset: number | null;
}

/** @returns a map from unit id to node, for repeated look-ups in one snapshot */
export function indexUnits(root: UnitNode): Map<string, UnitNode> {
  const byId = new Map<string, UnitNode>();
  const stack = [root];
  while (stack.length) {
    const u = stack.pop()!;
    byId.set(u.id, u);
    stack.push(...u.children);
  }
  return byId;
}

/**
 * @param byId the snapshot's units by id
 * @param unitId the unit to load
 * @param offset first child to list
 * @param limit children per page (1..1000)
 * @returns the page, or undefined when the unit is not in the snapshot
 */
export function unitPage(byId: Map<string, UnitNode>, unitId: string, offset: number, limit: number): UnitPage | undefined {
  const u = byId.get(unitId);
  if (!u) return undefined;
  const size = Math.max(1, Math.min(1000, Math.floor(limit)));
  const from = Math.max(0, Math.floor(offset));
  const childIds = u.children.slice(from, from + size).map((c) => c.id);
  const next = from + childIds.length;
  const { children: _c, ...own } = u;
  return { node: { ...own, children: [] }, childIds, totalChildren: u.children.length, nextOffset: next < u.children.length ? next : null };
}

/**
 * @param u a node of the snapshot's tree
 * @returns the node alone, as a unit loaded by reference receives it: no subtree, its number of children
 */
export function ownNode(u: UnitNode): UnitNode {
  const { children, ...own } = u;
  return { ...own, children: [], childCount: children.length };
}

/** One page of a unit's direct children, each without its subtree. */
export interface ChildrenPage {
  /** Own nodes ({@link ownNode}), in the snapshot's order. */
  children: UnitNode[];
  totalChildren: number;
  /** Offset of the next page, or null after the last one. */
  nextOffset: number | null;
}

/**
 * @param byId the snapshot's units by id
 * @param unitId the parent
 * @param offset first child to list
 * @param limit children per page (1..1000)
 * @returns the page, or undefined when the unit is not in the snapshot
 */
export function childrenPage(byId: Map<string, UnitNode>, unitId: string, offset: number, limit: number): ChildrenPage | undefined {
  const page = unitPage(byId, unitId, offset, limit);
  if (!page) return undefined;
  const children = byId.get(unitId)!.children.slice(Math.max(0, Math.floor(offset))).slice(0, page.childIds.length).map(ownNode);
  return { children, totalChildren: page.totalChildren, nextOffset: page.nextOffset };
}
