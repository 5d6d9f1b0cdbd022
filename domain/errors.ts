/**
 * The one error vocabulary of the project: the `type` of every ApplicationFailure
 * a workflow or activity throws, and what the web app and the CLI switch on to
 * pick their explanation. Strings, because they cross process boundaries.
 */
export const ERROR_TYPES = {
  /** The input's shape or values are wrong (which field, what is wrong). */
  InvalidInput: 'InvalidInput',
  /** The unit (or cycle) is not in a stage where this can be done. */
  WrongStage: 'WrongStage',
  /** The link or form belongs to an earlier revision of the plan. */
  StaleRevision: 'StaleRevision',
  /** The person acting is not (or no longer) assigned this task. */
  NotAssignee: 'NotAssignee',
  /** Another decision was already recorded on this revision. */
  AlreadyDecided: 'AlreadyDecided',
  /** No such unit in the cycle (or it has ended). */
  UnknownUnit: 'UnknownUnit',
  /** The mail server refused the message for good. */
  PermanentSmtpError: 'PermanentSmtpError',
  /** A notification that can never be sent (bad recipient, missing field). */
  InvalidNotification: 'InvalidNotification',
  /** A mail copy a crash left uncertain waits for an admin's answer (retried, not a failure of the mail). */
  MailHeld: 'MailHeld',
} as const;

/** One of {@link ERROR_TYPES}. */
export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

/** Error types for which a retry can never succeed: the input itself is refused. */
export const REFUSAL_ERROR_TYPES: readonly ErrorType[] = [
  ERROR_TYPES.InvalidInput,
  ERROR_TYPES.WrongStage,
  ERROR_TYPES.UnknownUnit,
  ERROR_TYPES.StaleRevision,
  ERROR_TYPES.NotAssignee,
  ERROR_TYPES.AlreadyDecided,
];
