/**
 * Raw Temporal: the baseline the engine is measured against (issue #10). A tree
 * of empty workflows of the same shape as a cycle; each node starts all its
 * children at once (in batches of the advised pending-children limit, with a
 * continue-as-new between batches, as any design past 2,000 children must) and
 * then waits. The one Update is the raw counterpart of a unit head's action:
 * a validator, a state change, an answer.
 */
import { condition, continueAsNew, defineQuery, defineUpdate, ParentClosePolicy, proxySinks, setHandler, startChild, type Sinks } from '@temporalio/workflow';
import { childRange, type RawTreeShape } from './tree-shape';

/** Pending children one run may start: the docs advise at most 1,000. */
export const RAW_CHILD_BATCH = 1000;

/** Input of {@link rawTreeNodeWorkflow}. */
export interface RawNodeInput {
  shape: RawTreeShape;
  /** Prefix of every workflow id of this tree (unique per measured run). */
  idPrefix: string;
  index: number;
  /** Next child number to start (continue-as-new carries it). */
  nextChild?: number;
}

/** The raw counterpart of submitting a plan: records the text, answers its revision. */
export const rawSubmitUpdate = defineUpdate<number, [string]>('rawSubmit');
/** How many submissions the node recorded. */
export const rawRevisionQuery = defineQuery<number>('rawRevision');

/** How a node tells the harness its first workflow task ran (bench/raw/fanout.ts counts them; no command, no event). */
export interface RawTreeSinks extends Sinks {
  rawTree: { firstTask(index: number): void };
}

const { rawTree } = proxySinks<RawTreeSinks>();

/** @returns the workflow id of node `index` of a raw tree */
export function rawNodeId(idPrefix: string, index: number): string {
  return `${idPrefix}/${index}`;
}

/** One node of the raw tree: start the children, then wait for Updates forever. */
export async function rawTreeNodeWorkflow(input: RawNodeInput): Promise<void> {
  // The project counts a unit once its first task made its stage visible; this is the raw side's nearest equivalent.
  if (input.nextChild === undefined) rawTree.firstTask(input.index);
  let revision = 0;
  setHandler(rawRevisionQuery, () => revision);
  setHandler(rawSubmitUpdate, () => ++revision, {
    validator: (text) => {
      if (typeof text !== 'string' || text.length === 0) throw new Error('text: must not be empty');
    },
  });
  const { first, end } = childRange(input.shape, input.index);
  const next = input.nextChild ?? first;
  if (next < end) {
    const stop = Math.min(end, next + RAW_CHILD_BATCH);
    const starts: Promise<unknown>[] = [];
    for (let i = next; i < stop; i++) {
      starts.push(startChild(rawTreeNodeWorkflow, {
        workflowId: rawNodeId(input.idPrefix, i),
        args: [{ shape: input.shape, idPrefix: input.idPrefix, index: i }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }));
    }
    await Promise.all(starts);
    if (stop < end) await continueAsNew<typeof rawTreeNodeWorkflow>({ ...input, nextChild: stop });
  }
  // A unit lives for the year: the raw node stays open until terminated.
  await condition(() => false);
}
