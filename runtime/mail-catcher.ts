/**
 * The development mail catcher: maildev receives SMTP, shows the messages in a
 * browser and lists them as JSON (GET /api/email). maildev 3 is ESM-only, so it
 * runs as a child process rather than being imported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A running catcher. */
export interface MailCatcher {
  smtpPort: number;
  webPort: number;
  /** Where to read mail in a browser, e.g. http://127.0.0.1:1080 */
  webUrl: string;
  /** Stops the child process. */
  stop(): Promise<void>;
}

/** Options of {@link startMailCatcher}. */
export interface MailCatcherOptions {
  smtpPort: number;
  webPort: number;
  /** Bind address for both servers; loopback by default (the catcher has no auth). */
  host?: string;
  /** How long to wait for the web API to answer. */
  readyTimeoutMs?: number;
  /**
   * Keep every mail as a file here; maildev loads the folder again when it starts,
   * so the mails survive a restart (omitted: in memory only).
   */
  mailDirectory?: string;
}

const MAILDEV_BIN = path.join(__dirname, '..', 'node_modules', '.bin', 'maildev');

async function waitReady(url: string, child: ChildProcess, deadline: number, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`maildev exited with code ${child.exitCode}: ${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`maildev did not become ready at ${url}: ${output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Spawns maildev and resolves once its REST API answers.
 * @returns the running catcher
 */
export async function startMailCatcher(opts: MailCatcherOptions): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const child = spawn(
    MAILDEV_BIN,
    ['--smtp', String(opts.smtpPort), '--ip', host, '--web', String(opts.webPort), '--web-ip', host, '--silent', ...(opts.mailDirectory ? ['--mail-directory', opts.mailDirectory] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  const webUrl = `http://${host}:${opts.webPort}`;
  try {
    await waitReady(`${webUrl}/api/healthz`, child, Date.now() + (opts.readyTimeoutMs ?? 20_000), () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { smtpPort: opts.smtpPort, webPort: opts.webPort, webUrl, stop };
}
