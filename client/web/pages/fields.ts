/** Accessible form controls: every input has a label, hints and errors are tied by aria-describedby. */
import { html, type SafeHtml } from '../../../runtime/html';

/** Values and errors of a form being (re)displayed. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** Field ids must be valid and unique; names may contain dots. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** @returns a labelled text input or textarea */
export function textField(
  form: FormState,
  name: string,
  label: string,
  opts: { multiline?: boolean; hint?: string; required?: boolean; inputmode?: 'decimal' | 'text'; maxlength?: number } = {},
): SafeHtml {
  const id = fieldId(name);
  const err = form.errors[name];
  const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${name}"${opts.required ? html` required aria-required="true"` : ''}${err ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${opts.maxlength ? html` maxlength="${opts.maxlength}"` : ''}`;
  const value = form.values[name] ?? '';
  return html`<label for="${id}">${label}${opts.required ? ' (bắt buộc)' : ''}${opts.hint ? html`<span class="hint" id="${id}-hint">${opts.hint}</span>` : ''}</label>
${err ? html`<p class="error" id="${id}-err">${err}</p>` : ''}
${opts.multiline ? html`<textarea ${common}>${value}</textarea>` : html`<input type="text" ${common} value="${value}"${opts.inputmode ? html` inputmode="${opts.inputmode}"` : ''}>`}`;
}

/** @returns a yes/no radio group */
export function yesNoField(form: FormState, name: string, label: string): SafeHtml {
  const id = fieldId(name);
  const err = form.errors[name];
  const v = form.values[name];
  return html`<fieldset${err ? html` aria-describedby="${id}-err"` : ''}><legend>${label}</legend>
${err ? html`<p class="error" id="${id}-err">${err}</p>` : ''}
<label class="choice"><input type="radio" name="${name}" value="yes"${v === 'yes' ? ' checked' : ''}> Có</label>
<label class="choice"><input type="radio" name="${name}" value="no"${v === 'no' ? ' checked' : ''}> Không</label>
</fieldset>`;
}

/** @returns the error summary shown above a form that was refused */
export function errorSummary(form: FormState, labels: Record<string, string>): SafeHtml {
  const entries = Object.entries(form.errors);
  if (!entries.length) return html``;
  return html`<div class="errors" role="alert"><p class="error">Chưa gửi được: vui lòng sửa các mục sau.</p><ul>
${entries.map(([k, msg]) => html`<li><a href="#${fieldId(k)}">${labels[k] ?? k}</a>: ${msg}</li>`)}
</ul></div>`;
}
