/**
 * The mail server is down for a while, with the real worker and the workflows'
 * own retry policy (10 s initial interval, backoff 2): the notifications wait and
 * go out once it is back, none lost and none sent twice (Message-IDs are
 * deterministic, so a duplicate would show as a repeated id).
 *
 * Two outages: the listener is down when the cycle starts, and it goes down
 * mid-cycle after the worker's SMTP pool has been delivering. Each lasts until
 * every pending mail has failed at least once (so the retry, not luck, delivers
 * it); the listener then comes back on the same port.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { messageIdFor } from '../../activities/mail';
import { remindNowCycleUpdate } from '../../workflows/cascade-cycle';
import { mapLimit, startE2eStack, waitFor, type E2eStack } from '../support/e2e-stack';

const UNITS = ['bv-nhi', 'bv-phu-san', 'bv-da-khoa-tinh', 'bv-ung-buou'];

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'outage', onlyUnits: UNITS });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Pending mail activities of a unit that have failed at least once. */
async function failedMailAttempts(unitId: string): Promise<{ attempt: number; failure: string }[]> {
  const raw = (await stack.client.workflow.getHandle(stack.unitWorkflowId(unitId)).describe()).raw;
  return (raw.pendingActivities ?? [])
    .filter((a) => a.activityType?.name === 'sendNotification' && (a.attempt ?? 0) >= 2)
    .map((a) => ({ attempt: a.attempt ?? 0, failure: a.lastFailure?.message ?? '' }));
}

/** Waits until every listed unit has `n` mail activities that failed at least once. */
function waitForFailures(unitIds: string[], n: number): Promise<{ attempt: number; failure: string }[]> {
  return waitFor(
    async () => {
      const all = await mapLimit(unitIds, 4, failedMailAttempts);
      return all.every((a) => a.length >= n) && all.flat();
    },
    60_000,
    `a failed mail attempt in each of ${unitIds.join(', ')}`,
  );
}

/** Attempts of each completed sendNotification in a unit's history (1 = first try). */
async function completedAttempts(handle: WorkflowHandle): Promise<number[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const attemptOf = new Map<string, number>();
  const done: number[] = [];
  for (const e of events) {
    if (e.activityTaskStartedEventAttributes) attemptOf.set(String(e.activityTaskStartedEventAttributes.scheduledEventId), e.activityTaskStartedEventAttributes.attempt ?? 1);
    if (e.activityTaskCompletedEventAttributes) done.push(attemptOf.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId)) ?? 0);
    expect(e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? null).toBeNull();
  }
  return done;
}

/** The head's mail, then each substitute's own mail (its own link and Message-ID), of every unit. */
const expectedIds = (kind: 'task-assigned' | 'reminder', task: 'draft-plan', sequence: string) =>
  UNITS.flatMap((u) => {
    const base = { workflowId: stack.unitWorkflowId(u), task, revision: 0, kind };
    const substitutes = stack.units.find((x) => x.id === u)!.substitutes;
    return [messageIdFor({ ...base, sequence }), ...substitutes.map((_, i) => messageIdFor({ ...base, sequence: `${sequence}/cc${i + 1}` }))];
  });

function duplicatesOf(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

describe('SMTP outage with the real worker', () => {
  it('down when the cycle starts: every task mail goes out once the server is back, exactly once', async () => {
    const t0 = Date.now();
    stack.stopSmtp();
    await stack.startCycle();
    const failures = await waitForFailures(UNITS, 1);
    expect(failures.every((f) => /temporary SMTP failure/.test(f.failure))).toBe(true);
    const downFor = Date.now() - t0;
    expect(stack.mails()).toHaveLength(0);

    await stack.restartSmtp();
    const expected = expectedIds('task-assigned', 'draft-plan', 'open-0');
    expect(expected.length).toBeGreaterThan(UNITS.length); // bv-da-khoa-tinh's substitute has their own mail
    await waitFor(() => stack.mails().length >= expected.length, 60_000, `${expected.length} task mails after the outage`);
    await stack.settle();
    const ids = stack.mails().map((m) => m.messageId);
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(expected));
    for (const u of UNITS) {
      const attempts = await completedAttempts(stack.client.workflow.getHandle(stack.unitWorkflowId(u)));
      expect(attempts.length).toBe(1);
      expect(attempts[0]).toBeGreaterThanOrEqual(2);
    }
    console.log(`outage at start: ${failures.length} mails failed first (${failures.map((f) => f.failure.replace(/^.*temporary SMTP failure /, '')).join('; ')}), listener down ${downFor} ms, all ${ids.length} delivered ${Date.now() - t0} ms after the outage began, duplicates 0`);
  }, 120_000);

  it('down mid-cycle, after the pool has been delivering: reminders wait and arrive once', async () => {
    const t0 = Date.now();
    const delivered = stack.mails().length;
    stack.stopSmtp();
    const cycle = stack.client.workflow.getHandle(stack.cycleWorkflowId());
    await mapLimit(UNITS, 4, (unitId) => cycle.executeUpdate(remindNowCycleUpdate, { args: [{ unitId, reason: 'Nhắc việc trong lúc máy chủ thư gặp sự cố', actor: 'quan-tri@yte-thanhhoa.example' }] }));
    const failures = await waitForFailures(UNITS, 1);
    const downFor = Date.now() - t0;
    expect(stack.mails()).toHaveLength(delivered);

    await stack.restartSmtp();
    const reminders = expectedIds('reminder', 'draft-plan', 'now-1');
    await waitFor(() => stack.mails().length >= delivered + reminders.length, 90_000, `${reminders.length} reminders after the outage`);
    await stack.settle();
    const all = stack.mails();
    expect(all).toHaveLength(delivered + reminders.length);
    expect(duplicatesOf(all.map((m) => m.messageId))).toEqual([]);
    expect(new Set(all.slice(delivered).map((m) => m.messageId))).toEqual(new Set(reminders));
    expect(all.slice(delivered).every((m) => m.subject.startsWith('Nhắc việc'))).toBe(true);
    console.log(`outage mid-cycle: ${failures.length} reminders failed first (${[...new Set(failures.map((f) => f.failure.replace(/^.*temporary SMTP failure /, '')))].join('; ')}), listener down ${downFor} ms, all delivered ${Date.now() - t0} ms after the outage began, duplicates 0`);
  }, 150_000);
});
