/** The unit workflow (./workflow.ts), its shell over the reducer and its handlers. */
export { unitPlanWorkflow, type UnitResult } from './workflow';
/**
 * At most this many children are started (or signalled, or cancelled) per run.
 * Each start carries the child's input (~10 KB with the cycle context), so 200
 * keeps a run's history near 2 MB, under the server's 4 MB continue-as-new hint
 * (400 made 4.5 MB runs at 5,000 units).
 */
export { CHILD_BATCH } from '../../domain/cycle/unit-machine';
