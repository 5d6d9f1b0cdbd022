/**
 * How many Temporal calls one web process has in flight at once.
 *
 * Why: on the last day a thousand heads post at once. Sent all together, every
 * Update waits behind all the others for the workers, many pass the call's
 * deadline (WEB_TEMPORAL_TIMEOUT_MS), the person gets "try again" (503) and
 * their browser sends the page and the form again: the retries add load while
 * the first Updates are still being applied. Here the calls beyond the limit
 * wait their turn in order, inside the web app, and the deadline starts when a
 * call's turn comes. Only a call that waited longer than the queue allows is
 * answered 503, at once, before it costs Temporal anything.
 */

/** A call that did not get its turn within the allowed wait. */
export class AdmissionTimeoutError extends Error {
  override readonly name = 'AdmissionTimeoutError';
}

/** Runs calls at most `concurrency` at a time, the others in arrival order. */
export interface Admission {
  /**
   * @returns what `fn` returns, once it had its turn
   * @throws AdmissionTimeoutError when no turn came within the allowed wait (fn never ran)
   */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls running now. */
  readonly active: number;
  /** Calls waiting for a turn. */
  readonly waiting: number;
}

/** Options of {@link createAdmission}. */
export interface AdmissionOptions {
  /** Calls in flight at most; 0 lets every call through at once (no queue). */
  concurrency: number;
  /** Longest wait for a turn before {@link AdmissionTimeoutError}. */
  maxWaitMs: number;
}

interface Waiter {
  start(): void;
  timer: NodeJS.Timeout;
}

/**
 * @param opts the limit and the longest wait
 * @returns the admission of one web process
 */
export function createAdmission(opts: AdmissionOptions): Admission {
  let active = 0;
  const queue: Waiter[] = [];
  const release = (): void => {
    active -= 1;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    }
  };
  const runNow = async <T>(fn: () => Promise<T>): Promise<T> => {
    active += 1;
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    run<T>(fn: () => Promise<T>): Promise<T> {
      if (opts.concurrency <= 0 || active < opts.concurrency) return runNow(fn);
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => void runNow(fn).then(resolve, reject),
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(waiter), 1);
            reject(new AdmissionTimeoutError(`no turn within ${opts.maxWaitMs} ms: ${opts.concurrency} Temporal calls in flight, ${queue.length} waiting`));
          }, opts.maxWaitMs),
        };
        queue.push(waiter);
      });
    },
  };
}
