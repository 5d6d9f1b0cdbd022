import fc from 'fast-check';
import {
  addWorkingDays, dateInVietnam, endOfDayInstant, hungKingsDate, isWorkingDay, mergeCalendarData, parseCalendarData,
  RULES_ONLY_CALENDAR, SHIPPED_CALENDAR, specialDays, tetDate, workingDaysBetween, addCalendarDays, weekday,
} from '../../domain/calendar';

const cal = SHIPPED_CALENDAR;

describe('lunar anchors', () => {
  it.each([
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
  ])('%i: Tết %s, Giỗ Tổ Hùng Vương %s', (year, tet, hung) => {
    expect(tetDate(year)).toBe(tet);
    expect(hungKingsDate(year)).toBe(hung);
    expect(isWorkingDay(hung, cal)).toBe(false);
  });
});

describe('working days', () => {
  it('+1 from Friday 2026-02-13 skips the Tết block to Monday 2026-02-23', () => {
    expect(addWorkingDays('2026-02-13', 1, cal)).toBe('2026-02-23');
  });
  it('+1 from Friday 2025-04-25 is the compensatory working Saturday 2025-04-26', () => {
    expect(addWorkingDays('2025-04-25', 1, cal)).toBe('2025-04-26');
    expect(isWorkingDay('2025-05-02', cal)).toBe(false);
  });
  it('n = 0 rolls a day off forward and keeps a working day', () => {
    expect(addWorkingDays('2026-02-14', 0, cal)).toBe('2026-02-23');
    expect(addWorkingDays('2026-02-23', 0, cal)).toBe('2026-02-23');
  });
  it('negative n counts backwards, skipping days off', () => {
    expect(addWorkingDays('2026-02-23', -1, cal)).toBe('2026-02-13');
    expect(addWorkingDays('2026-11-25', -3, cal)).toBe('2026-11-20');
  });
  it('rejects a non-integer or an invalid date', () => {
    expect(() => addWorkingDays('2026-02-13', 1.5, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(RangeError);
  });
});

describe('2025 and 2026 official schedules', () => {
  const status = (year: number) => new Map(specialDays(year, cal).map((d) => [d.date, d.status]));
  it('2025: Tết off 25/1–2/2; 30/4–4/5 off with Saturday 26/4 worked', () => {
    const s = status(2025);
    for (let d = '2025-01-25'; d <= '2025-02-02'; d = addCalendarDays(d, 1)) expect(s.get(d)).toBe('off');
    expect(isWorkingDay('2025-02-03', cal)).toBe(true);
    for (const d of ['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']) expect(isWorkingDay(d, cal)).toBe(false);
    expect(s.get('2025-04-26')).toBe('working');
  });
  it('2026: New Year 1–4/1 with Saturday 10/1 worked; Tết 14–22/2; National Day 29/8–2/9 with Saturday 22/8 worked', () => {
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) expect(isWorkingDay(d, cal)).toBe(false);
    expect(isWorkingDay('2026-01-10', cal)).toBe(true);
    for (let d = '2026-02-14'; d <= '2026-02-22'; d = addCalendarDays(d, 1)) expect(isWorkingDay(d, cal)).toBe(false);
    for (let d = '2026-08-29'; d <= '2026-09-02'; d = addCalendarDays(d, 1)) expect(isWorkingDay(d, cal)).toBe(false);
    expect(isWorkingDay('2026-08-22', cal)).toBe(true);
    expect(isWorkingDay('2026-09-03', cal)).toBe(true);
  });
  it('announced holidays replace the rule-based ones (no stray compensatory day after Tết 2025)', () => {
    expect(isWorkingDay('2025-02-03', cal)).toBe(true);
    // rules alone would give Monday 3/2 off for Saturday 1/2
    expect(isWorkingDay('2025-02-03', RULES_ONLY_CALENDAR)).toBe(false);
  });
  it('a year without data falls back to the Labour Code rules, with compensatory days', () => {
    const days = specialDays(2027, cal);
    expect(days.filter((d) => d.holiday === 'tet' && d.status === 'off' && !d.name.startsWith('Nghỉ bù')).map((d) => d.date))
      .toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    expect(days.every((d) => d.source === 'rule')).toBe(true);
    // 1/5/2027 is a Saturday: compensated on Monday 3/5
    expect(isWorkingDay('2027-05-03', cal)).toBe(false);
  });
  it('an added year from data overrides rules without code changes', () => {
    const extra = parseCalendarData({
      schemaVersion: 1,
      years: { '2027': { source: 'thử', entries: [{ from: '2027-02-13', status: 'working', name: 'Làm bù' }] } },
    });
    if (!extra.ok) throw new Error('fixture');
    const merged = mergeCalendarData(cal, extra.data);
    expect(isWorkingDay('2027-02-13', merged)).toBe(true);
    expect(isWorkingDay('2027-02-13', cal)).toBe(false);
  });
  it('rejects entries outside their year or running backwards', () => {
    const bad = parseCalendarData({
      schemaVersion: 1,
      years: { '2027': { source: 'x', entries: [{ from: '2028-01-01', status: 'off', name: 'x' }, { from: '2027-02-10', to: '2027-02-01', status: 'off', name: 'y' }] } },
    });
    expect(bad.ok).toBe(false);
  });
});

describe('instants in Asia/Ho_Chi_Minh', () => {
  it('end of day is 23:59:59.999 at UTC+7', () => {
    expect(endOfDayInstant('2026-11-24')).toBe('2026-11-24T16:59:59.999Z');
  });
  it('dateInVietnam shifts by seven hours', () => {
    expect(dateInVietnam('2026-11-24T16:59:59.999Z')).toBe('2026-11-24');
    expect(dateInVietnam('2026-11-24T17:00:00Z')).toBe('2026-11-25');
    expect(dateInVietnam(Date.UTC(2025, 11, 31, 17))).toBe('2026-01-01');
  });
});

describe('properties', () => {
  const day = fc.integer({ min: 0, max: 365 * 6 }).map((n) => addCalendarDays('2024-01-01', n));
  it('addWorkingDays never lands on a day off and is monotonic in n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), (d, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = addWorkingDays(d, lo, cal);
        const y = addWorkingDays(d, hi, cal);
        // strictly increasing, except that 0 and +1 from a day off both name the next working day
        const tie = lo === hi || (lo === 0 && hi === 1 && !isWorkingDay(d, cal));
        return isWorkingDay(x, cal) && isWorkingDay(y, cal) && (tie ? x <= y : x < y);
      }),
      { numRuns: 300 },
    );
  });
  it('workingDaysBetween inverts addWorkingDays for positive n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (d, n) => workingDaysBetween(d, addWorkingDays(d, n, cal), cal) === n),
      { numRuns: 200 },
    );
  });
  it('a plain weekday with no special entry is a working day, weekends are not', () => {
    fc.assert(
      fc.property(day, (d) => {
        const special = specialDays(Number(d.slice(0, 4)), cal).find((s) => s.date === d);
        const expected = special ? special.status === 'working' : weekday(d) !== 0 && weekday(d) !== 6;
        return isWorkingDay(d, cal) === expected;
      }),
      { numRuns: 300 },
    );
  });
});
