/**
 * A stand-in for the cycle workflow, for the status bench only: it answers the
 * real `cycleStatus` and `cycleSummary` Queries of a cycle of `units` units (a
 * tree of the given fan-out, ids u0…), built by the same functions as the
 * product's cycle, and does nothing else. Starting a real cycle of 50,000
 * units would start 50,000 real unit workflows on this machine first; the
 * status command only asks the cycle for these answers and visibility for the rest.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { cycleStatusAnswer, cycleStatusQuery, cycleSummaryAnswer, cycleSummaryQuery, type CycleAnswerFacts } from '../../workflows/cycle-messages';

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
  const facts: CycleAnswerFacts = {
    cascadeId,
    year,
    outcome: 'running',
    unitIds,
    parentOf: (id) => (id === 'u0' ? null : `u${Math.floor((Number(id.slice(1)) - 1) / fanout)}`),
    removed: new Set(),
    consolidated: null,
    audit: [],
  };
  setHandler(cycleStatusQuery, () => cycleStatusAnswer(facts));
  setHandler(cycleSummaryQuery, () => cycleSummaryAnswer(facts));
  await condition(() => false);
}
