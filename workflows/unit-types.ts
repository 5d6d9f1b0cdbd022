/** Re-exports of domain types used in unit workflow messages. */
export type { Indicator } from '../domain/cascade/schema';
export type { IndicatorValue } from '../domain/actions';
