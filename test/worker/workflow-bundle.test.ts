/**
 * The bundle shares what worker/workflow-bundle.ts says it shares: the module
 * the preload step evaluates is the very module the workflow code requires
 * (a bare package name would load the CommonJS entry, which the workflow code
 * never uses, and every run would still evaluate its own copy).
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

describe('workflow bundle options', () => {
  jest.setTimeout(120_000);

  it('preloads the lunar calendar library under the id the calendar code requires, and nothing that zod builds', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...workflowBundlerOptions() });
    expect(requiredBy(code, 'preloadModules')).toEqual(['./workflows/preloaded-modules.ts']);
    const shared = requiresOf(code, './workflows/preloaded-modules.ts');
    const usedByCalendar = requiresOf(code, './domain/calendar/lunar.ts').filter((id) => id.includes('date-chinese'));
    expect(usedByCalendar).toHaveLength(1);
    expect(shared).toEqual(usedByCalendar);
    // Frozen zod schemas fail on first use (see workflows/preloaded-modules.ts).
    expect(shared.some((id) => id.includes('/zod/') || id.startsWith('./domain/'))).toBe(false);
  });

  it('without the option, nothing is preloaded', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet, ...workflowBundlerOptions(false) });
    expect(requiredBy(code, 'preloadModules')).toEqual([]);
  });
});
