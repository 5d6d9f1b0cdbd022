/**
 * The unit's lifecycle as one pure reducer: a command and the time in, the new
 * memory, the effects (as data) and the answer out. The workflow parses,
 * decides and applies the effects in order; tests call this with no server.
 *
 *   waiting ─parent-approved→ drafting ─submit-plan→ in-review ─review:approve→ implementing
 *                               ↑                        │
 *                               └──────review:return─────┘
 *   implementing ─report-requested→ reporting ─submit-report→ consolidating (node with children)
 *                                                          └→ reported (leaf)
 *   consolidating ─submit-consolidation→ reported;   any stage ─cancel→ cancelled
 *
 * A root without an approver is approved by submitting its plan.
 */
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { decideAdmin } from './admin';
import { decideHuman } from './human';
import { decideLoop } from './loop';
import type { Decision, UnitCommand } from './types';

/**
 * @param memory the unit's memory (not changed: a new one is returned)
 * @param command what happened
 * @param input the unit's input (node, superiors, cycle context)
 * @param now epoch ms (workflow time)
 * @returns the new memory, the effects in order and the answer, or a refusal that changes nothing
 */
export function decide(memory: UnitMemory, command: UnitCommand, input: UnitWorkflowInput, now: number): Decision {
  switch (command.type) {
    case 'submit-plan':
    case 'review':
    case 'submit-report':
    case 'submit-consolidation':
      return decideHuman(memory, command, input, now);
    case 'extend':
    case 'reassign':
    case 'remind':
    case 'add-child':
    case 'remove-child':
      return decideAdmin(memory, command, input, now);
    default:
      return decideLoop(memory, command, input, now);
  }
}
