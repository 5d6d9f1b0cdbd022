/**
 * History per unit-year is read from one recorded year: other recordings of the
 * same year in the folder (a new path next to the old) must not be counted in.
 */
import { RECORDED_YEAR_PREFIX, unitYearFigures } from '../../bench/history-size';

describe('unitYearFigures', () => {
  it('reads the recorded year of one prefix only: the cycle and its ten units', () => {
    const year = unitYearFigures(undefined, 'year2027-');
    expect(year.cycle.file).toBe('year2027-cycle.json');
    expect(year.units).toHaveLength(10);
    expect(year.units.every((h) => /^year2027-unit-[a-z0-9-]+\.json$/.test(h.file))).toBe(true);
  });

  it('reads another recording of the same year under its own prefix, by default the newest', () => {
    const year = unitYearFigures();
    expect(RECORDED_YEAR_PREFIX).toBe('year2027-marker-only-if-tasked-');
    expect(year.cycle.file).toBe(`${RECORDED_YEAR_PREFIX}cycle.json`);
    expect(year.units).toHaveLength(10);
  });
});
