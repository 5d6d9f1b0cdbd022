/**
 * Output that behaves in a pipe. `cascade cycle status | head -1` closes the
 * pipe after one line; the next write then fails with EPIPE, which Node
 * reports as an 'error' event (it ignores SIGPIPE). A reader that stopped
 * listening is not a failure of ours: we stop quietly with exit code 0.
 */

let installed = false;

/** Makes a closed stdout (or stderr) end the process quietly instead of with a stack trace. */
export function exitQuietlyOnClosedOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
      // Any other failure to write: the output cannot say more, so the exit code does.
      process.exit(1);
    });
  }
}

/**
 * Writes to stdout and waits until the text is handed to the OS when the pipe is
 * full, so a long listing never piles up in memory.
 * @param text what to write
 */
export function out(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
