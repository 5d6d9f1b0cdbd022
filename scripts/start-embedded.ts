/**
 * `npm start`: the whole product on one machine, for a newcomer.
 *
 * Brings up, in order: the Temporal dev server (SQLite file under .data/, so
 * state survives a restart; Web UI included), the mail catcher, a worker, the
 * web app, and the shipped example cascade's cycle. Prints the URLs. Ctrl-C
 * stops everything cleanly; the next start reuses the data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { dateInVietnam } from '../domain/calendar';
import { loadCycleInput, startCycleWorkflow } from '../client/shared/start-cycle';
import { connectClient } from '../client/shared/temporal-client';
import { hashPassword } from '../client/web/admin/accounts';
import { loadConfig, ConfigError } from '../runtime/config';
import { startMailCatcher, type MailCatcher } from '../runtime/mail-catcher';
import { isPortFree, PortInUseError, startDevServer, type DevServer } from '../runtime/temporal-dev-server';
import { PROJECT_ROOT, resolveTemporalCli } from '../runtime/temporal-tools';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const say = (line: string): void => void process.stdout.write(`[start] ${line}\n`);

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}=${raw}: cần số cổng từ 1 đến 65535`);
  return n;
}

/** Starts a TypeScript entry as a child process and waits for a line saying it is ready. */
async function startNode(name: string, entry: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(TSX, [path.join(PROJECT_ROOT, entry)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n').filter(Boolean)) process.stdout.write(`[${name}] ${line}\n`);
      if (ready.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}: ${output.slice(-500)}`)));
    setTimeout(() => reject(new Error(`${name} not ready after 120 s`)), 120_000).unref();
  });
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The example year: this year while its report is not yet due, else next year. */
function exampleYear(reportDue: { month: number; day: number }): number {
  const today = dateInVietnam(new Date());
  const year = Number(today.slice(0, 4));
  const due = `${year}-${String(reportDue.month).padStart(2, '0')}-${String(reportDue.day).padStart(2, '0')}`;
  return today < due ? year : year + 1;
}

async function startExampleCycle(file: string): Promise<string> {
  const config = loadConfig();
  const input = loadCycleInput(file, (cascade) => Number(process.env.EXAMPLE_YEAR ?? exampleYear(cascade.cycle.report.due)));
  const { client, close } = await connectClient(config);
  try {
    const { outcome } = await startCycleWorkflow(client, config.temporal.taskQueue, input);
    const cycle = `${input.cascade.id}/${input.year}`;
    return outcome === 'started' ? `started the example cycle ${cycle}` : `the example cycle ${cycle} is already there (kept from the last start)`;
  } finally {
    await close();
  }
}

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
  const smtpPort = intEnv('MAIL_CATCHER_SMTP_PORT', 1025);
  const mailWebPort = intEnv('MAIL_CATCHER_WEB_PORT', 1080);
  const webPort = intEnv('WEB_PORT', 3000);
  const dataDir = path.resolve(PROJECT_ROOT, process.env.DATA_DIR ?? '.data');
  for (const [port, what, envVar] of [
    [smtpPort, 'mail catcher SMTP', 'MAIL_CATCHER_SMTP_PORT'],
    [mailWebPort, 'mail catcher web', 'MAIL_CATCHER_WEB_PORT'],
    [webPort, 'web app', 'WEB_PORT'],
  ] as const) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, what, envVar);
  }
  // Everything below reads the same settings the worker and web app validate.
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_SECURITY: 'none',
    WEB_PORT: String(webPort),
    WEB_HOST: process.env.WEB_HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${webPort}`,
  });
  const devAdmin = await devAdminAccount();
  try {
    loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.problems.map((p) => `${p.variable}: ${p.message}`).join('\n'));
    throw err;
  }

  let server: DevServer | undefined;
  let catcher: MailCatcher | undefined;
  let worker: ChildProcess | undefined;
  let web: ChildProcess | undefined;
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all([stopChild(web), stopChild(worker)]);
    await catcher?.stop();
    await server?.stop();
    say('stopped; data kept in .data/');
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  try {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error('no Temporal CLI: install Go (to build it) or set TEMPORAL_CLI_PATH');
    say(`Temporal dev server (${cli.source})…`);
    server = await startDevServer({
      cliPath: cli.path,
      port: temporalPort,
      uiPort,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      logFile: path.join(dataDir, 'temporal.log'),
    });
    say('mail catcher…');
    // Mails are files under .data/mail, loaded again at the next start: the links stay clickable.
    catcher = await startMailCatcher({ smtpPort, webPort: mailWebPort, mailDirectory: path.join(dataDir, 'mail') });
    say('worker…');
    worker = await startNode('worker', 'worker/main.ts', { WORKER_NAME: 'worker-1' }, /polling/);
    say('web app…');
    web = await startNode('web', 'client/web/main.ts', { TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? server.uiUrl ?? '' }, /listening|pages at/i);
    say(await startExampleCycle(path.join(PROJECT_ROOT, 'examples', 'ct21-yte-thanhhoa.yaml')));
  } catch (err) {
    await stopAll();
    throw err;
  }
  const lines = [
    '',
    'directive-cascade is running:',
    `  Temporal Web UI   ${server.uiUrl}   (workflows, search: CascadeCycle, CascadeStage, CascadeOverdue …)`,
    `  Temporal gRPC     ${server.address}`,
    `  Mail catcher      ${catcher.webUrl}   (every email, kept in .data/mail across restarts; click the links in them)`,
    `  Web app           ${process.env.PUBLIC_BASE_URL}`,
    `  Dashboard         ${process.env.PUBLIC_BASE_URL}/admin   ${devAdmin ? `(development sign-in: ${devAdmin.username} / ${devAdmin.password}, new at each start)` : '(accounts from ADMIN_ACCOUNTS_FILE / ADMIN_ACCOUNTS)'}`,
    '  CLI               bin/cascade cycle status --year <year>',
    '',
    'Ctrl-C stops everything; data stays in .data/ for the next start.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  worker.once('exit', (code) => {
    if (!stopping) {
      say(`worker exited (${code}); stopping`);
      void stopAll().then(() => process.exit(1));
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
