/** The four task forms. Each is a plain POST form (works without JavaScript). */
import { STAGE_LABELS_VI } from '../../../domain/stages';
import { html, type SafeHtml } from '../../../runtime/html';
import { formatVnDateTime } from '../../../runtime/vn-format';
import { formatIndicatorValue } from '../../../domain/report/indicators';
import type { IndicatorValue } from '../../../domain/actions';
import type { UnitState } from '../gateway';
import { errorSummary, textField, yesNoField, type FormState } from './fields';

/** What every form needs. */
export interface TaskView {
  state: UnitState;
  actor: string;
  csrf: string;
  form: FormState;
}

const TASK_TITLE = {
  'draft-plan': 'Xây dựng kế hoạch của đơn vị',
  'review-plan': 'Phê duyệt kế hoạch của đơn vị',
  report: 'Báo cáo kết quả thực hiện',
  consolidate: 'Tổng hợp báo cáo kết quả thực hiện',
} as const;

/** @returns the page title for a task */
export const taskTitle = (kind: keyof typeof TASK_TITLE) => TASK_TITLE[kind];

function header(v: TaskView, kind: keyof typeof TASK_TITLE): SafeHtml {
  const s = v.state;
  return html`<h1>${TASK_TITLE[kind]}</h1>
<dl class="facts">
<dt>Đơn vị</dt><dd>${s.unitName}</dd>
<dt>Trạng thái</dt><dd>${STAGE_LABELS_VI[s.stage]}</dd>
${s.currentTask ? html`<dt>Thời hạn</dt><dd>${formatVnDateTime(s.currentTask.dueAt)}${s.overdue ? html` <strong class="error">(đã quá hạn)</strong>` : ''}</dd>` : ''}
<dt>Người thao tác</dt><dd>${v.actor}</dd>
${kind === 'report' || kind === 'consolidate' ? periods(s) : ''}
</dl>`;
}

const dmy = (iso: string): string => iso.split('-').reverse().join('/');

/** The period a report's figures cover, and the plan's action months of the year. */
function periods(s: UnitState): SafeHtml {
  return html`${s.dataPeriod ? html`<dt>Kỳ số liệu</dt><dd>Từ ngày ${dmy(s.dataPeriod.from)} đến ngày ${dmy(s.dataPeriod.to)}</dd>` : ''}
${(s.actionWindows ?? []).map((w) => html`<dt>${w.name}</dt><dd>Từ ngày ${dmy(w.from)} đến ngày ${dmy(w.to)}</dd>`)}`;
}

const csrfField = (v: TaskView) => html`<input type="hidden" name="_csrf" value="${v.csrf}">`;

/** Draft (or redraft) the unit's plan. */
export function planForm(v: TaskView): SafeHtml {
  const labels: Record<string, string> = { planNumber: 'Số, ký hiệu kế hoạch', title: 'Trích yếu', summary: 'Nội dung tóm tắt', attachmentRef: 'Văn bản đính kèm' };
  for (const g of v.state.activityGroups) labels[`activities.${g.id}`] = `${g.id}. ${g.title}`;
  return html`<section class="card">${header(v, 'draft-plan')}
${v.state.lastReviewComment ? html`<h2>Ý kiến khi trả lại</h2><blockquote>${v.state.lastReviewComment}</blockquote>` : ''}
</section>
<form method="post" class="card" novalidate>
${errorSummary(v.form, labels)}
${csrfField(v)}
${textField(v.form, 'planNumber', labels.planNumber!, { required: true, hint: 'Ví dụ: 15/KH-BVĐK', maxlength: 40 })}
${textField(v.form, 'title', labels.title!, { required: true, hint: 'Ví dụ: Kế hoạch thực hiện Chỉ thị số 21-CT/TW năm 2026', maxlength: 300 })}
${textField(v.form, 'summary', labels.summary!, { required: true, multiline: true, maxlength: 4000 })}
<h2>Hoạt động theo từng nhóm nội dung</h2>
<p class="hint">Mỗi dòng một hoạt động; để trống nhóm không có hoạt động.</p>
${v.state.activityGroups.map((g) => textField(v.form, `activities.${g.id}`, labels[`activities.${g.id}`]!, { multiline: true }))}
${textField(v.form, 'attachmentRef', labels.attachmentRef!, { hint: 'Không bắt buộc: số hiệu hoặc đường dẫn văn bản đã lưu trên hệ thống quản lý văn bản', maxlength: 500 })}
<button type="submit">Gửi kế hoạch</button>
</form>`;
}

function planDetails(state: UnitState): SafeHtml {
  const p = state.plan;
  if (!p) return html`<p>Chưa có nội dung kế hoạch.</p>`;
  const groupTitle = (id: string) => state.activityGroups.find((g) => g.id === id)?.title ?? '';
  return html`<dl class="facts"><dt>Số, ký hiệu</dt><dd>${p.planNumber}</dd><dt>Trích yếu</dt><dd>${p.title}</dd></dl>
<h2>Nội dung tóm tắt</h2><p>${p.summary}</p>
<h2>Hoạt động</h2>
${Object.entries(p.activities).map(([id, items]) => html`<h3>${id}. ${groupTitle(id)}</h3><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`)}
${p.attachmentRef ? html`<p>Văn bản đính kèm: ${p.attachmentRef}</p>` : ''}`;
}

/** Approve, or return with a comment. */
export function reviewForm(v: TaskView): SafeHtml {
  return html`<section class="card">${header(v, 'review-plan')}</section>
<section class="card" aria-label="Kế hoạch trình phê duyệt">${planDetails(v.state)}</section>
<form method="post" class="card" novalidate>
${errorSummary(v.form, { comment: 'Ý kiến', decision: 'Quyết định' })}
${csrfField(v)}
${textField(v.form, 'comment', 'Ý kiến', { multiline: true, hint: 'Bắt buộc khi trả lại: nêu rõ nội dung cần chỉnh sửa', maxlength: 4000 })}
<button type="submit" name="decision" value="approve">Phê duyệt</button>
<button type="submit" name="decision" value="return" class="secondary">Trả lại để chỉnh sửa</button>
</form>`;
}

/** The yearly results report, one typed field per indicator. */
export function reportForm(v: TaskView): SafeHtml {
  const labels: Record<string, string> = { narrative: 'Đánh giá chung' };
  for (const i of v.state.indicators) labels[`values.${i.id}`] = i.label;
  const field = (i: UnitState['indicators'][number]) => {
    const name = `values.${i.id}`;
    if (i.type === 'boolean') return yesNoField(v.form, name, i.label);
    if (i.type === 'text') return textField(v.form, name, i.label, { multiline: true, maxlength: 4000 });
    if (i.type === 'ratio') {
      const parts = i.parts ?? { numerator: 'tử số', denominator: 'mẫu số' };
      return html`<fieldset><legend>${i.label}</legend>
${textField(v.form, `${name}.numerator`, `Số ${parts.numerator}`, { inputmode: 'decimal' })}
${textField(v.form, `${name}.denominator`, `Số ${parts.denominator}`, { inputmode: 'decimal' })}
</fieldset>`;
    }
    const hint = i.type === 'percent' ? 'Tỷ lệ %, từ 0 đến 100; dùng dấu phẩy cho phần thập phân (vd. 35,5)' : `Số liệu${i.unit ? ` (${i.unit})` : ''}; dùng dấu phẩy cho phần thập phân`;
    return textField(v.form, name, i.label, { inputmode: 'decimal', hint });
  };
  return html`<section class="card">${header(v, 'report')}</section>
<form method="post" class="card" novalidate>
${errorSummary(v.form, labels)}
${csrfField(v)}
<h2>Số liệu các chỉ tiêu</h2>
${v.state.indicators.map(field)}
${textField(v.form, 'narrative', labels.narrative!, { required: true, multiline: true, hint: 'Kết quả nổi bật của đơn vị trong năm', maxlength: 20000 })}
${sectionFields(v)}
<button type="submit">Gửi báo cáo</button>
</form>`;
}

/** The optional parts of a results report: shortcomings, next year's directions, recommendations. */
function sectionFields(v: TaskView): SafeHtml {
  return html`${textField(v.form, 'sections.shortcomings', 'Tồn tại, hạn chế và nguyên nhân', { multiline: true, maxlength: 8000 })}
${textField(v.form, 'sections.directions', 'Phương hướng, nhiệm vụ năm sau', { multiline: true, maxlength: 8000 })}
${textField(v.form, 'sections.recommendations', 'Kiến nghị, đề xuất', { multiline: true, maxlength: 8000 })}`;
}

function showValue(v: IndicatorValue | undefined, ind: UnitState['indicators'][number]): string {
  return v === undefined ? '—' : formatIndicatorValue(v, ind);
}

/** Consolidation: the rolled-up values and missing units, plus the narrative to write. */
export function consolidateForm(v: TaskView): SafeHtml {
  const c = v.state.consolidation;
  return html`<section class="card">${header(v, 'consolidate')}</section>
<section class="card" aria-labelledby="rollup"><h2 id="rollup">Số liệu tổng hợp từ các đơn vị trực thuộc</h2>
<table><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Giá trị</th></tr></thead><tbody>
${v.state.indicators.map((i) => html`<tr><td>${i.label}</td><td>${showValue(c?.values[i.id], i)}</td></tr>`)}
</tbody></table>
<h2>Đơn vị chưa báo cáo</h2>
${c?.missingUnitIds.length ? html`<ul>${(c.missingUnitNames ?? c.missingUnitIds).map((name) => html`<li>${name}</li>`)}</ul>` : html`<p>Tất cả đơn vị đã báo cáo.</p>`}
</section>
<form method="post" class="card" novalidate>
${errorSummary(v.form, { narrative: 'Đánh giá chung' })}
${csrfField(v)}
${textField(v.form, 'narrative', 'Đánh giá chung', { required: true, multiline: true, maxlength: 20000 })}
${sectionFields(v)}
<button type="submit">Gửi báo cáo tổng hợp</button>
</form>`;
}
