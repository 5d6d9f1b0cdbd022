/**
 * Admin steering Updates that the cycle and the unit workflows both take, under
 * the same names: the CLI sends them to the cycle (which keeps the audit trail)
 * and the cycle forwards them to the unit. Defined once here.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { AdminResult, ExtendDeadlineInput, ReassignInput, RemindNowInput } from '../domain/admin';

export const extendDeadlineUpdate = defineUpdate<AdminResult, [ExtendDeadlineInput]>('extendDeadline');
export const reassignUpdate = defineUpdate<AdminResult, [ReassignInput]>('reassign');
export const remindNowUpdate = defineUpdate<AdminResult, [RemindNowInput]>('remindNow');
