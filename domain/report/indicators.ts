/**
 * Indicator results as a report prints them, computed from every unit's own values:
 * sums, rates by their summed parts, yes/no as counts ("38/45 đơn vị"), all in
 * Vietnamese number format. Pure.
 */
import type { IndicatorValue, RatioValue } from '../actions';
import type { Indicator } from '../cascade/schema';
import { rollUp } from '../cycle/rollup';
import { formatVnNumber, formatVnPercent } from './vn-number';

/** One indicator's result over a set of units. */
export interface IndicatorResult {
  indicator: Indicator;
  /** The rolled-up value (same rule as the workflows use), if any unit gave one. */
  value: IndicatorValue | undefined;
  /** How many units gave a value. */
  reported: number;
  /** For yes/no indicators: how many said yes. */
  yes?: number;
  /** The result as printed, e.g. "1.234 sự kiện", "35,5 % (71/200)", "38/45 đơn vị". */
  text: string;
}

const isRatio = (v: IndicatorValue | undefined): v is RatioValue => typeof v === 'object' && v !== null;

/**
 * @param value a single value (a unit's own, or a rolled-up one)
 * @param ind its indicator
 * @returns the value as printed in Vietnamese, e.g. "35,5 %", "Có", "12/34 (35,3 %)"
 */
export function formatIndicatorValue(value: IndicatorValue | undefined, ind: Indicator): string {
  if (value === undefined) return 'chưa có số liệu';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') return value;
  if (isRatio(value)) {
    const rate = value.denominator > 0 ? formatVnPercent((100 * value.numerator) / value.denominator, 1) : 'không xác định';
    return `${rate} (${formatVnNumber(value.numerator)}/${formatVnNumber(value.denominator)}${ind.parts ? ` ${ind.parts.denominator}` : ''})`;
  }
  if (ind.type === 'percent') return formatVnPercent(value);
  return `${formatVnNumber(value)}${ind.unit ? ` ${ind.unit}` : ''}`;
}

/**
 * @param indicators the cycle's indicators
 * @param valuesByUnit each unit's own values (one entry per unit)
 * @returns one result per indicator, in the cycle's order
 */
export function indicatorResults(indicators: Indicator[], valuesByUnit: Record<string, IndicatorValue>[]): IndicatorResult[] {
  // Every unit counts once: a flat roll-up over own values equals the level-by-level one.
  const rolled = rollUp(indicators, valuesByUnit.map((values) => ({ values, weight: 1 })));
  return indicators.map((ind) => {
    const given = valuesByUnit.map((v) => v[ind.id]).filter((v) => v !== undefined && !(typeof v === 'string' && !v.trim()));
    const value = rolled[ind.id];
    if (ind.type === 'boolean') {
      const yes = given.filter((v) => v === true).length;
      return { indicator: ind, value, reported: given.length, yes, text: given.length ? `${formatVnNumber(yes)}/${formatVnNumber(given.length)} đơn vị` : 'chưa có số liệu' };
    }
    return { indicator: ind, value, reported: given.length, text: formatIndicatorValue(value, ind) };
  });
}
