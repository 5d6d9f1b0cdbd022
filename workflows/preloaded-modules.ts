/**
 * What the workflow bundle evaluates once per worker and shares with every
 * workflow run (the bundler's `preloadModules`, see worker/workflow-bundle.ts).
 * Not a workflow: nothing here runs a command or touches a run's state.
 *
 * Without it each run of the reusable V8 context evaluated the lunar calendar
 * library again (with the astronomy library and its tables under it) and kept
 * its own copy while cached: about 0.45 MiB of heap per cached unit. That
 * library keeps no state of a run at module scope (its caches live on each
 * calendar instance), so one frozen copy serves every run.
 *
 * Not shared, on purpose: the schema library and the domain modules that build
 * schemas (nearly all of domain/). The SDK deep-freezes shared modules, and zod
 * installs methods on a schema (and on its prototypes) on first use; frozen, a
 * workflow task fails with "object is not extensible" (tried: the replay tests
 * fail and units never start).
 *
 * The import is the module id the workflow code itself resolves (the ES module
 * entry); a bare `preloadModules: ['date-chinese']` resolves the CommonJS
 * entry, which the workflow code never loads.
 */
import * as lunar from 'date-chinese';

/** The shared modules (exported so the bundler keeps them). */
export const PRELOADED = [lunar] as const;
