/**
 * Vietnamese wording for zod's generic issues, and their conversion into
 * {@link CascadeProblem}s. zod's own `vi` locale is the fallback; the common
 * cases get wording an official understands ("thiếu trường bắt buộc" rather
 * than "expected string, received undefined").
 */
import { z } from 'zod';
import { error, type CascadeProblem, type PathSegment } from './problems';

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'một nhóm khóa: giá trị',
  array: 'một danh sách',
  null: 'null',
};

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'một danh sách';
  if (typeof input === 'object') return 'một nhóm khóa: giá trị';
  if (typeof input === 'string') return `chuỗi "${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  if (typeof input === 'number') return `số ${input}`;
  if (typeof input === 'boolean') return `giá trị ${input}`;
  return typeof input;
}

const fallback = z.locales.vi().localeError;

/** Per-parse error map: pass as `{ error: vietnameseErrorMap }` to `safeParse`. */
export const vietnameseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'thiếu trường bắt buộc';
      return `phải là ${TYPE_NAMES[issue.expected] ?? issue.expected}, nhưng đang là ${describe(issue.input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'không được để trống' : `tối thiểu ${min} ký tự`;
      if (issue.origin === 'array') return `cần ít nhất ${min} phần tử`;
      return issue.inclusive === false ? `phải lớn hơn ${min}` : `phải từ ${min} trở lên`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `tối đa ${max} ký tự`;
      if (issue.origin === 'array') return `tối đa ${max} phần tử`;
      return issue.inclusive === false ? `phải nhỏ hơn ${max}` : `không được lớn hơn ${max}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `phải là ${JSON.stringify(issue.values[0])}`
        : `phải là một trong: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'địa chỉ email không hợp lệ' : 'không đúng định dạng';
    default:
      return fallback(issue);
  }
};

function key(k: PropertyKey): PathSegment {
  return typeof k === 'symbol' ? String(k) : k;
}

/**
 * @returns one problem per zod issue; an unknown key is reported at the key's own
 *   path (so its line can be found), not at the enclosing object
 */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[]): CascadeProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(key);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => error([...path, k], `khóa "${k}" không có trong mô hình (gõ nhầm tên trường?)`));
    }
    return [error(path, issue.message)];
  });
}
