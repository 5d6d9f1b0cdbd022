/**
 * The bundle shares what worker/workflow-bundle.ts says it shares: the module
 * the preload step evaluates is the very module the workflow code requires
 * (a bare package name would load the CommonJS entry, which the workflow code
 * never uses, and every run would still evaluate its own copy); every domain
 * module a workflow module requires is shared; and nothing shared reaches zod,
 * whose schemas fail once frozen (workflows/preloaded-modules.ts).
 */
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../worker/workflow-bundle';

const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };
const workflowsPath = path.resolve(__dirname, '../../workflows/index.ts');

/** @returns the module ids the given function of the bundle's entry requires */
function requiredBy(code: string, fn: 'preloadModules' | 'importWorkflows'): string[] {
  const start = code.indexOf(`exports.${fn} = function`);
  const body = code.slice(start, code.indexOf('\n}', start));
  return [...body.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]!);
}

/** @returns the module ids a bundled module requires */
function requiresOf(code: string, id: string): string[] {
  const start = code.indexOf(`/***/ "${id}"`);
  if (start < 0) return [];
  const end = code.indexOf('\n/***/ "', start + 10);
  return [...code.slice(start, end).matchAll(/__webpack_require__\(\/\*![^*]*\*\/ "([^"]+)"\)/g)].map((m) => m[1]!);
}

/** @returns the ids of `roots` and of every module they require, transitively */
function closure(code: string, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const next = [...roots];
  for (let id = next.pop(); id !== undefined; id = next.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    next.push(...requiresOf(code, id));
  }
  return seen;
}

describe('workflow bundle options', () => {
  jest.setTimeout(120_000);

  it('preloads the lunar calendar library under the id the calendar code requires, and nothing that reaches zod', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...workflowBundlerOptions() });
    expect(requiredBy(code, 'preloadModules')).toEqual(['./workflows/preloaded-modules.ts']);
    const shared = requiresOf(code, './workflows/preloaded-modules.ts');
    const usedByCalendar = requiresOf(code, './domain/calendar/lunar.ts').filter((id) => id.includes('date-chinese'));
    expect(usedByCalendar).toHaveLength(1);
    expect(shared).toContain(usedByCalendar[0]);
    // Frozen zod schemas fail on first use (see workflows/preloaded-modules.ts): nothing shared may reach zod.
    const reached = closure(code, shared);
    expect([...reached].filter((id) => id.includes('/zod/'))).toEqual([]);
    expect(reached.has('./domain/cycle/unit-machine/index.ts')).toBe(true);
  });

  it('shares every domain module a workflow module requires when a run is created', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...workflowBundlerOptions() });
    const shared = closure(code, requiresOf(code, './workflows/preloaded-modules.ts'));
    const workflowModules = [...code.matchAll(/\/\*\*\*\/ "(\.\/workflows\/[^"]+)"/g)].map((m) => m[1]!);
    expect(workflowModules).toContain('./workflows/unit-plan/shell.ts');
    // The schemas are required inside a function, on a run's first parse; they are not shared on purpose.
    const eager = workflowModules.filter((id) => id !== './workflows/preloaded-modules.ts' && id !== './workflows/schemas-on-demand.ts');
    const notShared = eager.flatMap((id) => requiresOf(code, id).filter((dep) => dep.startsWith('./domain/') && !shared.has(dep)).map((dep) => `${id} → ${dep}`));
    expect(notShared).toEqual([]);
  });

  it('without the option, nothing is preloaded', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...workflowBundlerOptions(false) });
    expect(requiredBy(code, 'preloadModules')).toEqual([]);
  });
});
