/**
 * Which SMTP failures are worth retrying. Temporal's retry policy (set by the
 * workflow) retries plain errors with backoff; a 5xx answer (recipient rejected,
 * message refused) will be the same next time, so it fails fast instead.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_TYPES } from '../../domain/errors';

/** Error type name of permanent failures, for `nonRetryableErrorTypes`. */
export const PERMANENT_SMTP_ERROR = ERROR_TYPES.PermanentSmtpError;

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** @returns 'permanent' for 5xx answers and unsendable messages, otherwise 'transient' */
export function classifySmtpError(err: unknown): 'permanent' | 'transient' {
  const e = (err ?? {}) as NodemailerError;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600 ? 'permanent' : 'transient';
  // EENVELOPE without an answer: no valid recipient at all; EMESSAGE: the message cannot be built.
  // EAUTH stays transient on purpose: an operator can fix credentials and pending retries then go through.
  return e.code === 'EENVELOPE' || e.code === 'EMESSAGE' ? 'permanent' : 'transient';
}

/**
 * @returns a non-retryable ApplicationFailure for permanent errors, else a plain Error with the cause
 */
export function toActivityError(err: unknown, what: string): Error {
  const e = (err ?? {}) as NodemailerError;
  const detail = e.response ?? e.message ?? String(err);
  if (classifySmtpError(err) === 'permanent') {
    return ApplicationFailure.create({
      type: PERMANENT_SMTP_ERROR,
      message: `${what}: the mail server refused permanently (${e.responseCode ?? e.code}): ${detail}`,
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }
  return new Error(`${what}: temporary SMTP failure (${e.code ?? e.responseCode ?? 'unknown'}): ${detail}`, { cause: err });
}
