/**
 * What `npm start` (dev server) and `npm run start:cluster` (production twin) share:
 * ports from the environment, the app's own processes (workers, web app) as
 * children with their output prefixed, the example cycle, the printed URLs, and
 * stopping everything on Ctrl-C. Only the Temporal part differs between the two.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { dateInVietnam } from '../domain/calendar';
import { openSnapshotStore } from '../runtime/snapshot-store-open';
import { loadCycleInput, startCycleWorkflow } from '../client/shared/start-cycle';
import { connectClient } from '../client/shared/temporal-client';
import { loadConfig, ConfigError, type AppConfig } from '../runtime/config';
import { startMailCatcher, type MailCatcher } from '../runtime/mail-catcher';
import { isPortFree, PortInUseError } from '../runtime/temporal-dev-server';
import { PROJECT_ROOT } from '../runtime/temporal-tools';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

/** The shipped example cascade the launchers start a cycle of. */
export const EXAMPLE_CASCADE = path.join(PROJECT_ROOT, 'examples', 'ct21-yte-thanhhoa.yaml');

/** @returns a printer of `[start] …` lines */
export const say = (line: string): void => void process.stdout.write(`[start] ${line}\n`);

/**
 * @param name the variable
 * @param fallback its default
 * @returns the port number it holds
 * @throws when it is not a port number
 */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}=${raw}: cần số cổng từ 1 đến 65535`);
  return n;
}

/**
 * Starts a TypeScript entry as a child process and waits for a line saying it is ready.
 * @param name prefix of its output lines
 * @param entry file, relative to the project
 * @param env added to the environment
 * @param ready what its output says once ready
 * @returns the child
 */
export async function startNode(name: string, entry: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
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

/**
 * SIGTERM (the worker drains, the web app finishes requests), SIGKILL after 15 s.
 * @param child the process, if started
 */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
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

/**
 * Starts the example cycle unless it runs already (kept from the last start).
 * @returns a line saying which
 */
export async function startExampleCycle(file = EXAMPLE_CASCADE): Promise<string> {
  const config = loadConfig();
  const input = loadCycleInput(file, (cascade) => Number(process.env.EXAMPLE_YEAR ?? exampleYear(cascade.cycle.report.due)));
  const { client, close } = await connectClient(config);
  try {
    const snapshots = openSnapshotStore(config);
    const { outcome } = await startCycleWorkflow(client, config.temporal.taskQueue, input, { snapshots }).finally(() => snapshots.close());
    const cycle = `${input.cascade.id}/${input.year}`;
    return outcome === 'started' ? `started the example cycle ${cycle}` : `the example cycle ${cycle} is already there (kept from the last start)`;
  } finally {
    await close();
  }
}

/** Ports of the app's own parts (mail catcher, web app), and the config they all validate. */
export interface AppPorts {
  smtpPort: number;
  mailWebPort: number;
  webPort: number;
  config: AppConfig;
}

/**
 * @param publicBaseUrl where the web app is reached
 * @param token the codec endpoint's operator token
 * @returns the codec endpoint URL the Temporal UI is given (it appends /decode)
 */
export function codecEndpointUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/codec/${token}`;
}

/**
 * Reads the app's ports, refuses taken ones, and sets the variables every child
 * validates (runtime/config.ts) so all of them agree.
 * @param temporalAddress where the children reach Temporal
 * @param uiPort the Temporal UI's port: its origin may call the codec endpoint
 * @returns the ports and the validated config
 * @throws PortInUseError naming the port and its variable
 */
export async function prepareAppEnv(temporalAddress: string, uiPort: number): Promise<AppPorts> {
  const smtpPort = intEnv('MAIL_CATCHER_SMTP_PORT', 1025);
  const mailWebPort = intEnv('MAIL_CATCHER_WEB_PORT', 1080);
  const webPort = intEnv('WEB_PORT', 3000);
  for (const [port, what, envVar] of [
    [smtpPort, 'mail catcher SMTP', 'MAIL_CATCHER_SMTP_PORT'],
    [mailWebPort, 'mail catcher web', 'MAIL_CATCHER_WEB_PORT'],
    [webPort, 'web app', 'WEB_PORT'],
  ] as const) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, what, envVar);
  }
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporalAddress,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_SECURITY: 'none',
    WEB_PORT: String(webPort),
    WEB_HOST: process.env.WEB_HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${webPort}`,
    // The Temporal UI decodes payloads through the web app's codec endpoint, from the browser.
    CODEC_CORS_ORIGINS: process.env.CODEC_CORS_ORIGINS ?? `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`,
  });
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.problems.map((p) => `${p.variable}: ${p.message}`).join('\n'));
    throw err;
  }
  return { smtpPort, mailWebPort, webPort, config };
}

/** The app's running parts. */
export interface AppProcesses {
  catcher: MailCatcher;
  workers: ChildProcess[];
  web: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Mail catcher, `workerCount` workers (they share the task queue) and the web app;
 * then the example cycle.
 * @param ports the app's ports and config
 * @param workerCount worker processes to start
 * @param opts.mailDirectory where the catcher keeps its mails (reloaded at the next start)
 * @param opts.temporalUiUrl the Web UI the dashboard links each unit to
 * @returns the parts, and a function stopping them (web and workers first)
 */
export async function startApp(ports: AppPorts, workerCount: number, opts: { mailDirectory?: string; temporalUiUrl?: string } = {}): Promise<AppProcesses> {
  const started: { catcher?: MailCatcher; workers: ChildProcess[]; web?: ChildProcess } = { workers: [] };
  const stop = async (): Promise<void> => {
    await Promise.all([stopChild(started.web), ...started.workers.map((w) => stopChild(w))]);
    await started.catcher?.stop();
  };
  try {
    say('mail catcher…');
    // Mails are files under the data folder, loaded again at the next start: the links stay clickable.
    started.catcher = await startMailCatcher({ smtpPort: ports.smtpPort, webPort: ports.mailWebPort, ...(opts.mailDirectory ? { mailDirectory: opts.mailDirectory } : {}) });
    say(workerCount === 1 ? 'worker…' : `${workerCount} workers…`);
    // Together: each bundles the workflow code at start, and they need not wait for each other.
    const workers = Array.from({ length: workerCount }, (_, i) => startNode(`worker-${i + 1}`, 'worker/main.ts', { WORKER_NAME: `worker-${i + 1}` }, /polling/));
    const settled = await Promise.allSettled(workers);
    for (const r of settled) if (r.status === 'fulfilled') started.workers.push(r.value);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    say('web app…');
    const uiUrl = process.env.TEMPORAL_UI_URL ?? opts.temporalUiUrl;
    started.web = await startNode('web', 'client/web/main.ts', uiUrl ? { TEMPORAL_UI_URL: uiUrl } : {}, /listening|pages at/i);
    say(await startExampleCycle());
  } catch (err) {
    await stop();
    throw err;
  }
  return { catcher: started.catcher, workers: started.workers, web: started.web, stop };
}

/**
 * Prints the URLs a newcomer needs.
 * @param temporal the Temporal lines (Web UI, gRPC, anything else)
 * @param app the app's parts
 * @param dataDir where the data stays (printed)
 * @param dashboard how to sign in to the dashboard, when not from configured accounts
 */
export function printUrls(temporal: string[], app: AppProcesses, dataDir: string, dashboard?: string): void {
  const lines = [
    '',
    'directive-cascade is running:',
    ...temporal,
    `  Mail catcher      ${app.catcher.webUrl}   (every email, kept in ${dataDir}mail across restarts; click the links in them)`,
    `  Web app           ${process.env.PUBLIC_BASE_URL}`,
    `  Dashboard         ${process.env.PUBLIC_BASE_URL}/admin   ${dashboard ?? '(accounts from ADMIN_ACCOUNTS_FILE / ADMIN_ACCOUNTS)'}`,
    '  CLI               bin/cascade cycle status --year <year>',
    '',
    `Ctrl-C stops everything; data stays in ${dataDir} for the next start.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Ctrl-C / SIGTERM run `stopAll` once, then exit; a worker that dies stops everything.
 * @param stopAll stops every part
 * @param app the app's parts, once started
 */
export function stopOnSignals(stopAll: () => Promise<void>): { watch(app: AppProcesses): void; stopping(): boolean } {
  let stopping = false;
  const once = (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    void stopAll().then(
      () => process.exit(code),
      (err: unknown) => {
        process.stderr.write(`[start] stopping failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by tsx/npm),
  // and a second SIGINT without a handler would kill us before the children are stopped.
  process.on('SIGINT', () => once(0));
  process.on('SIGTERM', () => once(0));
  return {
    watch(app) {
      for (const worker of app.workers) {
        worker.once('exit', (code) => {
          if (stopping) return;
          say(`a worker exited (${code}); stopping`);
          once(1);
        });
      }
    },
    stopping: () => stopping,
  };
}
