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
import type { ActOutcome, ActionGateway, ActionInput } from './gateway';

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

/**
 * @param client a connected Temporal client (the process owns its connection)
 * @returns the gateway
 */
export function createTemporalGateway(client: Client): ActionGateway {
  return {
    async getState(workflowId) {
      try {
        return await client.workflow.getHandle(workflowId).query(unitStateQuery);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async act(workflowId, input: ActionInput): Promise<ActOutcome> {
      const handle = client.workflow.getHandle(workflowId);
      try {
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
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { kind: 'rejected', ...refusalOf(err) };
        if (isNotFound(err)) return { kind: 'not-found' };
        throw err;
      }
    },
  };
}
