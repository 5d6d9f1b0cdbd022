/** A unit of the shipped example (TTYT Hoằng Hóa, three communes under it) in any stage, for reducer tests. */
import { SHIPPED_CALENDAR } from '../../../domain/calendar';
import type { UnitWorkflowInput } from '../../../domain/cycle/types';
import { buildUnitTree, cycleContext, flattenUnits } from '../../../domain/cycle/unit-tree';
import { initialMemory, type UnitMemory } from '../../../domain/cycle/unit-memory';
import type { Stage } from '../../../domain/stages';
import { loadExample } from '../../support/example';

const cascade = loadExample();
const root = buildUnitTree(cascade, 2027, SHIPPED_CALENDAR);
const node = flattenUnits(root).find((u) => u.id === 'ttyt-hoang-hoa')!;

/** Wednesday 20/01/2027 09:00 Vietnam time, inside every window of the year. */
export const NOW = Date.parse('2027-01-20T09:00:00+07:00');
export const ROOT_HEAD = cascade.org.head;
export const HEAD = node.head;
export const CHILD_IDS = node.children.map((c) => c.id);

/** The unit's input, as its parent starts it. */
export const INPUT: UnitWorkflowInput = {
  context: cycleContext(cascade, 2027, SHIPPED_CALENDAR),
  node,
  parentId: root.id,
  reportToWorkflowId: `cascade/${cascade.id}/2027/unit/${root.id}`,
  superiors: [root.head],
};

/** The root's input (no approver: issuing its plan approves it). */
export const ROOT_INPUT: UnitWorkflowInput = { ...INPUT, node: { ...root, issuedPlan: undefined }, parentId: null, reportToWorkflowId: `cascade/${cascade.id}/2027`, superiors: [] };

/**
 * @returns the unit's memory in a stage as the workflow would have it there: children
 *   started once its plan is approved, a submitted plan in review, and so on
 */
export function memoryIn(stage: Stage, over: Partial<UnitMemory> = {}): UnitMemory {
  const m = initialMemory(node, '2027-01-18', new Date(Date.parse('2027-01-18T08:00:00+07:00')).toISOString(), '2027-01-18', false);
  m.stage = stage;
  m.childrenToStart = [];
  m.startedChildIds = [...CHILD_IDS];
  if (stage !== 'waiting' && stage !== 'drafting') {
    m.submittedOn = '2027-01-19';
    m.plan = { planNumber: '1/KH', title: 'Kế hoạch', summary: 'Tóm tắt', activities: {} };
    m.doneActions.push('draft-plan:0');
  }
  if (['implementing', 'reporting', 'consolidating', 'reported'].includes(stage)) {
    m.approvedOn = '2027-01-19';
    m.doneActions.push('review-plan:0');
  }
  return { ...m, ...over };
}
