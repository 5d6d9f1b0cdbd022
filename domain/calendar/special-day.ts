import type { HolidayKey } from './data';

/** A date whose working status differs from the Monday–Friday default, or a named holiday. */
export interface SpecialDay {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  status: 'off' | 'working';
  /** Vietnamese name, e.g. "Tết Nguyên đán", "Làm bù cho thứ Sáu 02/01". */
  name: string;
  holiday?: HolidayKey;
  /** `rule` when computed from the Labour Code, `official` when taken from the data. */
  source: 'rule' | 'official';
}
