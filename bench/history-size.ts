/**
 * Issue #10, history per unit-year: events and bytes of the recorded whole-year
 * histories (test/replay/histories/year2027-*.json, the shipped example under the
 * time-skipping server with a plan returned, late drafts and reviews with every
 * reminder and rung, a reassignment, a unit added and two removed). A year is
 * not replayed here: the histories were recorded by the replay recorder, so the
 * figures say what one real year wrote, not what a synthetic year would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal as proto } from '@temporalio/proto';

/** Where the recorded histories live. */
export const HISTORIES_DIR = path.resolve(__dirname, '../test/replay/histories');

/** Events and protobuf bytes of one recorded run. */
export interface RecordedHistory {
  file: string;
  events: number;
  bytes: number;
  /** The unit started children (its history also holds their starts and roll-ups). */
  parent: boolean;
  /** Days from its first to its last event. */
  days: number;
}

/** What the year's unit histories add up to. */
export interface UnitYearFigures {
  units: RecordedHistory[];
  cycle: RecordedHistory;
  /** Most events / bytes of one unit's year. */
  maxEvents: number;
  maxBytes: number;
  /** Every unit's events and bytes, plus the cycle's, divided by the units. */
  meanEventsWithCycle: number;
  meanBytesWithCycle: number;
}

/**
 * @param file a `temporal workflow show -o json` export
 * @returns its events, its size as the server stores it (protobuf) and whether it started children
 */
export function measureHistory(file: string): RecordedHistory {
  const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof historyFromJSON>[0]);
  const events = history.events ?? [];
  const time = (i: number): number => Number(events.at(i)?.eventTime?.seconds ?? 0);
  return {
    file: path.basename(file),
    events: events.length,
    bytes: proto.api.history.v1.History.encode(history).finish().length,
    parent: events.some((e) => Boolean(e.startChildWorkflowExecutionInitiatedEventAttributes)),
    days: Math.round((time(-1) - time(0)) / 86_400),
  };
}

/**
 * The newest recording of the whole example year (test/replay/histories/README.md),
 * on the code of 28/11/2026: the figures per unit-year are those of the current
 * workflows. `year2027-` is the first recording, on the code of the first version.
 */
export const RECORDED_YEAR_PREFIX = 'year2027-marker-only-if-tasked-';

/**
 * @param dir the folder of recorded histories
 * @param prefix the recording of one whole year
 * @returns the per-unit figures of that year
 */
export function unitYearFigures(dir = HISTORIES_DIR, prefix = RECORDED_YEAR_PREFIX): UnitYearFigures {
  // Exactly this recording: other recordings of the same year share the prefix (e.g. `year2027-marker-only-if-tasked-*`).
  const files = readdirSync(dir).filter((f) => f === `${prefix}cycle.json` || (f.startsWith(`${prefix}unit-`) && f.endsWith('.json'))).sort();
  const all = files.map((f) => measureHistory(path.join(dir, f)));
  const cycle = all.find((h) => h.file === `${prefix}cycle.json`);
  const units = all.filter((h) => h !== cycle);
  if (!cycle || units.length === 0) throw new Error(`${dir}: no ${prefix}cycle.json and ${prefix}unit-*.json to measure`);
  const sum = (k: 'events' | 'bytes'): number => units.reduce((a, h) => a + h[k], cycle[k]);
  return {
    units,
    cycle,
    maxEvents: Math.max(...units.map((h) => h.events)),
    maxBytes: Math.max(...units.map((h) => h.bytes)),
    meanEventsWithCycle: sum('events') / units.length,
    meanBytesWithCycle: sum('bytes') / units.length,
  };
}
