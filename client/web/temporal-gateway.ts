/**
 * {@link ActionGateway} over Temporal: state by Query, actions by Update (the
 * workflow's validators answer synchronously, so the person sees why not).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  reviewPlanUpdate,
  submitConsolidationUpdate,
  submitPlanUpdate,
  submitReportUpdate,
  unitStateQuery,
} from '../../workflows/unit-messages';
import { AdmissionTimeoutError, createAdmission, type AdmissionOptions } from './admission';
import { GatewayUnavailableError, type ActOutcome, type ActionGateway, type ActionInput } from './gateway';

const GENERIC_REFUSAL = 'Hệ thống không thể ghi nhận thao tác này.';

function isNotFound(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  // Updates to a closed workflow fail with a gRPC NOT_FOUND / "workflow execution already completed".
  const msg = err instanceof Error ? err.message : '';
  return /already completed|not found/i.test(msg) && !(err instanceof WorkflowUpdateFailedError);
}

/** The innermost ApplicationFailure message: the validator's Vietnamese sentence. */
function refusalOf(err: WorkflowUpdateFailedError): { message: string; details?: string[]; type?: string } {
  let cause: unknown = err.cause;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure) {
      const details = Array.isArray(cause.details) ? cause.details.flat().filter((d): d is string => typeof d === 'string') : [];
      return { message: cause.message || GENERIC_REFUSAL, ...(details.length ? { details } : {}), ...(cause.type ? { type: cause.type } : {}) };
    }
    cause = cause.cause;
  }
  return { message: GENERIC_REFUSAL };
}

/** What {@link createTemporalGateway} takes besides the client. */
export interface TemporalGatewayOptions {
  timeoutMs?: number;
  admission?: AdmissionOptions;
}

/**
 * @param web the web app's configuration
 * @returns the gateway options it sets: the call deadline and the admission of calls
 */
export function gatewayOptionsOf(web: { temporalTimeoutMs: number; temporalConcurrency: number; temporalQueueMs: number }): TemporalGatewayOptions {
  return { timeoutMs: web.temporalTimeoutMs, admission: { concurrency: web.temporalConcurrency, maxWaitMs: web.temporalQueueMs } };
}

/** Default deadline of one gateway call (config WEB_TEMPORAL_TIMEOUT_MS). */
export const DEFAULT_TEMPORAL_TIMEOUT_MS = 10_000;

/**
 * @param client a connected Temporal client (the process owns its connection)
 * @param opts.timeoutMs deadline of every call: an unreachable server gives a
 *   quick {@link GatewayUnavailableError}, not a request hanging on retries
 * @param opts.admission calls in flight at once and the longest wait for a turn
 *   (config WEB_TEMPORAL_CONCURRENCY, WEB_TEMPORAL_QUEUE_MS; see ./admission.ts);
 *   without it every call goes out at once
 * @returns the gateway
 */
export function createTemporalGateway(client: Client, opts: TemporalGatewayOptions = {}): ActionGateway {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS;
  const admission = createAdmission(opts.admission ?? { concurrency: 0, maxWaitMs: 0 });
  /** Runs `fn` in its turn, under a gRPC deadline; anything but a workflow's own answer becomes "unavailable". */
  const withDeadline = async <T>(what: string, fn: () => Promise<T>, known: (err: unknown) => T | undefined): Promise<T> => {
    try {
      // The deadline starts with the call's turn, not with the request.
      return await admission.run(() => client.withDeadline(Date.now() + timeoutMs, fn));
    } catch (err) {
      if (err instanceof AdmissionTimeoutError) throw new GatewayUnavailableError(`the ${what} found no turn: ${err.message}`, { cause: err });
      const answer = known(err);
      if (answer !== undefined) return answer;
      throw new GatewayUnavailableError(`Temporal did not answer the ${what} within ${timeoutMs} ms`, { cause: err });
    }
  };
  return {
    getState(workflowId) {
      return withDeadline('query', () => client.workflow.getHandle(workflowId).query(unitStateQuery), (err) => (isNotFound(err) ? null : undefined));
    },

    act(workflowId, input: ActionInput): Promise<ActOutcome> {
      const handle = client.workflow.getHandle(workflowId);
      return withDeadline('update', () => runUpdate(handle, input), (err): ActOutcome | undefined => {
        if (err instanceof WorkflowUpdateFailedError) return { kind: 'rejected', ...refusalOf(err) };
        if (isNotFound(err)) return { kind: 'not-found' };
        return undefined;
      });
    },
  };
}

type Handle = ReturnType<Client['workflow']['getHandle']>;

/** Runs the Update matching `input.task` and waits for its result. */
async function runUpdate(handle: Handle, input: ActionInput): Promise<ActOutcome> {
  switch (input.task) {
    case 'draft-plan':
      return { kind: 'done', result: await handle.executeUpdate(submitPlanUpdate, { args: [input] }) };
    case 'review-plan':
      return { kind: 'done', result: await handle.executeUpdate(reviewPlanUpdate, { args: [input] }) };
    case 'report':
      return { kind: 'done', result: await handle.executeUpdate(submitReportUpdate, { args: [input] }) };
    case 'consolidate':
      return { kind: 'done', result: await handle.executeUpdate(submitConsolidationUpdate, { args: [input] }) };
  }
}
