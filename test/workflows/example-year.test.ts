/**
 * A whole year of the shipped example (examples/ct21-yte-thanhhoa.yaml, 70
 * units) on the time-skipping server: plans, approvals, a return, a unit added
 * mid-cycle, reports, consolidation, and the final report's roll-up.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { addUnitCycleUpdate, cycleStatusQuery, type CycleResult } from '../../workflows/cascade-cycle';
import { reviewPlanUpdate, submitPlanUpdate } from '../../workflows/unit-messages';
import { startCycle } from '../support/cycle-harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { loadExample } from '../support/example';


/** Each unit's report, different per unit so the roll-up is a real check. */
function valuesOf(unitIds: string[]) {
  return (id: string) => {
    const i = unitIds.indexOf(id);
    return {
      so_su_kien_truyen_thong: i + 1,
      so_hoat_dong_thang_hanh_dong: 2,
      ty_le_nu_lanh_dao: { numerator: i % 7, denominator: 10 + (i % 5) },
      ty_le_nu_sau_dai_hoc: 10 + (i % 5),
      co_ban_vstbcpn: i !== 7,
      so_vu_viec_vi_pham: i % 3,
      ket_qua_noi_bat: `Kết quả của ${id}`,
    };
  };
}

describe('a year of the shipped example', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs plans, a return, an added unit, reports and the consolidated report with the right roll-up', async () => {
    const cascade = loadExample();
    // Every third unit names a shortcoming; consolidating bodies give directions too.
    const sectionsOf = (id: string) =>
      id === cascade.org.id || id === 'ttyt-hoang-hoa'
        ? { directions: `Phương hướng của ${id}`, recommendations: `Kiến nghị của ${id}` }
        : id.length % 3 === 0
          ? { shortcomings: `Hạn chế của ${id}` }
          : undefined;
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18', reportSections: sectionsOf });
    const root = cascade.org.id;
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      expect((await c.state(root)).stage).toBe('implementing');
      expect((await c.state('bv-nhi')).stage).toBe('drafting');
      expect((await c.state('tyt-hoang-tien')).stage).toBe('waiting');

      // Every unit drafts; the provincial general hospital's plan is returned once.
      expect(await c.doAll('draft-plan')).toBe(66); // 67 direct units, one only coordinates
      const returned = await c.review('bv-da-khoa-tinh', 'return', 'Bổ sung chỉ tiêu về cán bộ nữ sau đại học.');
      expect(returned).toMatchObject({ outcome: 'accepted', stage: 'drafting' });
      const afterReturn = await c.state('bv-da-khoa-tinh');
      expect(afterReturn).toMatchObject({ stage: 'drafting', revision: 1, lastReviewComment: 'Bổ sung chỉ tiêu về cán bộ nữ sau đại học.' });
      // A form still bound to the first draft is refused, and changes nothing.
      const hospital = env.client.workflow.getHandle(unitWorkflowId(cascade.id, 2027, 'bv-da-khoa-tinh'));
      const headEmail = afterReturn.currentTask!.assignees[0]!;
      const draft = { task: 'draft-plan' as const, actor: headEmail, planNumber: '1/KH', title: 'x', summary: 'x', activities: {} };
      // The first draft's link again: that draft was recorded, nothing changes.
      await expect(hospital.executeUpdate(submitPlanUpdate, { args: [{ ...draft, revision: 0 }] })).resolves.toMatchObject({ outcome: 'already-recorded' });
      // A revision that does not exist: refused with the reason.
      const refused = await hospital.executeUpdate(submitPlanUpdate, { args: [{ ...draft, revision: 5 }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toMatch(/lần dự thảo thứ 6/);
      // Missing fields: refused, naming the field.
      const invalid = await hospital.executeUpdate(submitPlanUpdate, { args: [{ ...draft, revision: 1, title: '' }] }).catch((e: unknown) => e);
      expect(String((invalid as WorkflowUpdateFailedError).cause?.message)).toMatch(/title/);
      expect(await c.state('bv-da-khoa-tinh')).toEqual(afterReturn);
      expect(await c.submitPlan('bv-da-khoa-tinh')).toMatchObject({ outcome: 'accepted', stage: 'in-review' });
      expect(await c.doAll('review-plan')).toBe(66);
      // The same approval twice answers "already recorded", and changes nothing.
      const nhi = env.client.workflow.getHandle(unitWorkflowId(cascade.id, 2027, 'bv-nhi'));
      const approved = await c.state('bv-nhi');
      await expect(
        nhi.executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: 0, actor: cascade.org.head.email, decision: 'approve', comment: '' }] }),
      ).resolves.toMatchObject({ outcome: 'already-recorded', stage: 'implementing' });
      expect(await c.state('bv-nhi')).toEqual(approved);

      // Commune stations under TTYT Hoằng Hóa start once their centre's plan is approved.
      expect((await c.state('tyt-hoang-tien')).stage).toBe('drafting');
      expect(await c.doAll('draft-plan')).toBe(3);
      expect(await c.doAll('review-plan')).toBe(3);

      // A new unit joins in March and drafts at once, counted from the day it joined.
      await c.advanceTo('2027-03-01');
      const added = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).executeUpdate(addUnitCycleUpdate, {
        args: [
          {
            unitId: root,
            reason: 'Thành lập mới theo quyết định của UBND tỉnh',
            actor: 'admin',
            node: { id: 'bv-than-kinh', name: 'Bệnh viện Thần kinh Thanh Hóa', level: 'Bệnh viện tuyến tỉnh', head: { name: 'Lê Thị Hoa', title: 'Giám đốc', email: 'bv-than-kinh@yte-thanhhoa.example' }, substitutes: [] },
          },
        ],
      });
      expect(added.message).toContain('Bệnh viện Thần kinh');
      const newUnit = await c.state('bv-than-kinh');
      expect(newUnit).toMatchObject({ stage: 'drafting', parentId: root });
      expect(newUnit.dueAt).toBe('2027-03-22T16:59:59.999Z'); // 15 working days after 01/3/2027
      c.unitIds.push('bv-than-kinh');
      expect(await c.doAll('draft-plan', undefined, ['bv-than-kinh'])).toBe(1);
      expect(await c.doAll('review-plan', undefined, ['bv-than-kinh'])).toBe(1);

      // November: every unit reports, deepest first; then the consolidations.
      await c.advanceTo('2027-11-12');
      const values = valuesOf(c.unitIds);
      expect(await c.doAll('report', values)).toBe(c.unitIds.length);
      // Past the opening of the action month (Monday 15/11, when every unit is told) before
      // the consolidations, so the cycle closes with the root's report and the test waits no
      // timer: the time-skipping server does not always skip time once a cycle's units closed.
      await c.advanceTo('2027-11-16');
      expect(await c.doAll('consolidate', undefined, ['ttyt-hoang-hoa'])).toBe(1);
      expect(await c.doAll('consolidate', undefined, [root])).toBe(1);

      const result: CycleResult = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).result();
      expect(result.outcome).toBe('reported');
      const all = c.unitIds.map(values);
      const sum = (k: keyof ReturnType<typeof values>) => all.reduce((s, v) => s + (v[k] as number), 0);
      const mean = (k: keyof ReturnType<typeof values>) => Math.round((sum(k) / all.length) * 10_000) / 10_000;
      const leaders = { numerator: all.reduce((s, v) => s + v.ty_le_nu_lanh_dao.numerator, 0), denominator: all.reduce((s, v) => s + v.ty_le_nu_lanh_dao.denominator, 0) };
      expect(result.consolidated).toMatchObject({ unitId: root, missingUnitIds: [], late: false, coveredUnits: c.unitIds.length });
      expect(result.consolidated!.values).toEqual({
        so_su_kien_truyen_thong: sum('so_su_kien_truyen_thong'),
        so_hoat_dong_thang_hanh_dong: 2 * all.length,
        ty_le_nu_lanh_dao: leaders,
        ty_le_nu_sau_dai_hoc: mean('ty_le_nu_sau_dai_hoc'),
        co_ban_vstbcpn: false,
        so_vu_viec_vi_pham: sum('so_vu_viec_vi_pham'),
        ket_qua_noi_bat: expect.any(String),
      });
      expect((result.consolidated!.values.ket_qua_noi_bat as string).split('\n').sort()).toEqual(all.map((v) => v.ket_qua_noi_bat).sort());

      // The final recipient got exactly one consolidated report; nobody was escalated.
      const finals = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report' && s.n.sequence === 'final');
      expect(finals).toHaveLength(1);
      // The centre's consolidated report goes up to the sector committee's head, its document attached when sent.
      // The committee member on "Nơi nhận" for coordination gets the same report, no task.
      // The bodies on "Nơi nhận" to report to (Sở Y tế, the labour federation's committee) and to coordinate
      // (the committee's members, the trade union) get the plan on the first day and the same report, no task.
      const informational = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report' && s.n.sequence.startsWith('final-'));
      const onList = cascade.org.children!.filter((u) => (u.role ?? 'implement') !== 'implement');
      expect(onList.map((u) => u.role)).toEqual(['report-to', 'report-to', 'coordinate', 'coordinate']);
      expect(informational.map((s) => [s.n.to.email, s.n.to.organisation, s.n.task, s.n.report?.fileName, s.n.cc?.length ?? 0])).toEqual(
        onList.map((u) => [u.head.email, u.name, undefined, finals[0]!.n.report!.fileName, u.substitutes?.length ?? 0]),
      );
      expect(c.mail.sent.filter((s) => s.n.kind === 'plan-issued').map((s) => [s.date, s.n.to.email, s.n.distribution])).toEqual(onList.map((u) => ['2027-01-18', u.head.email, u.role]));
      // The cycle stays open for the action month: every unit still in it is told on Monday 15/11.
      const notices = c.mail.sent.filter((s) => s.n.kind === 'action-window');
      expect(notices.map((s) => s.date)).toEqual(Array<string>(c.unitIds.length).fill('2027-11-15'));
      expect(new Set(notices.map((s) => s.n.workflowId))).toEqual(new Set(c.unitIds.map((id) => unitWorkflowId(cascade.id, 2027, id))));
      const upward = c.mail.sent.filter((s) => s.n.kind === 'consolidated-report' && !s.n.sequence.startsWith('final'));
      expect(upward.map((s) => [s.n.unitName, s.n.to.email, s.n.attachReportOf])).toEqual([
        ['Trung tâm Y tế huyện Hoằng Hóa', cascade.org.head.email, { cascadeId: cascade.id, year: 2027, unitId: 'ttyt-hoang-hoa' }],
      ]);
      expect(finals[0]!.n.to.email).toBe(cascade.cycle.finalRecipient.person.email);

      // The final document: sent by the root's body, to the recipient's organisation, with
      // figures and texts checked against what the test computes from what units submitted.
      const final = finals[0]!.n;
      expect(final.unitName).toBe(cascade.org.name);
      expect(final.to.organisation).toBe(cascade.cycle.finalRecipient.organisation);
      expect(final.note).toBe(`Tổng hợp của ${root}`);
      const doc = final.report!;
      expect(doc.issuingBody).toBe(cascade.org.name.toUpperCase());
      expect(doc.numberLine).toMatch(/\/BC-BVSTBCPN$/);
      expect(doc.placeDateLine).toMatch(/^Thanh Hóa, ngày \d{2} tháng 11 năm 2027$/);
      const vn = (n: number, digits = 2) => {
        const [int, frac] = (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits).split('.');
        const f = frac!.replace(/0+$/, '');
        return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${f ? `,${f}` : ''}`;
      };
      const yes = all.filter((v) => v.co_ban_vstbcpn).length;
      expect(Object.fromEntries(doc.digest.indicators.map((i) => [i.id, i.text]))).toEqual({
        so_su_kien_truyen_thong: `${vn(sum('so_su_kien_truyen_thong'))} sự kiện`,
        so_hoat_dong_thang_hanh_dong: `${vn(2 * all.length)} hoạt động`,
        ty_le_nu_lanh_dao: `${vn((100 * leaders.numerator) / leaders.denominator, 1)} % (${vn(leaders.numerator)}/${vn(leaders.denominator)} cán bộ lãnh đạo, quản lý)`,
        ty_le_nu_sau_dai_hoc: `${vn(mean('ty_le_nu_sau_dai_hoc'))} %`,
        co_ban_vstbcpn: `${yes}/${all.length} đơn vị`,
        so_vu_viec_vi_pham: `${vn(sum('so_vu_viec_vi_pham'))} vụ việc`,
      });
      expect(doc.digest).toMatchObject({ expected: c.unitIds.length, received: c.unitIds.length, missing: [], late: [] });
      const docText = JSON.stringify(doc.body);
      // Every unit's own narrative, text indicator and shortcoming, under its name, through both levels.
      const names = new Map<string, string>([[root, cascade.org.name], ['bv-than-kinh', 'Bệnh viện Thần kinh Thanh Hóa']]);
      const walk = (n: typeof cascade.org): void => {
        names.set(n.id, n.name);
        n.children?.forEach(walk);
      };
      walk(cascade.org);
      for (const id of c.unitIds) {
        expect(docText).toContain(`Báo cáo của ${id}`);
        expect(docText).toContain(`Kết quả của ${id}`);
        expect(docText).toContain(`. ${names.get(id)!}`);
        if (id !== root && sectionsOf(id)?.shortcomings) expect(docText).toContain(`${names.get(id)!}: Hạn chế của ${id}`);
      }
      expect(docText).toContain(`Đánh giá chung của Trung tâm Y tế huyện Hoằng Hóa: Tổng hợp của ttyt-hoang-hoa`);
      expect(docText).toContain(`Phương hướng của ${root}`);
      expect(docText).toContain(`Trung tâm Y tế huyện Hoằng Hóa: Phương hướng của ttyt-hoang-hoa`);
      expect(final.lines).toContain(`Số đơn vị đã báo cáo: ${c.unitIds.length}/${c.unitIds.length}`);
      expect(c.mail.sent.filter((s) => s.n.kind === 'escalation')).toEqual([]);
      const returnedMail = c.mail.sent.find((s) => s.n.kind === 'returned');
      expect(returnedMail?.n).toMatchObject({ note: 'Bổ sung chỉ tiêu về cán bộ nữ sau đại học.', revision: 1 });
      const status = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).query(cycleStatusQuery);
      expect(status.audit.map((a) => a.action)).toEqual(['add-unit bv-than-kinh']);
    });
    // A whole year of 71 units on a shared 2-core machine: minutes of wall time, not a limit on the product.
  }, 900_000);
});
