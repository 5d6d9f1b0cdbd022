/** Every workflow the worker registers. Workflow functions only. */
export { healthCheckWorkflow } from './health-check';
export { unitPlanWorkflow } from './unit-plan';
export { cascadeCycleWorkflow } from './cascade-cycle';
export { yearlyCycleStartWorkflow } from './yearly-start';
