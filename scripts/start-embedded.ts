/**
 * `npm start`: the whole product on one machine, for a newcomer.
 *
 * Brings up, in order: the Temporal dev server (SQLite file under .data/, so
 * state survives a restart; Web UI included), the mail catcher, a worker, the
 * web app, and the shipped example cascade's cycle. Prints the URLs. Ctrl-C
 * stops everything cleanly; the next start reuses the data.
 * `npm run start:cluster` is the same with the production twin instead of the dev server.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashPassword } from '../client/web/admin/accounts';
import { startDevServer, type DevServer } from '../runtime/temporal-dev-server';
import { PROJECT_ROOT, resolveTemporalCli } from '../runtime/temporal-tools';
import { codecEndpointUrl, intEnv, prepareAppEnv, printUrls, say, startApp, stopOnSignals, type AppProcesses } from './launcher';

/**
 * A development sign-in for the dashboard when no accounts are configured: user
 * "admin", steward of every cascade, a new random password each start (printed
 * once below, never written to disk; only its argon2 hash reaches the web app).
 */
async function devAdminAccount(): Promise<{ username: string; password: string } | undefined> {
  if (process.env.ADMIN_ACCOUNTS_FILE || process.env.ADMIN_ACCOUNTS) return undefined;
  const password = randomBytes(9).toString('base64url');
  const accounts = { accounts: [{ username: 'admin', displayName: 'Quản trị (phát triển)', passwordHash: await hashPassword(password), roles: { '*': 'steward' } }] };
  process.env.ADMIN_ACCOUNTS = JSON.stringify(accounts);
  return { username: 'admin', password };
}

async function main(): Promise<void> {
  const temporalPort = intEnv('TEMPORAL_PORT', 7233);
  const uiPort = intEnv('TEMPORAL_UI_PORT', 8233);
  const dataDir = path.resolve(PROJECT_ROOT, process.env.DATA_DIR ?? '.data');
  const devAdmin = await devAdminAccount();
  const ports = await prepareAppEnv(`127.0.0.1:${temporalPort}`, uiPort);
  const codecToken = ports.config.codec.endpointToken;

  // Filled as the parts start, so Ctrl-C during start-up stops what is up already.
  const running: { server?: DevServer; app?: AppProcesses } = {};
  const signals = stopOnSignals(async () => {
    await running.app?.stop();
    await running.server?.stop();
    say(`stopped; data kept in ${process.env.DATA_DIR ?? '.data'}/`);
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
    app = running.app = await startApp(ports, 1, { mailDirectory: path.join(dataDir, 'mail'), ...(server.uiUrl ? { temporalUiUrl: server.uiUrl } : {}) });
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
    `${process.env.DATA_DIR ?? '.data'}/`,
    devAdmin ? `(development sign-in: ${devAdmin.username} / ${devAdmin.password}, new at each start)` : undefined,
  );
  signals.watch(app);
}

main().catch((err: unknown) => {
  process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
