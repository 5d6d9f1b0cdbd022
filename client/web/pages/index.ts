/** Page builders used by the routes. */
import { html } from '../../../runtime/html';
import type { TaskKind } from '../../../domain/actions';
import type { UnitState } from '../gateway';
import type { FormState } from './fields';
import { page, type PageChrome } from './layout';
import { noticeBody, type Notice } from './notices';
import { consolidateForm, planForm, reportForm, reviewForm, taskTitle, type TaskView } from './task-forms';

export { accessNotice, ACCESS_STATUS, type Notice } from './notices';
export { SITE_CSS } from './style';
export type { PageChrome } from './layout';
export type { FormState } from './fields';

/** @returns the task's form page */
export function taskPage(kind: TaskKind, view: TaskView, chrome: PageChrome): string {
  const body = { 'draft-plan': planForm, 'review-plan': reviewForm, report: reportForm, consolidate: consolidateForm }[kind](view);
  return page(taskTitle(kind), body, chrome);
}

/** @returns a page explaining an outcome */
export function noticePage(notice: Notice, chrome: PageChrome): string {
  return page(notice.title, noticeBody(notice), chrome);
}

/** @returns the confirmation page after the workflow accepted an action */
export function acceptedPage(message: string, stageLabel: string, chrome: PageChrome): string {
  return page(
    'Đã ghi nhận',
    html`<section class="card notice ok" aria-labelledby="done-title" role="status">
<h1 id="done-title">Đã ghi nhận</h1>
<p>${message}</p>
<p>Trạng thái hiện tại: ${stageLabel}.</p>
<p>Có thể đóng trang này. Hệ thống sẽ gửi thư khi có bước tiếp theo.</p>
</section>`,
    chrome,
  );
}

/** Initial form values: what was already submitted, so a returned plan is edited, not retyped. */
export function initialForm(kind: TaskKind, state: UnitState): FormState {
  const values: Record<string, string> = {};
  if (kind === 'draft-plan' && state.plan) {
    Object.assign(values, { planNumber: state.plan.planNumber, title: state.plan.title, summary: state.plan.summary, attachmentRef: state.plan.attachmentRef ?? '' });
    for (const [g, items] of Object.entries(state.plan.activities)) values[`activities.${g}`] = items.join('\n');
  }
  if (kind === 'report' && state.report) {
    values.narrative = state.report.narrative;
    for (const [k, v] of Object.entries(state.report.values)) {
      if (typeof v === 'object') {
        values[`values.${k}.numerator`] = String(v.numerator).replace('.', ',');
        values[`values.${k}.denominator`] = String(v.denominator).replace('.', ',');
      } else values[`values.${k}`] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v).replace('.', ',');
    }
    for (const [k, v] of Object.entries(state.report.sections ?? {})) if (v) values[`sections.${k}`] = v;
  }
  return { values, errors: {} };
}
