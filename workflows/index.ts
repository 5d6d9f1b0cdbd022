/** Every workflow the worker registers. Workflow functions only. */
export { healthCheckWorkflow } from './health-check';
