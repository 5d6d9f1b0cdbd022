/**
 * `npm start`: the whole product on one machine, for a newcomer.
 *
 * Brings up, in order: the Temporal dev server (SQLite file under .data/, so
 * state survives a restart; Web UI included), the mail catcher, a worker, the
 * web app, and the shipped example cascade's cycle. Prints the URLs. Ctrl-C
 * stops everything cleanly; the next start reuses the data.
 * `npm run start:cluster` is the same with the production twin instead of the dev server.
 */
import path from 'node:path';
import { startDevServer, type DevServer } from '../runtime/temporal-dev-server';
import { PROJECT_ROOT, resolveTemporalCli } from '../runtime/temporal-tools';
import { codecEndpointUrl, intEnv, prepareAppEnv, printUrls, say, startApp, stopOnSignals, type AppProcesses } from './launcher';

async function main(): Promise<void> {
  const temporalPort = intEnv('TEMPORAL_PORT', 7233);
  const uiPort = intEnv('TEMPORAL_UI_PORT', 8233);
  const dataDir = path.resolve(PROJECT_ROOT, process.env.DATA_DIR ?? '.data');
  const ports = await prepareAppEnv(`127.0.0.1:${temporalPort}`, uiPort);
  const codecToken = ports.config.codec.endpointToken;

  // Filled as the parts start, so Ctrl-C during start-up stops what is up already.
  const running: { server?: DevServer; app?: AppProcesses } = {};
  const signals = stopOnSignals(async () => {
    await running.app?.stop();
    await running.server?.stop();
    say('stopped; data kept in .data/');
  });

  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error('no Temporal CLI: install Go (to build it) or set TEMPORAL_CLI_PATH');
  say(`Temporal dev server (${cli.source})…`);
  const server = (running.server = await startDevServer({
    cliPath: cli.path,
    port: temporalPort,
    uiPort,
    dbFile: path.join(dataDir, 'temporal.sqlite'),
    logFile: path.join(dataDir, 'temporal.log'),
    ...(codecToken ? { uiCodecEndpoint: codecEndpointUrl(process.env.PUBLIC_BASE_URL!, codecToken) } : {}),
  }));
  let app: AppProcesses;
  try {
    app = running.app = await startApp(ports, 1);
  } catch (err) {
    await server.stop();
    throw err;
  }
  printUrls(
    [
      `  Temporal Web UI   ${server.uiUrl}   (workflows, search: CascadeCycle, CascadeStage, CascadeOverdue …; payloads are encrypted, the UI decodes them through the web app)`,
      `  Temporal gRPC     ${server.address}`,
    ],
    app,
    '.data/',
  );
  signals.watch(app);
}

main().catch((err: unknown) => {
  process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
