/** The unit state machine: {@link decide}, {@link view}, the timetable and the vocabulary. */
export { decide } from './decide';
export { view, type UnitState, type CurrentTask, type UnitView } from './view';
export { CHILD_BATCH, childBatchOf, isChildBatch, nextTaskEvent, reportRequestAt, firedKey } from './schedule';
export { activeChildIds, missingChildIds, hasChildren } from './memory-ops';
export { consolidationOf, type Consolidation } from './consolidation';
export type { UnitCommand, UnitEffect, UnitPatches, Decision, Refusal, ChildStart, TaskEvent } from './types';
export { childReportsChanged } from './loop';
export { laterDecisionRefusal } from './human';
