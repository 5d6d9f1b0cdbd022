/** Which escalation rung a late unit has reached, on working days (Tết 2027 included). */
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { escalationRungAt } from '../../domain/cycle/escalation-rung';
import type { EscalationRung } from '../../domain/cascade/schema';

const ladder: EscalationRung[] = [
  { afterWorkingDays: 1, to: 'unit-head', ask: 'Đề nghị gửi' },
  { afterWorkingDays: 5, to: 'office', officeId: 'van-phong', ask: 'Đề nghị theo dõi' },
];
// Due at the end of Friday 29/01/2027 (Vietnam).
const due = '2027-01-29T16:59:59.999Z';

it.each([
  ['2027-01-30T10:00:00Z', null],
  ['2027-02-01T00:00:00Z', null], // Monday 07:00 in Vietnam: before office hours
  ['2027-02-01T03:00:00Z', 0], // Monday 10:00: one working day after
  ['2027-02-04T03:00:00Z', 0],
  ['2027-02-05T03:00:00Z', 0], // Tết holidays start: no working day counts
  ['2027-02-11T03:00:00Z', 0],
  ['2027-02-12T03:00:00Z', 1], // the fifth working day after: 1–4 February, then 12 February
])('at %s the last rung reached is %s', (now, index) => {
  const r = escalationRungAt(due, ladder, SHIPPED_CALENDAR, now);
  expect(r?.index ?? null).toBe(index);
  if (r) expect(r.rung).toBe(ladder[index!]);
});
