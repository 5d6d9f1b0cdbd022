/**
 * One real Temporal dev server for the whole jest run (in memory, headless, free
 * port), built from the Go module proxy by scripts/ensure-temporal-cli.sh. Tests
 * find it through TEMPORAL_TEST_ADDRESS; time-skipping tests start their own
 * test server per file (see ./temporal.ts).
 */
import { resolveTemporalCli } from '../../runtime/temporal-tools';
import { freePort, startDevServer, type DevServer } from '../../runtime/temporal-dev-server';

declare global {
  var __devServer: DevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEMPORAL_TEST_ADDRESS) return; // an already running server was given
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source}); run scripts/ensure-temporal-cli.sh`);
  const server = await startDevServer({
    cliPath: cli.path,
    port: await freePort(),
    uiPort: null,
    logFile: 'test-results/dev-server.log',
  });
  globalThis.__devServer = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
}
