/**
 * Which words an escalation quotes: a late plan must not be chased with the
 * report's wording. Pure; the unit workflow calls it when a rung fires.
 */
import type { TaskKind } from '../actions';
import type { EscalationRung } from '../cascade/schema';

/**
 * @param rung the escalation rung that fired
 * @param task the late task
 * @returns the rung's `askPlan` for a late plan (when set), else its `ask`
 */
export function escalationAsk(rung: EscalationRung, task: TaskKind): string {
  return (task === 'draft-plan' || task === 'review-plan') && rung.askPlan ? rung.askPlan : rung.ask;
}
