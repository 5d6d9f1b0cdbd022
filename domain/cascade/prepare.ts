/**
 * The pass over raw input that runs before zod: it copies the value while
 * normalising every string to NFC (so "Hòa" typed on different keyboards
 * compares equal), and stops cyclic or oversized input (YAML aliases can make
 * both) before the recursive schema could overflow the stack.
 *
 * Keys that name Object.prototype machinery (`__proto__`, `constructor`,
 * `prototype`) are refused: written into a plain object, `__proto__` would
 * become its prototype and its fields would slip past the strict-key check.
 * Copies are made on null-prototype objects for the same reason.
 */
import type { CascadeLimits } from './limits';
import { error, type CascadeProblem, type PathSegment } from './problems';

/** Keys no cascade field uses and that could reach an object's prototype. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** @returns the normalised copy, or the problems that stopped the copy */
export function prepareInput(input: unknown, limits: CascadeLimits): { value: unknown; problems: CascadeProblem[] } {
  const problems: CascadeProblem[] = [];
  const onPath = new Set<object>();
  let values = 0;

  const visit = (v: unknown, path: PathSegment[]): unknown => {
    if (++values > limits.maxValues) {
      if (values === limits.maxValues + 1) problems.push(error(path, `tệp quá lớn: hơn ${limits.maxValues} giá trị`));
      return undefined;
    }
    if (typeof v === 'string') return v.normalize('NFC');
    if (typeof v !== 'object' || v === null) return v;
    if (onPath.has(v)) {
      problems.push(error(path, 'tham chiếu vòng: giá trị này chứa chính nó (kiểm tra các alias *...)'));
      return undefined;
    }
    if (path.length >= limits.maxNesting) {
      problems.push(error(path, `lồng nhau quá sâu (tối đa ${limits.maxNesting} cấp)`));
      return undefined;
    }
    onPath.add(v);
    let copy: unknown;
    if (Array.isArray(v)) {
      copy = v.map((item, i) => visit(item, [...path, i]));
    } else {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, item] of Object.entries(v)) {
        const key = k.normalize('NFC');
        if (FORBIDDEN_KEYS.includes(key)) {
          problems.push(error([...path, k], `khóa "${key}" không được phép (tên dành riêng của JavaScript)`));
          continue;
        }
        out[key] = visit(item, [...path, k]);
      }
      copy = out;
    }
    onPath.delete(v);
    return copy;
  };

  const value = visit(input, []);
  return { value, problems };
}
