/**
 * Decides what a link may do right now, from its verified token and the unit's
 * current state. Pure, so every outcome (expired, replayed, reassigned, wrong
 * stage) is tested without a server.
 */
import { TASK_STAGE } from '../../domain/actions';
import { STAGES } from '../../domain/stages';
import type { ActionClaims, TokenSigner, VerifyResult } from '../../runtime/action-tokens';
import type { UnitState } from './gateway';

/** What a link may do, and why not. */
export type Access =
  | { kind: 'ok'; claims: ActionClaims; state: UnitState; actor: string }
  /** Malformed or altered: nothing from it is shown. */
  | { kind: 'invalid' }
  /** Genuine but expired, or signed with a retired key. */
  | { kind: 'expired'; claims?: ActionClaims }
  | { kind: 'not-found' }
  /** The task was completed (the unit has moved past it). */
  | { kind: 'done'; claims: ActionClaims; state: UnitState }
  /** A newer link exists: the task was reopened at a new revision, or reassigned. */
  | { kind: 'superseded'; reason: 'revision' | 'reassigned'; claims: ActionClaims; state: UnitState }
  /** The task is not open at this stage. */
  | { kind: 'wrong-stage'; claims: ActionClaims; state: UnitState }
  | { kind: 'cancelled'; claims: ActionClaims; state: UnitState };

/**
 * @param verified the token check
 * @param loadState fetches the state (only for genuine, unexpired tokens)
 * @returns the access decision
 */
export async function decideAccess(
  verified: VerifyResult,
  signer: TokenSigner,
  loadState: (workflowId: string) => Promise<UnitState | null>,
): Promise<Access> {
  if (!verified.ok) {
    if (verified.reason === 'expired') return { kind: 'expired', claims: verified.claims };
    if (verified.reason === 'unknown-key') return { kind: 'expired' };
    return { kind: 'invalid' };
  }
  const { claims } = verified;
  const state = await loadState(claims.workflowId);
  if (!state) return { kind: 'not-found' };
  if (state.stage === 'cancelled') return { kind: 'cancelled', claims, state };

  const task = state.currentTask;
  if (task && task.kind === claims.task && task.revision === claims.revision) {
    const actor = task.assignees.find((email) => signer.matchesRecipient(verified, email));
    return actor ? { kind: 'ok', claims, state, actor } : { kind: 'superseded', reason: 'reassigned', claims, state };
  }
  const here = STAGES.indexOf(state.stage);
  const taskStage = STAGES.indexOf(TASK_STAGE[claims.task]);
  if (here > taskStage) return { kind: 'done', claims, state };
  if (state.revision > claims.revision) return { kind: 'superseded', reason: 'revision', claims, state };
  return { kind: 'wrong-stage', claims, state };
}
