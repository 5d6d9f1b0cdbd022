/**
 * Test-only "next version" of the unit workflow, for the rolling-upgrade test
 * (test/faults/rolling-upgrade.test.ts). It is honest about being a fixture: the
 * product has no v2 yet. Registered as a workflow interceptor module on a second
 * bundle, it changes what a plan submission does: behind `patched()`, the workflow
 * also writes a memo field. Histories recorded before (no marker) replay on it down
 * the old path; runs that handle a submission on it take the new path from then on.
 */
import { patched, upsertMemo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The patch id of the fixture's change. */
export const ROLLING_UPGRADE_PATCH = 'faults-rolling-upgrade-v2';

/** Interceptors of the v2 bundle. @returns the inbound interceptor adding the memo */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async handleUpdate(input, next) {
        if (input.name === 'submitPlan' && patched(ROLLING_UPGRADE_PATCH)) upsertMemo({ planSubmittedUnder: 'v2' });
        return next(input);
      },
    },
  ],
});
