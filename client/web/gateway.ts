/**
 * The web app's only way to reach a unit workflow. The real implementation
 * (./temporal-gateway.ts) talks to Temporal; tests pass an in-memory fake.
 */
import type {
  ActionResult,
  ReviewPlanInput,
  SubmitConsolidationInput,
  SubmitPlanInput,
  SubmitReportInput,
} from '../../domain/actions';
import type { UnitState } from '../../workflows/unit-messages';

export type { UnitState } from '../../workflows/unit-messages';

/** Any human action, discriminated by `task`. */
export type ActionInput = SubmitPlanInput | ReviewPlanInput | SubmitReportInput | SubmitConsolidationInput;

/** What running an action gave. */
export type ActOutcome =
  /** The workflow answered (accepted, or already recorded). */
  | { kind: 'done'; result: ActionResult }
  /** The update validator (or the workflow) refused; `message` is for the person. */
  /** Refused by the workflow: `type` is from the shared vocabulary (domain/errors.ts). */
  | { kind: 'rejected'; message: string; details?: string[]; type?: string }
  /** No such workflow, or it has already finished. */
  | { kind: 'not-found' };

/** Boundary between the web app and Temporal. */
export interface ActionGateway {
  /** @returns the unit's state, or null when the workflow does not exist */
  getState(workflowId: string): Promise<UnitState | null>;
  /** Runs the Update matching `input.task` and waits for its result. */
  act(workflowId: string, input: ActionInput): Promise<ActOutcome>;
}

/**
 * Temporal did not answer in time (down, unreachable, or overloaded): the page
 * says "try again shortly" at once instead of hanging.
 */
export class GatewayUnavailableError extends Error {
  override readonly name = 'GatewayUnavailableError';
}
