/**
 * Admin steering reaches a unit through the cycle workflow, which keeps the
 * audit trail; this activity carries the Update on to the unit workflow so the
 * admin gets the unit's own answer (accepted, or exactly why not).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { AdminResult } from '../../domain/admin';
import { ERROR_TYPES } from '../../domain/errors';

/** @param deps.client a Temporal client on the namespace the units run in */
export function createAdminActivities(deps: { client: Client }) {
  return {
    /**
     * @param req the unit workflow id, the update name and its argument
     * @returns the unit's answer; a refusal becomes a non-retryable failure of the same type
     */
    async forwardUnitUpdate(req: { workflowId: string; update: string; args: unknown }): Promise<AdminResult> {
      try {
        return await deps.client.workflow.getHandle(req.workflowId).executeUpdate<AdminResult, [unknown]>(req.update, {
          args: [req.args],
          // Stable across retries of this activity: a retried forward is the same Update, applied once.
          updateId: updateIdOfThisActivity(),
        });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause as { type?: string; message?: string } | undefined;
          throw ApplicationFailure.create({ type: cause?.type ?? 'UpdateRejected', message: cause?.message ?? err.message, nonRetryable: true });
        }
        if (err instanceof WorkflowNotFoundError) {
          throw ApplicationFailure.create({ type: ERROR_TYPES.UnknownUnit, message: `Đơn vị chưa bắt đầu hoặc đã kết thúc năm (${req.workflowId}).`, nonRetryable: true });
        }
        throw err;
      }
    },
  };
}

function updateIdOfThisActivity(): string {
  const info = Context.current().info;
  return `admin:${info.workflowExecution?.workflowId ?? '?'}:${info.workflowExecution?.runId ?? '?'}:${info.activityId}`;
}

/** Activity interface, for `proxyActivities` in workflows. */
export type AdminActivities = ReturnType<typeof createAdminActivities>;
