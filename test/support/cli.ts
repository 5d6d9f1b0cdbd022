/** Runs the real `bin/cascade` as a child process, the way an admin's shell does. */
import { execFile } from 'node:child_process';
import path from 'node:path';

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * @param env the environment the CLI sees (Temporal address, task queue…)
 * @returns a function running `bin/cascade` with the given arguments
 */
export function cascadeCli(env: NodeJS.ProcessEnv): (...args: string[]) => Promise<CliRun> {
  const bin = path.resolve(__dirname, '../../bin/cascade');
  return (...args) =>
    new Promise((resolve) => {
      execFile(bin, args, { encoding: 'utf8', env }, (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }));
    });
}
