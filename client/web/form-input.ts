/**
 * Turns a submitted form (or JSON body) into the action input, validated by the
 * same zod schemas as the workflow's update validators. Task, revision and actor
 * always come from the signed link, never from the body.
 */
import {
  describeZodError,
  reviewPlanSchema,
  submitConsolidationSchema,
  submitPlanSchema,
  submitReportSchema,
  type IndicatorValue,
} from '../../domain/actions';
import { activityGroupProblems } from '../../domain/cycle/unit-rules';
import type { ActionClaims } from '../../runtime/action-tokens';
import type { ActionInput, UnitState } from './gateway';

/** Parsed input, or field errors keyed by field name (for the form) plus lines (for JSON). */
export type ParsedInput = { ok: true; input: ActionInput } | { ok: false; errors: Record<string, string>; lines: string[] };

type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Lines of a textarea, trimmed, empty ones dropped. */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** Vietnamese decimals use a comma: "35,5" is 35.5; "1.234" is one thousand two hundred thirty-four. */
export function parseVnNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+([.,]\d+)?$/.test(t)) return undefined;
  const normal = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(',', '.');
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

function indicatorValues(body: Body, state: UnitState, fromJson: boolean, errors: Record<string, string>): Record<string, IndicatorValue> {
  if (fromJson) return (body.values ?? {}) as Record<string, IndicatorValue>;
  const values: Record<string, IndicatorValue> = {};
  for (const ind of state.indicators) {
    const field = `values.${ind.id}`;
    if (ind.type === 'ratio') {
      const parts = (['numerator', 'denominator'] as const).map((k) => str(body[`${field}.${k}`]).trim());
      if (!parts[0] && !parts[1]) continue;
      const [num, den] = parts.map(parseVnNumber);
      if (num === undefined || num < 0) errors[`${field}.numerator`] = 'phải là một số không âm';
      else if (den === undefined || den < 0) errors[`${field}.denominator`] = 'phải là một số không âm';
      else if (num > den) errors[`${field}.numerator`] = 'không được lớn hơn mẫu số';
      else values[ind.id] = { numerator: num, denominator: den };
      continue;
    }
    const raw = str(body[field]).trim();
    if (!raw) continue;
    if (ind.type === 'number' || ind.type === 'percent') {
      const n = parseVnNumber(raw);
      if (n === undefined) errors[field] = 'phải là một số (dùng dấu phẩy cho phần thập phân, vd. 35,5)';
      else if (ind.type === 'percent' && (n < 0 || n > 100)) errors[field] = 'tỷ lệ phải từ 0 đến 100';
      else values[ind.id] = n;
    } else if (ind.type === 'boolean') {
      if (raw === 'yes' || raw === 'no') values[ind.id] = raw === 'yes';
      else errors[field] = 'chọn Có hoặc Không';
    } else values[ind.id] = raw;
  }
  return values;
}

/** The optional report sections; absent when every one is empty (older payload shape kept). */
function sectionsOf(body: Body, fromJson: boolean): { sections?: Record<string, string> } {
  const out: Record<string, string> = {};
  for (const k of ['shortcomings', 'directions', 'recommendations']) {
    const raw = fromJson ? str((body.sections as Record<string, unknown> | undefined)?.[k]) : str(body[`sections.${k}`]);
    if (raw.trim()) out[k] = raw.trim();
  }
  return Object.keys(out).length ? { sections: out } : {};
}

/**
 * @param body urlencoded form fields, or a JSON object when `fromJson`
 * @returns the validated input or the errors
 */
export function parseActionInput(claims: ActionClaims, actor: string, state: UnitState, body: Body, fromJson: boolean): ParsedInput {
  const ref = { revision: claims.revision, actor };
  const errors: Record<string, string> = {};
  let candidate: unknown;
  let schema;
  switch (claims.task) {
    case 'draft-plan': {
      const activities: Record<string, string[]> = {};
      if (fromJson) {
        const given = body.activities ?? {};
        if (typeof given !== 'object' || given === null || Array.isArray(given)) errors.activities = 'phải là một đối tượng: mã nhóm hoạt động → danh sách hoạt động';
        else {
          // Only the cycle's groups (the workflow checks the same rule, domain/cycle/unit-rules.ts).
          for (const line of activityGroupProblems(state.activityGroups, given as Record<string, unknown>)) {
            const colon = line.indexOf(': ');
            errors[line.slice(0, colon)] ??= line.slice(colon + 2);
          }
          if (!Object.keys(errors).length) Object.assign(activities, given);
        }
      } else for (const g of state.activityGroups) {
        const lines = linesOf(str(body[`activities.${g.id}`]));
        if (lines.length) activities[g.id] = lines;
      }
      const attachmentRef = str(body.attachmentRef).trim();
      candidate = { ...ref, task: 'draft-plan', planNumber: str(body.planNumber), title: str(body.title), summary: str(body.summary), activities, ...(attachmentRef ? { attachmentRef } : {}) };
      schema = submitPlanSchema;
      break;
    }
    case 'review-plan':
      candidate = { ...ref, task: 'review-plan', decision: str(body.decision), comment: str(body.comment) };
      schema = reviewPlanSchema;
      break;
    case 'report':
      candidate = { ...ref, task: 'report', values: indicatorValues(body, state, fromJson, errors), narrative: str(body.narrative), ...sectionsOf(body, fromJson) };
      schema = submitReportSchema;
      break;
    case 'consolidate':
      candidate = { ...ref, task: 'consolidate', narrative: str(body.narrative), ...sectionsOf(body, fromJson) };
      schema = submitConsolidationSchema;
      break;
  }
  const parsed = schema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 1 && (issue.path[0] === 'activities' || issue.path[0] === 'values') ? `${String(issue.path[0])}.${String(issue.path[1])}` : String(issue.path[0] ?? '');
      errors[key] ??= issue.message;
    }
  }
  const lines = [...Object.entries(errors).map(([k, v]) => `${k}: ${v}`), ...(parsed.success ? [] : describeZodError(parsed.error).filter((l) => !Object.keys(errors).some((k) => l.startsWith(`${k}:`))))];
  return { ok: false, errors, lines };
}
