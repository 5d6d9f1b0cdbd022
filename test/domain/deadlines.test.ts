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
    expect(Object.keys(d.units)).toHaveLength(71);
  });
  it('data period and action month are resolved for the year', () => {
    expect(d.dataPeriod).toEqual({ from: '2025-12-15', to: '2026-12-14' });
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
