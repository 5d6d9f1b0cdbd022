import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { computeUnitDeadlines, dueInstant, parseCascade, type Cascade } from '../../domain/cascade';

function load(file: string): Cascade {
  const r = parseCascade(parse(readFileSync(file, 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.cascade;
}

describe('computeUnitDeadlines on the shipped example, 2026', () => {
  const cascade = load('examples/ct21-yte-thanhhoa.yaml');
  const d = computeUnitDeadlines(cascade, 2026, SHIPPED_CALENDAR);

  it('units under the root are due "trước ngày 25/11": by the end of 24/11 in Vietnam', () => {
    expect(d.units['bv-nhi']!.reportDue).toEqual({ date: '2026-11-25', instant: '2026-11-24T16:59:59.999Z' });
    expect(d.wording).toBe('trước ngày 25/11');
  });
  it('the root consolidates 5 working days later', () => {
    expect(d.units['ban-vstbcpn-nganh-y-te']!.consolidationDue!.date).toBe('2026-12-02');
  });
  it('an override wins, and the level below reports 3 working days earlier', () => {
    const ttyt = d.units['ttyt-hoang-hoa']!;
    expect(ttyt.overridden).toBe(true);
    expect(ttyt.reportDue.date).toBe('2026-11-20');
    expect(ttyt.consolidationDue!.date).toBe('2026-11-20');
    expect(d.units['tyt-hoang-tien']!.reportDue.date).toBe('2026-11-17');
    expect(d.units['tyt-hoang-tien']!.parentId).toBe('ttyt-hoang-hoa');
    expect(d.units['tyt-hoang-tien']!.consolidationDue).toBeUndefined();
  });
  it('every unit is due before its parent, and the file has no ordering problem', () => {
    expect(d.problems).toEqual([]);
    for (const u of Object.values(d.units)) {
      if (u.parentId) expect(u.reportDue.instant < d.units[u.parentId]!.reportDue.instant).toBe(true);
    }
    // Every node of the file: 70 units and the 4 bodies on "Nơi nhận" (their dates go unused).
    expect(Object.keys(d.units)).toHaveLength(74);
  });
  it('data period and action month are resolved for the year', () => {
    expect(d.dataPeriod).toEqual({ from: '2025-11-15', to: '2026-11-14' });
    expect(d.warnings).toEqual([]);
    expect(d.actionWindows[0]).toMatchObject({ from: '2026-11-15', to: '2026-12-15' });
  });
  it('deeper levels count back over days off (National Day 2026)', () => {
    const c = structuredClone(cascade);
    c.cycle.report.due = { month: 9, day: 3 };
    const r = computeUnitDeadlines(c, 2026, SHIPPED_CALENDAR);
    // 3/9/2026 → 3 working days before, skipping the National Day block 29/8–2/9
    c.org.children![0]!.children = [{ ...c.org.children![1]!, id: 'x-child', children: [] }];
    const r2 = computeUnitDeadlines(c, 2026, SHIPPED_CALENDAR);
    expect(r.units['bv-nhi']!.reportDue.date).toBe('2026-09-03');
    expect(r2.units['x-child']!.reportDue.date).toBe('2026-08-26');
  });
});

describe('dueInstant', () => {
  it('end-of-day reads the date itself', () => {
    expect(dueInstant('2026-11-25', 'end-of-day')).toBe('2026-11-25T16:59:59.999Z');
    expect(dueInstant('2026-11-25', 'end-of-previous-day')).toBe('2026-11-24T16:59:59.999Z');
  });
});

describe('override ordering needs the calendar', () => {
  it('an override after the root consolidation date is reported with its path', () => {
    const c = load('test/fixtures/valid-mini.yaml');
    c.org.children![0]!.reportDue = { month: 12, day: 20 };
    const d = computeUnitDeadlines(c, 2026, SHIPPED_CALENDAR);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.path).toEqual(['org', 'children', 0, 'reportDue']);
  });
});

describe('a last on-time day that is not a working day (2029: Saturday 24/11)', () => {
  const base = load('examples/ct21-yte-thanhhoa.yaml');
  const rootUnits = (rule: 'keep' | 'previous-working-day' | 'next-working-day') => {
    const c = structuredClone(base);
    c.cycle.report.nonWorkingDay = rule;
    const d = computeUnitDeadlines(c, 2029, SHIPPED_CALENDAR);
    return { d, nhi: d.units['bv-nhi']! };
  };
  it.each([
    ['keep', '2029-11-24', '2029-11-24T16:59:59.999Z'],
    ['previous-working-day', '2029-11-23', '2029-11-23T16:59:59.999Z'],
    ['next-working-day', '2029-11-26', '2029-11-26T16:59:59.999Z'],
  ] as const)('%s → last day %s', (rule, day, instant) => {
    const { d, nhi } = rootUnits(rule);
    expect(d.unitsLastDay).toBe(day);
    expect(nhi.reportDue).toEqual({ date: '2029-11-25', instant });
    expect(d.problems).toEqual([]);
  });
  it('leaves a working day alone (2027: Wednesday 24/11)', () => {
    const c = structuredClone(base);
    c.cycle.report.nonWorkingDay = 'next-working-day';
    expect(computeUnitDeadlines(c, 2027, SHIPPED_CALENDAR).units['bv-nhi']!.reportDue.instant).toBe('2027-11-24T16:59:59.999Z');
  });
});

describe('data period against the report deadline', () => {
  it('warns when the data period of Decree 09/2019 ends after the plan\'s own deadline', () => {
    const c = load('examples/ct21-yte-thanhhoa.yaml');
    c.cycle.report.dataPeriod = { fromPreviousYear: { month: 12, day: 15 }, to: { month: 12, day: 14 } };
    const d = computeUnitDeadlines(c, 2027, SHIPPED_CALENDAR);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ severity: 'warning', path: ['cycle', 'report', 'dataPeriod', 'to'] });
    expect(d.warnings[0]!.message).toContain('kỳ số liệu kết thúc ngày 14/12/2027, không cách hạn báo cáo (hết ngày 24/11/2027)');
  });
  it('warns unless a working day is left between the cut-off and the deadline', () => {
    const c = load('examples/ct21-yte-thanhhoa.yaml');
    // Deadline: end of Wednesday 24/11/2027. A cut-off that day leaves no day to write the report.
    c.cycle.report.dataPeriod = { fromPreviousYear: { month: 11, day: 25 }, to: { month: 11, day: 24 } };
    expect(computeUnitDeadlines(c, 2027, SHIPPED_CALENDAR).warnings).toHaveLength(1);
    c.cycle.report.dataPeriod = { fromPreviousYear: { month: 11, day: 24 }, to: { month: 11, day: 23 } };
    expect(computeUnitDeadlines(c, 2027, SHIPPED_CALENDAR).warnings).toEqual([]);
  });
});
