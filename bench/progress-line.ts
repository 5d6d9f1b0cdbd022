/**
 * A progress bar per phase of a long bench, on stderr. On a terminal it is
 * redrawn in place; in a pipe or log file (a bench run in the background) one
 * line is written when the count changed and at least a few seconds passed, so
 * the log shows the bench moving without thousands of lines.
 */

/** A phase's bar. */
export interface PhaseProgress {
  /** @param done units of work finished; @param total expected units (may grow) */
  update(done: number, total: number): void;
  /** A line of text that is not a count (kept between bars). */
  note(line: string): void;
  /** Ends the phase with its elapsed time. */
  finish(summary: string): void;
}

/** The part of a stream the bar needs. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * @param label the phase, e.g. "raw fan-out 1000 deep"
 * @param stream where to draw (default stderr)
 * @param now clock
 * @param everyMs least time between two lines when not a terminal
 * @returns the phase's bar
 */
export function phaseProgress(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now, everyMs = 5000): PhaseProgress {
  const t0 = now();
  let last = Number.NEGATIVE_INFINITY;
  let lastDone = -1;
  let open = false;
  const seconds = (): string => `${((now() - t0) / 1000).toFixed(1)} s`;
  const close = (): void => {
    if (open) stream.write('\n');
    open = false;
  };
  return {
    update(done, total) {
      const t = now();
      const complete = total > 0 && done >= total;
      if (done === lastDone && !complete) return;
      if (!stream.isTTY && t - last < everyMs && !complete) return;
      last = t;
      lastDone = done;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(share * 30);
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.floor(share * 100)}% ${done}/${total} ${seconds()}`;
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        open = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    note(line) {
      close();
      stream.write(`  ${line}\n`);
    },
    finish(summary) {
      close();
      stream.write(`${label}: ${summary} (${seconds()})\n`);
    },
  };
}

/**
 * Reads a count out of a harness's progress line: the `n/m` pairs after the last
 * `: `, parentheses left out, summed ("drafting 1/1, waiting 84/200 (running 201)"
 * is 85/201; "60/201 running" is 60/201).
 * @param line a progress line
 * @returns the count, or undefined when the line holds none
 */
export function countIn(line: string): { done: number; total: number } | undefined {
  const tail = line.slice(line.lastIndexOf(': ') + 1).replace(/\([^)]*\)/g, '');
  const pairs = [...tail.matchAll(/(\d+)\/(\d+)/g)];
  if (pairs.length === 0) return undefined;
  return pairs.reduce((a, p) => ({ done: a.done + Number(p[1]), total: a.total + Number(p[2]) }), { done: 0, total: 0 });
}

/**
 * @param bar the phase's bar
 * @returns a `log` callback for a harness: counts feed the bar, other lines are kept
 */
export function logInto(bar: PhaseProgress): (line: string) => void {
  return (line) => {
    const count = countIn(line);
    if (count) bar.update(count.done, count.total);
    else bar.note(line);
  };
}
