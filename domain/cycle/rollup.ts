/**
 * Rolls indicator values up the tree by each indicator's rule. Pure: the same
 * function computes the consolidated report in the workflow and checks it in tests.
 */
import type { IndicatorValue } from '../actions';
import type { Indicator } from '../cascade/schema';

/** One contribution to a roll-up: values and how many units they stand for. */
export interface RollupInput {
  values: Record<string, IndicatorValue>;
  /** Units covered by these values; a mean weights by it so means of means stay exact. */
  weight: number;
}

function numbers(inputs: RollupInput[], id: string): { value: number; weight: number }[] {
  return inputs.flatMap((i) => {
    const v = i.values[id];
    return typeof v === 'number' ? [{ value: v, weight: i.weight }] : [];
  });
}

/**
 * @param indicators the cascade's indicators
 * @param inputs the unit's own report and its children's reports
 * @returns one value per indicator that has at least one contribution
 */
export function rollUp(indicators: Indicator[], inputs: RollupInput[]): Record<string, IndicatorValue> {
  const out: Record<string, IndicatorValue> = {};
  for (const ind of indicators) {
    const nums = numbers(inputs, ind.id);
    const bools = inputs.flatMap((i) => (typeof i.values[ind.id] === 'boolean' ? [i.values[ind.id] as boolean] : []));
    switch (ind.rollup) {
      case 'sum':
        if (nums.length) out[ind.id] = round(nums.reduce((s, n) => s + n.value, 0));
        break;
      case 'mean': {
        const w = nums.reduce((s, n) => s + n.weight, 0);
        if (nums.length && w > 0) out[ind.id] = round(nums.reduce((s, n) => s + n.value * n.weight, 0) / w);
        break;
      }
      case 'min':
        if (nums.length) out[ind.id] = Math.min(...nums.map((n) => n.value));
        break;
      case 'max':
        if (nums.length) out[ind.id] = Math.max(...nums.map((n) => n.value));
        break;
      case 'all':
        if (bools.length) out[ind.id] = bools.every(Boolean);
        break;
      case 'any':
        if (bools.length) out[ind.id] = bools.some(Boolean);
        break;
      case 'ratio': {
        // Both parts are summed: the rate of a sector is its women leaders over all its
        // leaders, not the mean of its units' rates.
        const parts = inputs.flatMap((i) => {
          const v = i.values[ind.id];
          return typeof v === 'object' && v !== null ? [v] : [];
        });
        if (parts.length) {
          out[ind.id] = {
            numerator: round(parts.reduce((s, p) => s + p.numerator, 0)),
            denominator: round(parts.reduce((s, p) => s + p.denominator, 0)),
          };
        }
        break;
      }
      case 'list': {
        const texts = inputs.flatMap((i) => {
          const v = i.values[ind.id];
          return typeof v === 'string' && v.trim() ? v.split('\n').filter((l) => l.trim()) : [];
        });
        if (texts.length) out[ind.id] = texts.join('\n');
        break;
      }
    }
  }
  return out;
}

/** Weighted means carry float noise; reports show at most 4 decimals. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
