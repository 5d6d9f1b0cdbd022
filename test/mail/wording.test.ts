/**
 * Every mail kind for a person and for an office: the address line names the
 * recipient's own position and organisation, the wording follows the task and the
 * recipient type, and no English word reaches a Vietnamese mail or page.
 */
import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../domain/notifications';
import type { TaskKind } from '../../domain/actions';
import { renderMail, TEMPLATES } from '../../activities/mail/templates';
import { addressLine } from '../../activities/mail/templates/recipient';
import { buildReport } from '../../domain/report/build';
import { renderReportHtml } from '../../runtime/report/html';
import { accessNotice, acceptedPage, noticePage, taskPage } from '../../client/web/pages';
import { STAGE_LABELS_VI } from '../../domain/stages';
import { sampleReports } from '../domain/report/sample';
import { draftingState } from '../web/fake-gateway';
import { notification } from './fixtures';

const PERSON = { name: 'Lê Văn Hùng', title: 'Giám đốc', email: 'gd@bv.example' };
const OFFICE = { name: 'Văn phòng Sở Y tế Thanh Hóa', email: 'vp@syt.example' };
const LINK = { url: 'https://chidao.example.gov.vn/a/abc', expiresAt: '2026-12-31T16:59:00.000Z' };
const UNIT = 'Trạm Y tế xã Hoằng Tiến';

/** Words an English-speaking developer could leak into Vietnamese text (ids, stages, fallbacks). */
const ENGLISH = new Set(
  'the and of to for with from your you please report reports plan plans draft drafting review reviewed task tasks deadline due unit units approve approved approval return returned consolidate consolidated consolidating submit submitted status stage waiting implementing reporting reported cancelled canceled escalation reminder link click here undefined null nan true false object error missing late yes no none'.split(' '),
);

/** Visible words of an HTML or text body: tags, URLs and e-mail addresses removed. */
function words(body: string): string[] {
  const visible = body
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
  return visible.match(/\p{L}+/gu) ?? [];
}
const english = (body: string) => words(body).filter((w) => ENGLISH.has(w.toLowerCase()));

function render(kind: NotificationKind, to: Notification['to'], over: Partial<Notification> = {}) {
  const n = notification({ kind, to, unitName: UNIT, sequence: kind, ...over });
  const content = TEMPLATES[kind](n, n.task ? LINK : undefined);
  return { n, mail: renderMail(content, { to: n.to, unitName: n.unitName, systemName: 'Hệ thống theo dõi thực hiện chỉ đạo', addressLine: addressLine(n) }) };
}

/** Link-bearing task of each kind, as the workflows send them. */
const TASK_OF: Record<NotificationKind, TaskKind | undefined> = {
  'task-assigned': 'draft-plan',
  reminder: 'report',
  escalation: undefined,
  'approval-request': 'review-plan',
  returned: 'draft-plan',
  approved: undefined,
  'report-request': 'report',
  'consolidated-report': undefined,
  'scheduled-start-failed': undefined,
};

describe('mail wording by recipient', () => {
  it.each(NOTIFICATION_KINDS.map((k) => [k]))('%s to a person and to an office', (kind) => {
    const task = TASK_OF[kind];
    const person = render(kind, PERSON, { task, about: task ?? 'report' });
    const office = render(kind, OFFICE, { task: undefined, about: task ?? 'report' });
    // A unit's own head is addressed with the unit; a superior without a named body gets no late unit's name.
    const ownHead = ['task-assigned', 'reminder', 'report-request', 'returned', 'approved'].includes(kind);
    expect(person.mail.text).toContain(ownHead ? `Kính gửi: Lê Văn Hùng – Giám đốc, ${UNIT}\n` : 'Kính gửi: Lê Văn Hùng – Giám đốc\n');
    expect(office.mail.text).toContain('Kính gửi: Văn phòng Sở Y tế Thanh Hóa\n');
    expect(office.mail.text).not.toMatch(/đồng chí/i);
    for (const m of [person.mail, office.mail]) {
      expect(m.text).not.toMatch(/trước hết ngày|\)\)|ngày ngày/);
      expect(english(m.html)).toEqual([]);
      expect(english(m.text)).toEqual([]);
    }
  });

  it('addresses a final recipient with their own organisation', () => {
    const { mail } = render('consolidated-report', { ...PERSON, title: 'Giám đốc Sở Nội vụ', organisation: 'Sở Nội vụ tỉnh Thanh Hóa' }, { unitName: 'Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa' });
    expect(mail.text).toContain('Kính gửi: Lê Văn Hùng – Giám đốc Sở Nội vụ, Sở Nội vụ tỉnh Thanh Hóa\n');
    expect(mail.text).toContain('Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa gửi báo cáo tổng hợp');
  });

  it('chases a late plan with plan wording and a late report with report wording', () => {
    const plan = render('escalation', PERSON, { task: undefined, about: 'draft-plan' }).mail.text;
    const report = render('escalation', PERSON, { task: undefined, about: 'report' }).mail.text;
    expect(plan).toContain(`${UNIT} chưa hoàn thành việc xây dựng kế hoạch`);
    expect(plan).not.toContain('báo cáo kết quả');
    expect(report).toContain(`${UNIT} chưa hoàn thành việc báo cáo kết quả thực hiện`);
    expect(plan).toContain(`Đề nghị đồng chí chỉ đạo, đôn đốc ${UNIT} hoàn thành ngay.`);
    const own = render('escalation', PERSON, { task: 'report', about: 'report' }).mail.text;
    expect(own).toContain('Đề nghị đồng chí khẩn trương hoàn thành');
    const office = render('escalation', OFFICE, { task: undefined, about: 'report' }).mail.text;
    expect(office).toContain(`Đề nghị Văn phòng Sở Y tế Thanh Hóa theo dõi, tham mưu đôn đốc ${UNIT} hoàn thành ngay.`);
    expect(office).toContain('thời hạn đã hết vào ngày 24 tháng 11 năm 2026');
  });
});

describe('no English word in a page', () => {
  const chrome = { systemName: 'Hệ thống theo dõi thực hiện chỉ đạo' };
  const form = { values: {}, errors: {} };
  const indicators = [...draftingState().indicators, { id: 'nu_lanh_dao', label: 'Tỷ lệ nữ lãnh đạo', type: 'ratio' as const, rollup: 'ratio' as const, parts: { numerator: 'nữ lãnh đạo', denominator: 'cán bộ lãnh đạo' } }];
  const states = {
    'draft-plan': draftingState(),
    'review-plan': draftingState({ stage: 'in-review', plan: { planNumber: '12/KH-BV', title: 'Kế hoạch', summary: 'Tóm tắt', activities: { 'II.1': ['Hội nghị'] } } }),
    report: draftingState({ stage: 'reporting', indicators }),
    consolidate: draftingState({ stage: 'consolidating', indicators, consolidation: { values: { female_leaders_pct: 35.5, trainings: 1234, action_month_held: true, nu_lanh_dao: { numerator: 12, denominator: 34 } }, missingUnitIds: [] } }),
  } as const;

  it.each(Object.keys(states).map((k) => [k as TaskKind]))('the %s form', (kind) => {
    const body = taskPage(kind, { state: states[kind], actor: 'gd@bv.example', csrf: 'x', form }, chrome);
    expect(english(body)).toEqual([]);
    if (kind === 'consolidate') expect(body).toContain('35,5 %');
  });

  it('the notices, the confirmation and the report preview', () => {
    const s = draftingState();
    const notices = (['invalid', 'expired', 'not-found', 'cancelled'] as const).map((kind) => accessNotice({ kind } as never));
    notices.push(accessNotice({ kind: 'done', state: s } as never), accessNotice({ kind: 'wrong-stage', state: s } as never));
    for (const n of notices) expect(english(noticePage(n, chrome))).toEqual([]);
    expect(english(acceptedPage('Đã nhận báo cáo kết quả thực hiện.', STAGE_LABELS_VI.reported, chrome))).toEqual([]);
    const { setup, entries } = sampleReports();
    expect(english(renderReportHtml(buildReport({ setup, issuerId: setup.units[0]!.id, entries, date: '2027-11-27', progress: true })))).toEqual([]);
  });

  it('the word check can fail', () => {
    expect(english('<p>Đã gia hạn việc "report" đến hết ngày</p>')).toEqual(['report']);
  });
});
