/**
 * A long-running child process of the twin (a Temporal service, the UI server)
 * with its output appended to a log file, and the two ways it can end: asked
 * (SIGTERM, then SIGKILL after a grace period) or killed (SIGKILL, a crash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

/** A started child. */
export interface LoggedProcess {
  name: string;
  child: ChildProcess;
  /** Output so far (last few KB), for error messages. */
  tail(): string;
  /** SIGTERM, SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: no shutdown at all, as in a crash. */
  kill(): Promise<void>;
}

/**
 * @param name label in messages
 * @param file executable
 * @param args its arguments
 * @param opts.logFile where stdout and stderr go (appended)
 * @param opts.env its environment
 * @returns the process, started
 */
export function startLoggedProcess(name: string, file: string, args: string[], opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string }): LoggedProcess {
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Two sources, one file: neither may end it; 'close' comes after both pipes drained.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('close', () => log.end());
  child.once('error', (err) => keep(Buffer.from(`spawn failed: ${err.message}`)));
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (): Promise<void> => (exited() ? Promise.resolve() : new Promise((r) => child.once('exit', () => r())));
  return {
    name,
    child,
    tail: () => tail,
    async stop(graceMs = 15_000) {
      if (exited()) return;
      const done = waitExit();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
    async kill() {
      if (exited()) return;
      const done = waitExit();
      child.kill('SIGKILL');
      await done;
    },
  };
}
