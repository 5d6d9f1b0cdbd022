/** The unit reducer's rules, one by one: refusals, effects in order, batches, roll-up, view, memory upgrade. */
import { CHILD_BATCH, decide, nextTaskEvent, view, type Decision, type UnitCommand, type UnitEffect } from '../../../domain/cycle/unit-machine';
import { initialMemory, upgradeMemory, type UnitMemory } from '../../../domain/cycle/unit-memory';
import type { UnitNode } from '../../../domain/cycle/types';
import { CHILD_IDS, HEAD, INPUT, NOW, ROOT_HEAD, ROOT_INPUT, memoryIn } from './fixture';

const ok = (d: Decision): Extract<Decision, { ok: true }> => {
  if (!d.ok) throw new Error(`refused: ${d.refusal.message}`);
  return d;
};
const kinds = (effects: UnitEffect[]) => effects.map((e) => (e.type === 'notify' ? `notify:${e.notification.kind}:${e.notification.to.email}` : e.type));
const plan = (revision: number, actor = HEAD.email): UnitCommand => ({ type: 'submit-plan', input: { task: 'draft-plan', revision, actor, planNumber: '2/KH', title: 'Kế hoạch', summary: 'Tóm tắt', activities: {} } });
const review = (decision: 'approve' | 'return', actor = ROOT_HEAD.email, revision = 0): UnitCommand => ({
  type: 'review',
  input: { task: 'review-plan', revision, actor, decision, comment: decision === 'return' ? 'Bổ sung chỉ tiêu' : '' },
});
const values = { so_su_kien_truyen_thong: 1, so_hoat_dong_thang_hanh_dong: 2, ty_le_nu_lanh_dao: { numerator: 3, denominator: 10 }, ty_le_nu_sau_dai_hoc: 10, co_ban_vstbcpn: true, so_vu_viec_vi_pham: 0 };

describe('human actions', () => {
  it('refuses a stale revision, a person not assigned, and bad indicator values, each with its reason', () => {
    const stale = decide(memoryIn('drafting', { revision: 1 }), plan(0), INPUT, NOW);
    expect(stale).toEqual({ ok: false, refusal: { type: 'StaleRevision', message: expect.stringContaining('lần dự thảo thứ 1') } });
    expect(decide(memoryIn('drafting'), plan(0, 'khac@example.org'), INPUT, NOW)).toMatchObject({ ok: false, refusal: { type: 'NotAssignee' } });
    const bad = decide(memoryIn('reporting'), { type: 'submit-report', input: { task: 'report', revision: 0, actor: HEAD.email, values: { ...values, ty_le_nu_sau_dai_hoc: 130 }, narrative: 'x' } }, INPUT, NOW);
    expect(bad).toEqual({ ok: false, refusal: { type: 'InvalidInput', message: 'values.ty_le_nu_sau_dai_hoc: tỷ lệ phải từ 0 đến 100' } });
  });

  it('submits a plan: in review, the approver asked, the actor recorded', () => {
    const d = ok(decide(memoryIn('drafting'), plan(0), INPUT, NOW));
    expect(kinds(d.effects)).toEqual(['publish', `notify:approval-request:${ROOT_HEAD.email}`]);
    expect(d.memory).toMatchObject({ stage: 'in-review', submittedOn: '2027-01-20', late: false });
    expect(d.memory.actionRecords['draft-plan:0']).toEqual({ actor: HEAD.email, at: new Date(NOW).toISOString() });
    expect(d.reply).toMatchObject({ outcome: 'accepted', stage: 'in-review' });
  });

  it('marks a plan submitted after its due time as late', () => {
    const d = ok(decide(memoryIn('drafting'), plan(0), INPUT, Date.parse('2027-03-01T09:00:00+07:00')));
    expect(d.memory.late).toBe(true);
  });

  it('a root issuing its plan approves it: the head is told, then the stage is published', () => {
    const m = { ...memoryIn('drafting'), head: ROOT_INPUT.node.head, substitutes: [] };
    const d = ok(decide(m, plan(0, ROOT_INPUT.node.head.email), ROOT_INPUT, NOW));
    expect(kinds(d.effects)).toEqual([`notify:approved:${ROOT_INPUT.node.head.email}`, 'publish']);
    expect(d.memory).toMatchObject({ stage: 'implementing', approvedOn: '2027-01-20' });
  });

  it('returns a plan: a new revision, its due date from today, the comment in the mail that opens the redraft', () => {
    const d = ok(decide(memoryIn('in-review', { dueOverrides: { 'draft-plan': '2027-03-01' } }), review('return'), INPUT, NOW));
    expect(kinds(d.effects)).toEqual([`notify:returned:${HEAD.email}`, 'publish']);
    const mail = d.effects[0] as Extract<UnitEffect, { type: 'notify' }>;
    expect(mail.notification).toMatchObject({ task: 'draft-plan', revision: 1, sequence: 'returned-1', note: 'Bổ sung chỉ tiêu', dueAt: '2027-02-17T16:59:59.999Z' });
    expect(d.memory).toMatchObject({ stage: 'drafting', revision: 1, returnedOn: '2027-01-20', dueOverrides: {} });
  });

  it('the first decision on a revision wins: the same again is "already recorded", a different one is refused naming who, what and when', () => {
    const returned = ok(decide(memoryIn('in-review'), review('return'), INPUT, NOW)).memory;
    const again = ok(decide(returned, review('return'), INPUT, NOW + 60_000));
    expect(again.memory).toBe(returned);
    expect(again.reply).toMatchObject({ outcome: 'already-recorded' });
    const other = decide(returned, review('approve'), INPUT, NOW + 60_000);
    expect(other).toEqual({
      ok: false,
      refusal: { type: 'AlreadyDecided', message: `Kế hoạch đã được ${ROOT_HEAD.email} trả lại lúc 09:00 ngày 20/01/2027; quyết định sau không được ghi nhận.` },
    });
    const approved = ok(decide(memoryIn('in-review'), review('approve'), INPUT, NOW)).memory;
    expect(decide(approved, review('return'), INPUT, NOW)).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('phê duyệt lúc 09:00 ngày 20/01/2027') } });
  });

  it('a report from a node with children opens its consolidation', () => {
    const d = ok(decide(memoryIn('reporting'), { type: 'submit-report', input: { task: 'report', revision: 0, actor: HEAD.email, values, narrative: 'x' } }, INPUT, NOW));
    expect(kinds(d.effects)).toEqual(['publish', `notify:task-assigned:${HEAD.email}`]);
    expect(d.memory.stage).toBe('consolidating');
  });
});

describe('admin steering', () => {
  const admin = { unitId: 'ttyt-hoang-hoa', reason: 'Lý do hợp lệ', actor: 'admin@so.example' };
  it('refuses an extension to a date that does not exist, has passed, or is not later', () => {
    const m = memoryIn('drafting');
    const ext = (newDueDate: string) => decide(m, { type: 'extend', input: { ...admin, newDueDate } }, INPUT, NOW);
    expect(ext('2027-02-30')).toMatchObject({ ok: false, refusal: { type: 'InvalidInput', message: 'newDueDate: ngày 2027-02-30 không có thật' } });
    expect(ext('2027-01-10')).toMatchObject({ ok: false, refusal: { message: 'newDueDate: 2027-01-10 đã qua' } });
    expect(ext('2027-02-15')).toMatchObject({ ok: false, refusal: { message: 'newDueDate: phải sau hạn hiện tại (2027-02-15)' } });
    const d = ok(ext('2027-03-10'));
    expect(d.memory.dueOverrides).toEqual({ 'draft-plan': '2027-03-10' });
    expect(kinds(d.effects)).toEqual(['publish']);
    expect(d.reply).toEqual({ ok: true, message: 'Đã gia hạn việc xây dựng kế hoạch của Trung tâm Y tế huyện Hoằng Hóa đến hết ngày 10/03/2027.' });
  });

  it('remind now: flagged, then sent once by the task loop with its own sequence', () => {
    const flagged = ok(decide(memoryIn('drafting'), { type: 'remind', input: admin }, INPUT, NOW)).memory;
    expect(flagged.remindRequested).toBe(true);
    const sent = ok(decide(flagged, { type: 'remind-due', task: 'draft-plan' }, INPUT, NOW));
    expect(kinds(sent.effects)).toEqual([`notify:reminder:${HEAD.email}`]);
    expect((sent.effects[0] as Extract<UnitEffect, { type: 'notify' }>).notification.sequence).toBe('now-1');
    expect(sent.memory.remindRequested).toBe(false);
  });

  it('reassigns: the new head gets a fresh link for the open task; the reviewer is not the unit', () => {
    const head = { name: 'Người mới', title: 'Giám đốc', email: 'moi@yte.example' };
    expect(kinds(ok(decide(memoryIn('drafting'), { type: 'reassign', input: { ...admin, head } }, INPUT, NOW)).effects)).toEqual(['notify:task-assigned:moi@yte.example']);
    expect(ok(decide(memoryIn('in-review'), { type: 'reassign', input: { ...admin, head } }, INPUT, NOW)).effects).toEqual([]);
  });

  it('adds and removes children: a duplicate or unknown id is refused; a started child is cancelled', () => {
    const child = INPUT.node.children[0]!;
    expect(decide(memoryIn('implementing'), { type: 'add-child', node: child, reason: 'x', actor: 'a' }, INPUT, NOW)).toMatchObject({ ok: false, refusal: { type: 'InvalidInput' } });
    expect(decide(memoryIn('implementing'), { type: 'remove-child', input: { ...admin, unitId: 'khong-co' } }, INPUT, NOW)).toMatchObject({
      ok: false,
      refusal: { message: 'unitId: "khong-co" không phải đơn vị trực thuộc Trung tâm Y tế huyện Hoằng Hóa' },
    });
    const removed = ok(decide(memoryIn('implementing'), { type: 'remove-child', input: { ...admin, unitId: CHILD_IDS[0]! } }, INPUT, NOW));
    expect(removed.effects).toEqual([{ type: 'cancel-child', workflowId: `cascade/ct21-yte-thanhhoa/2027/unit/${CHILD_IDS[0]}` }]);
    const notStarted = memoryIn('implementing', { startedChildIds: [], childrenToStart: INPUT.node.children });
    const r2 = ok(decide(notStarted, { type: 'remove-child', input: { ...admin, unitId: CHILD_IDS[0]! } }, INPUT, NOW));
    expect(r2.effects).toEqual([]);
    expect(r2.memory.childrenToStart.map((c) => c.id)).toEqual(CHILD_IDS.slice(1));
  });
});

describe('children in batches, and the way up', () => {
  const many = (n: number): UnitNode[] => Array.from({ length: n }, (_, i) => ({ ...INPUT.node.children[0]!, id: `tyt-${i}`, children: [] }));

  it(`starts ${CHILD_BATCH} children per run and continues as new while more remain`, () => {
    let m: UnitMemory = memoryIn('implementing', { startedChildIds: [], childrenToStart: many(450), childrenToNotify: many(450).map((c) => c.id) });
    const runs: string[][] = [];
    while (m.childrenToStart.length) {
      const d = ok(decide(m, { type: 'start-child-batch' }, INPUT, NOW));
      runs.push(kinds(d.effects));
      const start = d.effects[0] as Extract<UnitEffect, { type: 'start-children' }>;
      // Every child is told that a waiting start records no first-task marker (workflows/unit-plan/workflow.ts).
      expect(start.children.every((c) => c.input.firstTaskMarkerOnlyIfTasked === true)).toBe(true);
      expect(start.children[0]!.input).toMatchObject({ parentId: 'ttyt-hoang-hoa', superiors: [HEAD, ROOT_HEAD], parentPlanApprovedOn: '2027-01-20' });
      m = d.memory;
    }
    expect(runs).toEqual([['start-children', 'continue-as-new'], ['start-children', 'continue-as-new'], ['start-children']]);
    expect(m.startedChildIds).toHaveLength(450);
    // Started after the approval: they draft at once, nobody left to tell.
    expect(m.childrenToNotify).toEqual([]);
  });

  it("uses the cycle's smaller childBatch when it is set, and the default when it is not a usable size", () => {
    const batchSizes = (childBatch: unknown) => {
      const input = { ...INPUT, context: { ...INPUT.context, childBatch } } as typeof INPUT;
      let m: UnitMemory = memoryIn('drafting', { startedChildIds: [], childrenToStart: many(25) });
      const sizes: number[] = [];
      while (m.childrenToStart.length) {
        const d = ok(decide(m, { type: 'start-child-batch' }, input, NOW));
        sizes.push((d.effects[0] as Extract<UnitEffect, { type: 'start-children' }>).children.length);
        m = d.memory;
      }
      return sizes;
    };
    expect(batchSizes(10)).toEqual([10, 10, 5]);
    expect(batchSizes(undefined)).toEqual([25]);
    for (const bad of [0, -3, 2.5, CHILD_BATCH + 1, '10']) expect({ bad, sizes: batchSizes(bad) }).toEqual({ bad, sizes: [25] });
  });

  it('tells started children of the approval in batches, skipping removed ones', () => {
    const m = memoryIn('implementing', { childrenToNotify: [...CHILD_IDS], removedChildIds: [CHILD_IDS[1]!] });
    const d = ok(decide(m, { type: 'notify-child-batch' }, INPUT, NOW));
    expect(d.effects).toEqual([{ type: 'signal-parent-approved', approvedOn: '2027-01-19', workflowIds: [CHILD_IDS[0], CHILD_IDS[2]].map((id) => `cascade/ct21-yte-thanhhoa/2027/unit/${id}`) }]);
    expect(d.memory.childrenToNotify).toEqual([]);
  });

  it('reports up the roll-up with the children still missing', () => {
    const report = (unitId: string, n: number) => ({ unitId, values: { ...values, so_su_kien_truyen_thong: n }, missingUnitIds: [], late: false, submittedAt: 'x', coveredUnits: 1 });
    const m = memoryIn('reported', { report: { values, narrative: 'x' }, childReports: { [CHILD_IDS[0]!]: report(CHILD_IDS[0]!, 5) } });
    const d = ok(decide(m, { type: 'report-up' }, INPUT, NOW));
    const up = d.effects[0] as Extract<UnitEffect, { type: 'report-up' }>;
    expect(up.workflowId).toBe(INPUT.reportToWorkflowId);
    expect(up.report).toMatchObject({ unitId: 'ttyt-hoang-hoa', coveredUnits: 2, missingUnitIds: CHILD_IDS.slice(1), values: { so_su_kien_truyen_thong: 6 } });
    expect(d.memory.reportedAt).toBe(new Date(NOW).toISOString());
  });

  const remove = (unitId: string): UnitCommand => ({ type: 'remove-child', input: { unitId, reason: 'Sáp nhập', actor: 'admin@so.example' } });

  it('a unit removed while its batch is being started: it is cancelled, and the next batch starts right after the first', () => {
    const children = many(CHILD_BATCH + 5);
    const first = ok(decide(memoryIn('drafting', { startedChildIds: [], childrenToStart: children }), { type: 'start-child-batch' }, INPUT, NOW));
    // The Update lands while the shell awaits the starts: the batch is already in the memory as started.
    const removed = ok(decide(first.memory, remove('tyt-0'), INPUT, NOW));
    expect(removed.effects).toEqual([{ type: 'cancel-child', workflowId: 'cascade/ct21-yte-thanhhoa/2027/unit/tyt-0' }]);
    const second = ok(decide(removed.memory, { type: 'start-child-batch' }, INPUT, NOW));
    const started = second.effects[0] as Extract<UnitEffect, { type: 'start-children' }>;
    expect(started.children.map((c) => c.searchAttributes.unitId)).toEqual(children.slice(CHILD_BATCH).map((c) => c.id));
    expect(second.memory.childrenToStart).toEqual([]);
    expect(second.memory.startedChildIds).toEqual(children.map((c) => c.id));
    expect(second.memory.removedChildIds).toEqual(['tyt-0']);
  });

  it('a unit removed before its batch: never started, and no other child is skipped', () => {
    const children = many(CHILD_BATCH + 5);
    const removed = ok(decide(memoryIn('drafting', { startedChildIds: [], childrenToStart: children }), remove('tyt-3'), INPUT, NOW));
    expect(removed.effects).toEqual([]);
    let m = removed.memory;
    const startedIds: string[] = [];
    while (m.childrenToStart.length) {
      const d = ok(decide(m, { type: 'start-child-batch' }, INPUT, NOW));
      startedIds.push(...(d.effects[0] as Extract<UnitEffect, { type: 'start-children' }>).children.map((c) => c.searchAttributes.unitId));
      m = d.memory;
    }
    expect(startedIds).toEqual(children.map((c) => c.id).filter((id) => id !== 'tyt-3'));
  });

  describe('a reported unit re-sends its roll-up when its children\'s reports change', () => {
    const report = (unitId: string, n: number, missingUnitIds: string[] = []) => ({ unitId, values: { ...values, so_su_kien_truyen_thong: n }, missingUnitIds, late: false, submittedAt: `2027-11-2${n % 10}T01:00:00.000Z`, coveredUnits: 1 });
    const reported = (childReports: Record<string, ReturnType<typeof report>>) => memoryIn('reported', { report: { values, narrative: 'x' }, reportedAt: '2027-11-26T01:00:00.000Z', childReports });
    const sent = { [CHILD_IDS[0]!]: report(CHILD_IDS[0]!, 1, ['tyt-x']), [CHILD_IDS[1]!]: report(CHILD_IDS[1]!, 2) };
    const corrected = { ...sent, [CHILD_IDS[0]!]: report(CHILD_IDS[0]!, 3) };
    const added = { ...sent, [CHILD_IDS[2]!]: report(CHILD_IDS[2]!, 4) };
    const resend = (now: Record<string, ReturnType<typeof report>>, resendCorrectedRollUp: boolean) =>
      ok(decide(reported(now), { type: 'resend-roll-up', reportsBefore: sent, patches: { resendCorrectedRollUp } }, INPUT, NOW));

    it.each([
      ['a corrected report (same number of reports)', corrected, true, ['report-up']],
      ['a new child\'s report', added, true, ['report-up']],
      ['nothing new (the same report again)', { ...sent, [CHILD_IDS[0]!]: { ...sent[CHILD_IDS[0]!]! } }, true, []],
      ['a corrected report, run started before the patch (old path)', corrected, false, []],
      ['a new child\'s report, run started before the patch', added, false, ['report-up']],
    ] as const)('%s', (_name, now, patch, effects) => {
      const d = resend(now, patch);
      expect(kinds(d.effects)).toEqual(effects);
      if (!effects.length) expect(d.memory).toMatchObject({ reportedAt: '2027-11-26T01:00:00.000Z' });
    });

    it('the re-sent roll-up carries the corrected values and no longer lists the late unit', () => {
      const up = resend(corrected, true).effects[0] as Extract<UnitEffect, { type: 'report-up' }>;
      expect(up.report).toMatchObject({ unitId: 'ttyt-hoang-hoa', missingUnitIds: [CHILD_IDS[2]], coveredUnits: 3, values: { so_su_kien_truyen_thong: 1 + 3 + 2 } });
      expect(resend(corrected, true).memory.reportedAt).toBe(new Date(NOW).toISOString());
    });
  });

  it('cancels: children that reported or were removed are left alone; the rest in batches', () => {
    const m = memoryIn('implementing', { removedChildIds: [CHILD_IDS[0]!], childReports: { [CHILD_IDS[1]!]: { unitId: CHILD_IDS[1]!, values, missingUnitIds: [], late: false, submittedAt: 'x', coveredUnits: 1 } } });
    const c = ok(decide(m, { type: 'cancel' }, INPUT, NOW));
    expect(kinds(c.effects)).toEqual(['publish']);
    expect(c.memory.childrenToCancel).toEqual([CHILD_IDS[2]]);
    const b = ok(decide(c.memory, { type: 'cancel-child-batch' }, INPUT, NOW));
    expect(b.effects).toEqual([{ type: 'cancel-children', workflowIds: [`cascade/ct21-yte-thanhhoa/2027/unit/${CHILD_IDS[2]}`] }]);
    expect(ok(decide(b.memory, { type: 'cancel' }, INPUT, NOW)).effects).toEqual([]);
  });
});

describe('deadlines', () => {
  it('walks the events of a late draft in order: reminders, due, each rung to its person', () => {
    let m = memoryIn('drafting');
    const seen: string[] = [];
    for (let e = nextTaskEvent(m, 'draft-plan', INPUT); e; e = nextTaskEvent(m, 'draft-plan', INPUT)) {
      const d = ok(decide(m, { type: 'deadline-event-due', task: 'draft-plan', event: e }, INPUT, Date.parse(e.at)));
      seen.push(`${e.at.slice(0, 10)} ${e.kind} ${kinds(d.effects).join(',')}`);
      m = d.memory;
    }
    const office = INPUT.context.offices[0]!.email;
    // 15 working days from 18/1/2027 over Tết (05/2–11/2 off): due end of Monday 15/2.
    expect(seen).toEqual([
      `2027-02-01 reminder notify:reminder:${HEAD.email}`,
      `2027-02-12 reminder notify:reminder:${HEAD.email}`,
      '2027-02-15 due publish',
      `2027-02-16 escalation notify:escalation:${HEAD.email}`,
      `2027-02-18 escalation notify:escalation:${ROOT_HEAD.email}`,
      // No grand-superior in the input: the superior again.
      `2027-02-22 escalation notify:escalation:${ROOT_HEAD.email}`,
      `2027-02-25 escalation notify:escalation:${office}`,
    ]);
  });
});

describe('view and memory', () => {
  it('one view feeds the query, the search attributes and the details line', () => {
    const v = view(memoryIn('drafting'), INPUT, Date.parse('2027-02-16T09:00:00+07:00'));
    expect(v.searchAttributes).toEqual({ stage: 'drafting', waitingOn: 'unit-head', dueAt: '2027-02-15T16:59:59.999Z', overdue: true });
    expect(v.details).toBe('**Trung tâm Y tế huyện Hoằng Hóa** — Đang xây dựng kế hoạch (chờ thủ trưởng đơn vị), hạn 15/02/2027 — **QUÁ HẠN**');
    expect(v.state).toMatchObject({ stage: 'drafting', overdue: true, currentTask: { kind: 'draft-plan', assignees: [HEAD.email, ...INPUT.node.substitutes.map((s) => s.email)] } });
  });

  it('upgrades memory carried by a run of version 1 (no version, no action records, no remind flag)', () => {
    const { version: _v, actionRecords: _a, remindRequested: _r, ...v1 } = memoryIn('in-review');
    const up = upgradeMemory(v1);
    expect(up).toEqual(memoryIn('in-review'));
    expect(() => upgradeMemory({ ...v1, version: 3 })).toThrow(/version 3/);
  });
});

describe('decide: a unit started by reference reads its children a page at a time', () => {
  const BY_REF: typeof INPUT = { ...INPUT, node: { ...INPUT.node, children: [], childCount: CHILD_BATCH + 5 }, snapshot: { ref: 'a'.repeat(64) } };
  const page = (from: number, n: number): UnitNode[] => Array.from({ length: n }, (_, i) => ({ ...INPUT.node.children[0]!, id: `tyt-${from + i}`, children: [], childCount: 0 }));

  it('starts with no child in memory, the pages to read, and consolidates as a node with children', () => {
    const m = initialMemory(BY_REF.node, '2027-01-18', '2027-01-18T01:00:00.000Z', '2027-01-18', false, true);
    expect(m.childrenToStart).toEqual([]);
    expect(m.childPages).toEqual({ next: 0, total: CHILD_BATCH + 5 });
    // By value the same node has no pages: nothing changes for units started before.
    expect(initialMemory(BY_REF.node, '2027-01-18', '2027-01-18T01:00:00.000Z', '2027-01-18', false).childPages).toBeUndefined();
    const reporting = { ...memoryIn('reporting', { startedChildIds: [] }), childPages: m.childPages };
    expect(ok(decide(reporting, { type: 'submit-report', input: { task: 'report', revision: 0, actor: HEAD.email, values, narrative: 'x' } }, BY_REF, NOW)).memory.stage).toBe('consolidating');
  });

  it('page, batch (continue as new while pages remain), page, batch; the children start by reference too', () => {
    let m: UnitMemory = { ...memoryIn('drafting', { startedChildIds: [] }), childPages: { next: 0, total: CHILD_BATCH + 5 } };
    m = ok(decide(m, { type: 'children-loaded', children: page(0, CHILD_BATCH), next: CHILD_BATCH }, BY_REF, NOW)).memory;
    expect(m.childrenToStart).toHaveLength(CHILD_BATCH);
    const first = ok(decide(m, { type: 'start-child-batch' }, BY_REF, NOW));
    expect(kinds(first.effects)).toEqual(['start-children', 'continue-as-new']);
    const started = first.effects[0] as Extract<UnitEffect, { type: 'start-children' }>;
    expect(started.children[0]!.input).toMatchObject({ node: { id: 'tyt-0', children: [] }, snapshot: BY_REF.snapshot });
    m = ok(decide(first.memory, { type: 'children-loaded', children: page(CHILD_BATCH, 5), next: null }, BY_REF, NOW)).memory;
    const second = ok(decide(m, { type: 'start-child-batch' }, BY_REF, NOW));
    expect(kinds(second.effects)).toEqual(['start-children']);
    expect(second.memory.startedChildIds).toHaveLength(CHILD_BATCH + 5);
    expect(second.memory.childPages).toEqual({ next: null, total: CHILD_BATCH + 5 });
    // Every page read: a late page (a retried read) changes nothing.
    expect(decide(second.memory, { type: 'children-loaded', children: page(0, 1), next: null }, BY_REF, NOW)).toMatchObject({ ok: true, memory: second.memory, effects: [] });
  });

  it('a child removed or added by an admin before its page was read is not started again', () => {
    const m: UnitMemory = { ...memoryIn('drafting', { startedChildIds: ['tyt-0'], removedChildIds: ['tyt-1'], childrenToStart: [] }), childPages: { next: 0, total: 3 } };
    const d = ok(decide(m, { type: 'children-loaded', children: page(0, 3), next: null }, BY_REF, NOW));
    expect(d.memory.childrenToStart.map((c) => c.id)).toEqual(['tyt-2']);
  });
});
