/**
 * How the workflow bundle is built, in one place for the worker, the tests and
 * the benches (so what is measured is what runs in production).
 *
 * With the reusable V8 context (the SDK's default) every workflow run gets its
 * own copy of each module the workflow code imports: its module scope runs again
 * for each new run and stays in memory while the run is cached. The modules
 * imported by workflows/preloaded-modules.ts are instead evaluated once per
 * worker, frozen and shared by every run; that file says what may be listed
 * and what may not. No workflow history changes: the same code runs, once.
 */
import path from 'node:path';

/** The module whose imports are evaluated once per worker instead of once per workflow run. */
export const PRELOADED_WORKFLOW_MODULES: readonly string[] = [path.resolve(__dirname, '../workflows/preloaded-modules.ts')];

/**
 * @param preload false to evaluate every module once per run (the SDK's behaviour without the option; benches measure both)
 * @returns the bundler options shared by `Worker.create` (`bundlerOptions`) and `bundleWorkflowCode`
 */
export function workflowBundlerOptions(preload = true): { preloadModules: string[] } {
  return { preloadModules: preload ? [...PRELOADED_WORKFLOW_MODULES] : [] };
}
