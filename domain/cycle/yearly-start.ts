/**
 * The yearly start of a cycle by a Temporal Schedule, as pure rules: which
 * year a scheduled time starts, and the schedule's id. Kept out of the workflow
 * so the CLI (which validates the file for the coming year) and the workflow
 * (which starts that year) agree by construction.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { dateInVietnam } from '../calendar/pure';

/** Set by the server on every workflow a Schedule starts: the time the action was scheduled for. */
export const SCHEDULED_START_TIME_KEY = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * @param cascadeId the cascade slug
 * @returns the id of its one yearly schedule, e.g. `cascade/ct21-yte-thanhhoa/yearly`
 */
export function yearlyScheduleId(cascadeId: string): string {
  return `cascade/${cascadeId}/yearly`;
}

/**
 * @param cascadeId the cascade slug
 * @returns the id the schedule gives the starter workflows (the server appends the scheduled time)
 */
export function yearlyStarterWorkflowId(cascadeId: string): string {
  return `cascade/${cascadeId}/yearly-start`;
}

/**
 * @param scheduledAt the instant the schedule fired for (or was backfilled for)
 * @returns the cycle year: the calendar year in Vietnam at that instant
 */
export function cycleYearOf(scheduledAt: Date | string): number {
  return Number(dateInVietnam(scheduledAt).slice(0, 4));
}

/** Hour (Vietnam time) at which the schedule fires on its day: before the working day starts. */
export const YEARLY_START_HOUR = 6;
