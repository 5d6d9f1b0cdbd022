/**
 * A progress bar for long work (starting, listing or exporting thousands of
 * units), drawn on stderr and only when stderr is a terminal: in a pipe, a log
 * file or a test, nothing is written, so stdout stays the data and stderr
 * stays the errors. Hand-written (a dozen lines) rather than a library: it
 * needs one line, redrawn at most ten times a second.
 */

/** A running progress bar. */
export interface Progress {
  /** @param done units of work finished so far */
  update(done: number): void;
  /** Clears the line. */
  finish(): void;
}

/** The part of a stream the bar needs (process.stderr, or a test double). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * @param label what is being done, e.g. "Đọc trạng thái"
 * @param total expected units of work (0 when unknown)
 * @param stream where to draw; default process.stderr
 * @param now clock, for tests
 * @returns a bar, or one that does nothing when the stream is not a terminal
 */
export function startProgress(label: string, total: number, stream: ProgressStream = process.stderr, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const draw = (done: number): void => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(share * width);
    const count = total > 0 ? `${done.toLocaleString('vi-VN')}/${total.toLocaleString('vi-VN')}` : done.toLocaleString('vi-VN');
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${count}\x1b[K`);
    drawn = true;
  };
  return {
    update(done) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      draw(done);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
