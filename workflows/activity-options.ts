/**
 * The one place activity options are set: every workflow proxies its activities
 * with these, so retries and timeouts are the same wherever a mail is sent.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import { ERROR_TYPES, REFUSAL_ERROR_TYPES } from '../domain/errors';

/** Mail: SMTP may be down for hours; keep trying with backoff for up to three days. */
export const MAIL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    nonRetryableErrorTypes: [ERROR_TYPES.PermanentSmtpError, ERROR_TYPES.InvalidNotification],
  },
};

/** Forwarding an admin Update to a unit: a refusal is final, a transport error is retried a few times. */
export const ADMIN_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: [...REFUSAL_ERROR_TYPES] },
};

/** Reading a stored snapshot: a store that is briefly unreachable is retried, at most a minute apart. */
export const SNAPSHOT_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
