/**
 * The cycle's input by reference: read from the snapshot store in bounded parts
 * (an activity each), so neither the start payload nor any activity result grows
 * past the payload limit with the organisation; the root unit then receives its
 * own node and the reference, and reads its children a page at a time.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SnapshotActivities } from '../activities/types';
import type { UnitNode, UnitWorkflowInput } from '../domain/cycle/types';
import { ownNode } from '../domain/cycle/unit-page';
import { SNAPSHOT_ACTIVITY_OPTIONS } from './activity-options';
import { isCycleInputByRef, type CycleInput, type CycleStartInput } from './cycle-messages';

const { readSnapshotPart } = proxyActivities<SnapshotActivities>(SNAPSHOT_ACTIVITY_OPTIONS);

/**
 * @param raw the cycle's input, by value or by reference
 * @returns the by-value input (read part by part when by reference) and, by reference, the snapshot
 */
export async function resolveCycleInput(raw: CycleStartInput): Promise<{ input: CycleInput; snapshot?: { ref: string } }> {
  if (!isCycleInputByRef(raw)) return { input: raw };
  const ref = raw.snapshot;
  const first = await readSnapshotPart({ ref, part: 0 });
  const rest = await Promise.all(Array.from({ length: first.parts - 1 }, (_, i) => readSnapshotPart({ ref, part: i + 1 })));
  return { input: JSON.parse([first, ...rest].map((p) => p.text).join('')) as CycleInput, snapshot: { ref } };
}

/**
 * @param root the root unit with its subtree
 * @param snapshot set when the cycle runs by reference
 * @returns the root's `node` (and `snapshot`) fields of its input: the whole subtree by value, its own node by reference
 */
export function rootInputFields(root: UnitNode, snapshot?: { ref: string }): Pick<UnitWorkflowInput, 'node' | 'snapshot'> {
  return snapshot ? { node: ownNode(root), snapshot } : { node: root };
}
