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
 * The domain modules the workflow code evaluates when a run is created (the
 * unit's state machine, its rules and memory, the calendar's pure functions,
 * the report builder, ids and stage names) are shared the same way. They are
 * pure: no module keeps state of a run (the two memo tables of the calendar
 * are keyed by their inputs, so a shared one answers every run alike), none
 * reads the clock or the random source when evaluated, and none mutates what
 * it exports, which the SDK deep-freezes. Before, every run evaluated each of
 * them again (the CPU of every unit's first task) and kept a copy while cached.
 *
 * Not shared, on purpose: the schema library and the domain modules that build
 * schemas (loaded on a run's first parse, workflows/schemas-on-demand.ts). The
 * SDK deep-freezes shared modules, and zod installs methods on a schema (and on
 * its prototypes) on first use; frozen, a workflow task fails with "object is
 * not extensible" (tried: the replay tests fail and units never start).
 * test/worker/workflow-bundle.test.ts holds both rules: every domain module a
 * workflow module requires is shared, and nothing shared reaches zod.
 *
 * The import is the module id the workflow code itself resolves (the ES module
 * entry); a bare `preloadModules: ['date-chinese']` resolves the CommonJS
 * entry, which the workflow code never loads.
 */
import * as lunar from 'date-chinese';
import * as calendar from '../domain/calendar/pure';
import * as deadlines from '../domain/cascade/deadlines';
import * as cycleNotices from '../domain/cycle/cycle-notices';
import * as cycleSteering from '../domain/cycle/cycle-steering';
import * as finalReport from '../domain/cycle/final-report';
import * as unitMachine from '../domain/cycle/unit-machine';
import * as unitView from '../domain/cycle/unit-machine/view';
import * as unitMemory from '../domain/cycle/unit-memory';
import * as unitPage from '../domain/cycle/unit-page';
import * as unitRules from '../domain/cycle/unit-rules';
import * as unitTree from '../domain/cycle/unit-tree';
import * as yearlyStart from '../domain/cycle/yearly-start';
import * as errors from '../domain/errors';
import * as ids from '../domain/ids';
import * as reportSetup from '../domain/report/setup';
import * as searchAttributes from '../domain/search-attributes';
import * as stages from '../domain/stages';
import * as tasks from '../domain/tasks';
import * as zodIssues from '../domain/zod-issues';

/** The shared modules (exported so the bundler keeps them). */
export const PRELOADED = [
  lunar, calendar, deadlines, cycleNotices, cycleSteering, finalReport, unitMachine, unitView, unitMemory, unitPage,
  unitRules, unitTree, yearlyStart, errors, ids, reportSetup, searchAttributes, stages, tasks, zodIssues,
] as const;
