/**
 * A stand-in for the cycle workflow, for the status bench only: it answers the
 * real `cycleStatus` Query of a cycle of `units` units (a tree of the given
 * fan-out, ids u0…) and does nothing else. Starting a real cycle of 50,000
 * units would start 50,000 real unit workflows on this machine first; the
 * status command only asks the cycle for this answer and visibility for the rest.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { cycleStatusQuery } from '../../workflows/cycle-messages';

/** Input of {@link cascadeCycleWorkflow} (stand-in). */
export interface StandInCycleInput {
  cascadeId: string;
  year: number;
  units: number;
  fanout: number;
}

/**
 * Same type name as the product's cycle, so `cascade cycle status` finds it by year.
 * @param input the cycle's size and shape
 * @returns never (it runs until the bench's server stops)
 */
export async function cascadeCycleWorkflow(input: StandInCycleInput): Promise<void> {
  const { cascadeId, year, units, fanout } = input;
  const unitIds = Array.from({ length: units }, (_, i) => `u${i}`);
  const parentIds = Object.fromEntries(unitIds.map((id, i) => [id, i === 0 ? null : `u${Math.floor((i - 1) / fanout)}`]));
  setHandler(cycleStatusQuery, () => ({ cascadeId, year, outcome: 'running' as const, unitIds, parentIds, removedUnitIds: [], consolidated: null, audit: [] }));
  await condition(() => false);
}
