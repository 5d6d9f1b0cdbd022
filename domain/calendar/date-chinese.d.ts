// date-chinese ships its declarations in a folder its "exports" map hides from
// Node16 resolution; this declares the part we use.
declare module 'date-chinese' {
  export class CalendarVietnamese {
    set(cycle: number, year: number, month: number, leap: number, day: number): this;
    toGregorian(gyear: number): { year: number; month: number; day: number };
  }
}
