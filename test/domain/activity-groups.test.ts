/** The activity-group rule the unit workflow's plan validator applies (through refuseAction). */
import { activityGroupProblems, refuseAction } from '../../domain/cycle/unit-rules';
import type { UnitMemory } from '../../domain/cycle/unit-memory';
import type { UnitWorkflowInput } from '../../domain/cycle/types';

const groups = [{ id: 'II.1' }, { id: 'II.2' }];

describe('activityGroupProblems', () => {
  it('accepts the cycle\'s groups only', () => {
    expect(activityGroupProblems(groups, { 'II.1': ['a'], 'II.2': [] })).toEqual([]);
    expect(activityGroupProblems(groups, { 'II.1': ['a'], 'Z.9': ['b'], '<img src=x>': ['c'] })).toEqual([
      'activities.Z.9: không có nhóm hoạt động này trong chu kỳ',
      'activities: không có nhóm hoạt động này trong chu kỳ',
    ]);
  });

  it('refuses hundreds of groups in one line', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`G.${i}`, ['x']]));
    expect(activityGroupProblems(groups, many)).toEqual(['activities: quá nhiều nhóm hoạt động (500, tối đa 50)']);
  });
});

describe('refuseAction (the plan validator of the unit workflow)', () => {
  // Only what refuseAction reads of the memory and the input.
  const mem = { doneActions: [], stage: 'drafting', revision: 0, head: { email: 'head@x.vn' }, substitutes: [] } as unknown as UnitMemory;
  const input = { context: { template: { activityGroups: [{ id: 'II.1', title: 'A' }] } }, superiors: [] } as unknown as UnitWorkflowInput;
  const plan = { task: 'draft-plan' as const, revision: 0, actor: 'head@x.vn' };

  it('refuses a plan with an unknown activity group, as InvalidInput', () => {
    expect(refuseAction({ ...plan, activities: { 'II.1': ['a'], 'X.1': ['b'] } }, mem, input)).toEqual({ type: 'InvalidInput', message: 'activities.X.1: không có nhóm hoạt động này trong chu kỳ' });
  });

  it('accepts a plan within the cycle\'s groups', () => {
    expect(refuseAction({ ...plan, activities: { 'II.1': ['a'] } }, mem, input)).toBeUndefined();
  });
});
