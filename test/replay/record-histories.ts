/**
 * Records the replay histories of ./recorder.ts from the current workflow code
 * (run it BEFORE changing anything in workflows/, see histories/README.md):
 *
 *   npx tsx test/replay/record-histories.ts          # both scenarios
 *   npx tsx test/replay/record-histories.ts year     # or one of them (year, correction, remind, mails, by-reference, large)
 *   npx tsx test/replay/record-histories.ts year year2027-after-x   # the year under another file prefix (a new path next to the old)
 *
 * The year runs on the time-skipping server, the large parent on a dev server
 * started here on free ports; both are built by scripts/ensure-tools.sh.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from '../../runtime/temporal-tools';
import { freePort, startDevServer } from '../../runtime/temporal-dev-server';
import { createTimeSkippingEnv } from '../support/temporal';
import { recordByReference, recordLargeParent, recordLateCorrection, recordRemindDuringBatches, recordReportMails, recordYear } from './recorder';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'year') {
    const env = await createTimeSkippingEnv();
    try {
      for (const f of await recordYear(env, process.argv[3])) console.log(`wrote ${f}`);
    } finally {
      await env.teardown();
    }
  }
  for (const [name, record] of [['correction', recordLateCorrection], ['remind', recordRemindDuringBatches], ['mails', recordReportMails], ['by-reference', recordByReference]] as const) {
    if (which !== 'all' && which !== name) continue;
    const env = await createTimeSkippingEnv();
    try {
      for (const f of await record(env)) console.log(`wrote ${f}`);
    } finally {
      await env.teardown();
    }
  }
  if (which === 'all' || which === 'large') {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error(`No Temporal CLI (${cli.source}): run scripts/ensure-tools.sh`);
    const server = await startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null });
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
    try {
      for (const f of await recordLargeParent(env)) console.log(`wrote ${f}`);
    } finally {
      await env.teardown();
      await server.stop();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
