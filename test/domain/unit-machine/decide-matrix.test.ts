/**
 * The unit reducer, every command in every stage, with no server: what each one
 * does (or why it is refused) is read off one table.
 */
import { decide, type Decision, type UnitCommand } from '../../../domain/cycle/unit-machine';
import { STAGES, type Stage } from '../../../domain/stages';
import { CHILD_IDS, HEAD, INPUT, NOW, ROOT_HEAD, memoryIn } from './fixture';

const values = { so_su_kien_truyen_thong: 1, so_hoat_dong_thang_hanh_dong: 2, ty_le_nu_lanh_dao: { numerator: 3, denominator: 10 }, ty_le_nu_sau_dai_hoc: 10, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 };
const admin = { unitId: 'ttyt-hoang-hoa', reason: 'Lý do hợp lệ', actor: 'admin@so.example' };

/** One valid command of each type (for the unit's revision 0). */
const COMMANDS: Record<string, UnitCommand> = {
  'submit-plan': { type: 'submit-plan', input: { task: 'draft-plan', revision: 0, actor: HEAD.email, planNumber: '2/KH', title: 'Kế hoạch', summary: 'Tóm tắt', activities: {} } },
  review: { type: 'review', input: { task: 'review-plan', revision: 0, actor: ROOT_HEAD.email, decision: 'approve', comment: '' } },
  'submit-report': { type: 'submit-report', input: { task: 'report', revision: 0, actor: HEAD.email, values, narrative: 'Báo cáo' } },
  'submit-consolidation': { type: 'submit-consolidation', input: { task: 'consolidate', revision: 0, actor: HEAD.email, narrative: 'Tổng hợp' } },
  'parent-approved': { type: 'parent-approved', approvedOn: '2027-01-19' },
  'child-reported': { type: 'child-reported', report: { unitId: CHILD_IDS[0]!, values, missingUnitIds: [], late: false, submittedAt: '2027-11-12T01:00:00.000Z', coveredUnits: 1 } },
  'child-cancelled': { type: 'child-cancelled', unitId: CHILD_IDS[0]! },
  'deadline-event-due': { type: 'deadline-event-due', task: 'draft-plan', event: { kind: 'reminder', index: 0, date: '2027-02-01', at: '2027-02-01T01:00:00.000Z', key: '2027-02-08:reminder:0' } },
  extend: { type: 'extend', input: { ...admin, newDueDate: '2027-12-30' } },
  reassign: { type: 'reassign', input: { ...admin, head: { name: 'Người mới', title: 'Giám đốc', email: 'moi@yte.example' } } },
  remind: { type: 'remind', input: admin },
  'add-child': { type: 'add-child', node: { ...INPUT.node.children[0]!, id: 'tyt-moi', children: [] }, reason: 'Thành lập mới', actor: 'admin' },
  'remove-child': { type: 'remove-child', input: { ...admin, unitId: CHILD_IDS[1]! } },
  cancel: { type: 'cancel' },
  'report-requested': { type: 'report-requested' },
};

type Outcome = `→${Stage}` | 'same-stage' | 'unchanged' | 'already-recorded' | `refused:${string}`;
const task = ['drafting', 'in-review', 'reporting', 'consolidating'];
const only = (stages: string[], yes: Outcome, no: Outcome) => Object.fromEntries(STAGES.map((s) => [s, stages.includes(s) ? yes : no])) as Record<Stage, Outcome>;
const deadlineRow = only(['drafting'], 'same-stage', 'refused:WrongStage');

/** Expected outcome of each command in each stage. */
const TABLE: Record<string, Record<Stage, Outcome>> = {
  // A plan submitted (and approved) before answers "already recorded" in every later stage.
  'submit-plan': { ...only(['drafting'], '→in-review', 'already-recorded'), waiting: 'refused:WrongStage' },
  review: { ...only(['in-review'], '→implementing', 'already-recorded'), waiting: 'refused:WrongStage', drafting: 'refused:WrongStage', cancelled: 'refused:WrongStage' },
  'submit-report': only(['reporting'], '→consolidating', 'refused:WrongStage'),
  'submit-consolidation': only(['consolidating'], '→reported', 'refused:WrongStage'),
  'parent-approved': only(['waiting'], '→drafting', 'unchanged'),
  'child-reported': only([...STAGES], 'same-stage', 'same-stage'),
  'child-cancelled': only([...STAGES], 'same-stage', 'same-stage'),
  'deadline-event-due': deadlineRow,
  extend: only(task, 'same-stage', 'refused:WrongStage'),
  reassign: only([...STAGES], 'same-stage', 'same-stage'),
  remind: only(task, 'same-stage', 'refused:WrongStage'),
  'add-child': only(['reported', 'cancelled'], 'refused:WrongStage', 'same-stage'),
  'remove-child': only([...STAGES], 'same-stage', 'same-stage'),
  cancel: only(['cancelled'], 'same-stage', '→cancelled'),
  'report-requested': only(['implementing'], '→reporting', 'unchanged'),
};

function outcomeOf(stage: Stage, d: Decision, before: ReturnType<typeof memoryIn>): Outcome {
  if (!d.ok) return `refused:${d.refusal.type}`;
  if (d.reply && 'outcome' in d.reply && d.reply.outcome === 'already-recorded') return 'already-recorded';
  if (d.memory === before) return 'unchanged';
  return d.memory.stage === stage ? 'same-stage' : `→${d.memory.stage}`;
}

const cases = Object.keys(COMMANDS).flatMap((cmd) => STAGES.map((stage) => [cmd, stage, TABLE[cmd]![stage]] as const));

describe('decide: every command in every stage', () => {
  it('covers every command type of the reducer', () => {
    expect(cases).toHaveLength(15 * 8);
  });

  it.each(cases)('%s in %s → %s', (cmd, stage, expected) => {
    const before = memoryIn(stage);
    const frozen = JSON.stringify(before);
    const d = decide(before, COMMANDS[cmd]!, INPUT, NOW);
    expect(outcomeOf(stage, d, before)).toBe(expected);
    // The reducer never changes the memory it is given.
    expect(JSON.stringify(before)).toBe(frozen);
    if (!d.ok) expect(d.refusal.message).toMatch(/\S/);
    if (d.ok && d.memory !== before) expect(d.memory.version).toBe(2);
  });
});
