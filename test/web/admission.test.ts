/**
 * The web app's admission of Temporal calls (client/web/admission.ts): at most
 * N at once, the rest in arrival order, and a call that waited too long is
 * refused without ever running.
 */
import { AdmissionTimeoutError, createAdmission } from '../../client/web/admission';

/** A call that runs until the test lets it finish. */
function held<T>(value: T): { fn: () => Promise<T>; started: boolean; finish(): void; fail(err: Error): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const call = {
    started: false,
    fn: () => {
      call.started = true;
      return new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
    },
    finish: () => resolve(value),
    fail: (err: Error) => reject(err),
  };
  return call;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createAdmission', () => {
  it('runs at most `concurrency` calls at once and starts the waiting ones in arrival order', async () => {
    const admission = createAdmission({ concurrency: 2, maxWaitMs: 10_000 });
    const calls = [held('a'), held('b'), held('c'), held('d')];
    const results = calls.map((c) => admission.run(c.fn));
    await tick();
    expect(calls.map((c) => c.started)).toEqual([true, true, false, false]);
    expect({ active: admission.active, waiting: admission.waiting }).toEqual({ active: 2, waiting: 2 });
    calls[1]!.finish();
    await tick();
    expect(calls.map((c) => c.started)).toEqual([true, true, true, false]);
    calls[0]!.finish();
    calls[2]!.finish();
    await tick();
    expect(calls[3]!.started).toBe(true);
    calls[3]!.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect({ active: admission.active, waiting: admission.waiting }).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the turn of a call that failed, and passes its error on', async () => {
    const admission = createAdmission({ concurrency: 1, maxWaitMs: 10_000 });
    const first = held('x');
    const second = held('y');
    const a = admission.run(first.fn);
    const b = admission.run(second.fn);
    first.fail(new Error('Temporal said no'));
    await expect(a).rejects.toThrow('Temporal said no');
    await tick();
    expect(second.started).toBe(true);
    second.finish();
    await expect(b).resolves.toBe('y');
  });

  it('refuses a call that found no turn within the wait, without running it, and keeps the order of the others', async () => {
    jest.useFakeTimers();
    try {
      const admission = createAdmission({ concurrency: 1, maxWaitMs: 1_000 });
      const running = held('running');
      const late = held('late');
      const first = admission.run(running.fn);
      const refused = admission.run(late.fn);
      jest.advanceTimersByTime(999);
      expect(admission.waiting).toBe(1);
      jest.advanceTimersByTime(1);
      await expect(refused).rejects.toBeInstanceOf(AdmissionTimeoutError);
      await expect(refused).rejects.toThrow('no turn within 1000 ms: 1 Temporal calls in flight, 0 waiting');
      expect(late.started).toBe(false);
      expect(admission.waiting).toBe(0);
      const next = held('next');
      const after = admission.run(next.fn);
      running.finish();
      await expect(first).resolves.toBe('running');
      await Promise.resolve();
      expect(next.started).toBe(true);
      next.finish();
      await expect(after).resolves.toBe('next');
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets every call through at once when the limit is 0', async () => {
    const admission = createAdmission({ concurrency: 0, maxWaitMs: 0 });
    const calls = Array.from({ length: 50 }, (_, i) => held(i));
    const results = calls.map((c) => admission.run(c.fn));
    await tick();
    expect(calls.every((c) => c.started)).toBe(true);
    calls.forEach((c) => c.finish());
    await expect(Promise.all(results)).resolves.toHaveLength(50);
  });
});
