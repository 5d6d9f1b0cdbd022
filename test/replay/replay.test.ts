/**
 * Determinism and upgrades: histories recorded from real runs are replayed
 * against the current workflow code. A workflow change that would break running
 * executions fails here unless it is guarded by `patched()`. How to record new
 * ones before a workflow change: histories/README.md (test/replay/recorder.ts).
 *
 * - *-before-notify-first-task: recorded before 'notify-first-task' (unit-plan).
 * - year2027-*: a whole year of the shipped example (return, extension, late
 *   draft and late review escalations, remind-now, reassign, add and remove of
 *   units, a late report re-sent up, the final report).
 * - large450-*: a parent of 450 units, children started 200 per run with
 *   continue-as-new between batches, then cancelled over several runs.
 * - by-reference-*: a cycle started by reference (input in a snapshot store);
 *   the units read their children from it a page at a time.
 * - late-correction-*, remind-batches-*: recorded before (old path) and after
 *   (new path) the patches 'resend-corrected-roll-up' and
 *   'remind-now-after-child-batches'; both sets replay, and the last tests below
 *   show which path each set took.
 * - year2027-marker-only-if-tasked-*: the same year after the parents started
 *   flagging their children (firstTaskMarkerOnlyIfTasked): a unit that starts
 *   waiting records no 'notify-first-task' marker; year2027-* is the old path;
 *   year2027-flagged-on-previous-worker-* has flagged inputs run by the unit
 *   workflow of the version before (a rolling upgrade): the marker is there.
 * - report-mails-*: a small year recorded after 'report-up-mail' and
 *   'final-report-informational' (their old path is in year2027-*), before and
 *   after 'plan-informational' and 'action-month-notice' (cycle).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { workflowBundle } from '../support/temporal';

const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

interface JsonEvent {
  eventType: string;
  eventTime: string;
  markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads: { data: string }[] }> };
  signalExternalWorkflowExecutionInitiatedEventAttributes?: { signalName: string };
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest: { input: { name: string } } };
  workflowExecutionSignaledEventAttributes?: { signalName: string };
}
const read = (file: string): { events: JsonEvent[] } => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { events: JsonEvent[] };

describe('replay of recorded histories', () => {
  it('holds deep histories: every message, activities, timers, continue-as-new of a large parent, both workflow types', () => {
    const seen = { types: new Set<string>(), updates: new Set<string>(), signals: new Set<string>(), events: new Map<string, number>() };
    let mostChildStartsInOneRun = 0;
    let runsEndingInContinueAsNew = 0;
    for (const file of files) {
      const { events } = read(file);
      let starts = 0;
      for (const e of events) {
        seen.events.set(e.eventType, (seen.events.get(e.eventType) ?? 0) + 1);
        if (e.workflowExecutionStartedEventAttributes) seen.types.add(e.workflowExecutionStartedEventAttributes.workflowType.name);
        if (e.workflowExecutionUpdateAcceptedEventAttributes) seen.updates.add(e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name);
        if (e.workflowExecutionSignaledEventAttributes) seen.signals.add(e.workflowExecutionSignaledEventAttributes.signalName);
        if (e.eventType === 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED') starts++;
      }
      mostChildStartsInOneRun = Math.max(mostChildStartsInOneRun, starts);
      if (events.at(-1)?.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW') runsEndingInContinueAsNew++;
    }
    expect([...seen.types].sort()).toEqual(['cascadeCycleWorkflow', 'unitPlanWorkflow']);
    expect([...seen.updates].sort()).toEqual(
      ['addChild', 'addUnit', 'cancelCycle', 'extendDeadline', 'reassign', 'remindNow', 'removeChild', 'removeUnit', 'reviewPlan', 'submitConsolidation', 'submitPlan', 'submitReport'].sort(),
    );
    expect([...seen.signals].sort()).toEqual(['childCancelled', 'childReported', 'parentPlanApproved']);
    for (const type of ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'EVENT_TYPE_TIMER_FIRED', 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED']) {
      expect([type, seen.events.get(type) ?? 0]).toEqual([type, expect.any(Number)]);
      expect(seen.events.get(type)).toBeGreaterThan(0);
    }
    // A large parent: a full batch of 200 starts in one run, and runs continued as new.
    expect(mostChildStartsInOneRun).toBe(200);
    expect(runsEndingInContinueAsNew).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    // The SDK parses the JSON export (as `temporal workflow show -o json` writes it) itself.
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const workflowId = file.replace(/\.json$/, '');
    // With the product's data converter: histories recorded before payload encryption
    // hold plain payloads, which the codec passes through unchanged.
    const dataConverter = dataConverterFor(loadConfig({ NODE_ENV: 'test' }));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter }, history, workflowId)).resolves.toBeUndefined();
  });

  describe('patched changes: the old histories took the old path, a new run takes the new one', () => {
    /** @returns the patch ids recorded in a history */
    const patchesOf = (events: JsonEvent[]): string[] =>
      events.flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((d) => d.payloads.map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id)));
    /** @returns the days (UTC) the unit sent its roll-up up */
    const rollUpDays = (events: JsonEvent[]): string[] =>
      events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'childReported').map((e) => e.eventTime.slice(0, 10));
    /** @returns the days (UTC) mails were scheduled on */
    const mailDays = (events: JsonEvent[]): string[] => events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'sendNotification').map((e) => e.eventTime.slice(0, 10));

    it("'resend-corrected-roll-up': the root passes on the centre's corrected roll-up only on the new path", () => {
      const before = read('late-correction-unit-ban-vstbcpn-nganh-y-te-before-resend-corrected-roll-up.json').events;
      const after = read('late-correction-unit-ban-vstbcpn-nganh-y-te-after-resend-corrected-roll-up.json').events;
      expect(patchesOf(before)).not.toContain('resend-corrected-roll-up');
      // Its own consolidation (26/11 08:30), then BV Mắt's report (27/11); the centre's correction (26/11 09:00) is not passed on.
      expect(rollUpDays(before)).toEqual(['2027-11-26', '2027-11-27']);
      expect(patchesOf(after)).toContain('resend-corrected-roll-up');
      expect(rollUpDays(after)).toEqual(['2027-11-26', '2027-11-26', '2027-11-27']);
    });

    /** @returns the names of the Updates a history accepted, with the activities scheduled after each (in order) */
    const afterUpdate = (events: JsonEvent[], update: string): string[] => {
      const i = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input.name === update);
      expect(i).toBeGreaterThanOrEqual(0);
      return events.slice(i + 1).filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType.name);
    };
    /** @returns the activities a cycle scheduled after its root reported (the final mails) */
    const afterRootReport = (events: JsonEvent[]): string[] => {
      const i = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'childReported');
      expect(i).toBeGreaterThanOrEqual(0);
      return events.slice(i + 1).filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType.name);
    };

    it("'report-up-mail': a centre's consolidation goes up by mail only on the new path", () => {
      // Recorded before the patch: the centre's consolidation is only signalled up.
      const before = read('year2027-unit-ttyt-hoang-hoa.json').events;
      expect(patchesOf(before)).not.toContain('report-up-mail');
      expect(afterUpdate(before, 'submitConsolidation')).toEqual([]);
      const after = read('report-mails-unit-ttyt-hoang-hoa-after-report-up-mail.json').events;
      expect(patchesOf(after)).toContain('report-up-mail');
      expect(afterUpdate(after, 'submitConsolidation')).toEqual(['sendNotification']);
    });

    it("'final-report-informational': the union on 'Nơi nhận' gets the final report only on the new path", () => {
      // Both cycles had the sector's trade union on "Nơi nhận" for coordination.
      const coordinating = (events: JsonEvent[]): string[] => {
        const started = events[0] as unknown as { workflowExecutionStartedEventAttributes: { input: { payloads: { data: string }[] } } };
        const input = JSON.parse(Buffer.from(started.workflowExecutionStartedEventAttributes.input.payloads[0]!.data, 'base64').toString('utf8')) as { cascade: { org: { children: { id: string; role?: string }[] } } };
        return input.cascade.org.children.filter((c) => c.role === 'coordinate').map((c) => c.id);
      };
      const before = read('year2027-cycle.json').events;
      expect(coordinating(before)).toEqual(['cong-doan-nganh-y-te']);
      expect(patchesOf(before)).not.toContain('final-report-informational');
      // Old path: one mail, to the final recipient.
      expect(afterRootReport(before)).toEqual(['sendNotification']);
      const after = read('report-mails-cycle-before-plan-informational.json').events;
      expect(coordinating(after)).toEqual(['cong-doan-nganh-y-te']);
      expect(patchesOf(after)).toContain('final-report-informational');
      expect(afterRootReport(after)).toEqual(['sendNotification', 'sendNotification']);
    });

    it("'plan-informational' and 'action-month-notice': the plan to the union at start, the notices on 15/11, only on the new path", () => {
      /** @returns "date activity" of each mail a cycle scheduled, with the timers it fired */
      const timeline = (events: JsonEvent[]): string[] =>
        events.filter((e) => e.activityTaskScheduledEventAttributes || e.eventType === 'EVENT_TYPE_TIMER_FIRED').map((e) => `${e.eventTime.slice(0, 10)} ${e.activityTaskScheduledEventAttributes ? 'mail' : 'timer'}`);
      for (const old of ['year2027-cycle.json', 'report-mails-cycle-before-plan-informational.json']) {
        const events = read(old).events;
        expect([old, patchesOf(events).filter((p) => p === 'plan-informational' || p === 'action-month-notice')]).toEqual([old, []]);
        expect(timeline(events).filter((t) => t.startsWith('2027-01-18') || t.startsWith('2027-11-15'))).toEqual([]);
      }
      const after = read('report-mails-cycle-after-plan-informational.json').events;
      expect(patchesOf(after)).toEqual(['plan-informational', 'action-month-notice', 'final-report-informational']);
      // The plan to the union on the first day; six units told on 15/11 (root, BV Mắt, the centre, three stations); then the final report twice.
      expect(timeline(after)).toEqual(['2027-01-18 mail', '2027-11-15 timer', ...Array<string>(6).fill('2027-11-15 mail'), '2027-11-26 mail', '2027-11-26 mail']);
    });

    it("'remind-now-after-child-batches': the reminder asked on 18/01 goes that day only on the new path", () => {
      const before = read('remind-batches-unit-root-before-remind-now-after-child-batches-run2.json').events;
      const after = read('remind-batches-unit-root-after-remind-now-after-child-batches-run2.json').events;
      expect(patchesOf(before)).not.toContain('remind-now-after-child-batches');
      // Old path: nothing until the first scheduled reminder, then both at once.
      expect(mailDays(before)).toEqual(['2027-02-01', '2027-02-01']);
      expect(patchesOf(after)).toContain('remind-now-after-child-batches');
      expect(mailDays(after)).toEqual(['2027-01-18', '2027-02-01']);
    });
  });

  describe('the first-task marker of a waiting unit (a versioned input, told apart by its field): both kinds of history are here', () => {
    const ONLY_IF_TASKED = 'year2027-marker-only-if-tasked';
    /** @returns the events the unit's first workflow task wrote (the commands completed with it) */
    const firstTask = (events: JsonEvent[]): string[] => {
      // A command's event names the task that wrote it by that task's WorkflowTaskStarted event.
      const started = (events as (JsonEvent & { eventId: string })[]).find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED')!.eventId;
      const writtenBy = (e: JsonEvent): boolean =>
        Object.values(e).some((a: unknown) => typeof a === 'object' && (a as { workflowTaskCompletedEventId?: string } | null)?.workflowTaskCompletedEventId === started);
      return events.filter(writtenBy).map((e) => e.eventType.replace('EVENT_TYPE_', ''));
    };
    const startInput = (file: string): Record<string, unknown> => {
      const e = read(file).events[0] as JsonEvent & { workflowExecutionStartedEventAttributes: { input: { payloads: { data: string }[] } } };
      return JSON.parse(Buffer.from(e.workflowExecutionStartedEventAttributes.input.payloads[0]!.data, 'base64').toString('utf8')) as Record<string, unknown>;
    };

    it('started before the flag, a waiting unit records the marker and its TemporalChangeVersion upsert', () => {
      expect(startInput('year2027-unit-tyt-hoang-loc.json').firstTaskMarkerOnlyIfTasked).toBeUndefined();
      expect(firstTask(read('year2027-unit-tyt-hoang-loc.json').events)).toEqual(['UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'MARKER_RECORDED', 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES']);
    });

    it('started with it, a waiting unit upserts its stage only, and a unit starting in a task still records the marker', () => {
      expect(startInput(`${ONLY_IF_TASKED}-unit-tyt-hoang-loc.json`).firstTaskMarkerOnlyIfTasked).toBe(true);
      expect(firstTask(read(`${ONLY_IF_TASKED}-unit-tyt-hoang-loc.json`).events)).toEqual(['UPSERT_WORKFLOW_SEARCH_ATTRIBUTES']);
      expect(startInput(`${ONLY_IF_TASKED}-unit-bv-mat.json`).firstTaskMarkerOnlyIfTasked).toBe(true);
      expect(firstTask(read(`${ONLY_IF_TASKED}-unit-bv-mat.json`).events).slice(0, 4)).toEqual(['UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'MARKER_RECORDED', 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'ACTIVITY_TASK_SCHEDULED']);
    });

    it('a rolling upgrade: a flagged unit whose first task a worker of the version before ran holds the marker, and replays', () => {
      // Recorded with the parents of this version and the unit workflow of the one before (histories/README.md).
      const file = 'year2027-flagged-on-previous-worker-unit-tyt-hoang-loc.json';
      expect(startInput(file).firstTaskMarkerOnlyIfTasked).toBe(true);
      expect(firstTask(read(file).events)).toEqual(['UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'MARKER_RECORDED', 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES']);
      // Its replay is one of the replay tests above (it failed before the unit asked patched() when replaying).
      expect(files).toContain(file);
    });
  });

  describe('inputs by reference (a versioned input, told apart by its field): both kinds of history are here', () => {
    const activities = (events: JsonEvent[]): string[] => events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType.name ?? []);
    const childStarts = (events: JsonEvent[]): number => events.filter((e) => e.eventType === 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED').length;

    it('by value: the cycle and its units read nothing from a store', () => {
      for (const file of ['year2027-cycle.json', 'year2027-unit-ban-vstbcpn-nganh-y-te.json', 'large450-root-run1.json']) {
        expect([file, activities(read(file).events).filter((a) => a.startsWith('read'))]).toEqual([file, []]);
      }
    });

    it('by reference: the cycle reads its input in parts, the root its 205 children in pages of 200 over runs, a parent its own 10', () => {
      expect(activities(read('by-reference-cycle.json').events)).toContain('readSnapshotPart');
      const root = [1, 2, 3].map((n) => read(`by-reference-unit-root-run${n}.json`).events);
      expect(root.map((events) => activities(events).filter((a) => a === 'readChildrenPage').length)).toEqual([1, 1, 0]);
      expect(root.map(childStarts)).toEqual([200, 5, 0]);
      const parent = read('by-reference-unit-parent.json').events;
      expect(activities(parent).filter((a) => a === 'readChildrenPage')).toHaveLength(1);
      expect(childStarts(parent)).toBe(10);
    });
  });
});
