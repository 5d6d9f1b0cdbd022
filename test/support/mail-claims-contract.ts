/**
 * What every mail-claims backend (runtime/mail-claims.ts) must do, as tests:
 * registered by the file backend's test and the PostgreSQL backend's test, so
 * both are held to the same behaviour.
 */
import type { MailClaims } from '../../runtime/mail-claims';
import { sentMailKey } from '../../runtime/sent-mail-ledger';

const about = (n: number) => ({ workflowId: `cascade/ct21/2027/unit/u${n}`, kind: 'task-assigned', messageId: `<m${n}@directive-cascade.local>` });
const key = (n: number) => sentMailKey('run-claims', about(n).messageId);
const at = (iso: string) => new Date(iso);

/**
 * Registers the contract's tests.
 * @param open a fresh, empty store for each test (several calls may share one backing store, as two workers do)
 */
export function mailClaimsContract(open: () => MailClaims): void {
  let opened: MailClaims[] = [];
  const store = () => {
    const s = open();
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    opened = [];
  });

  it('a claim is written once and seen by another process; holding it keeps the first time; it is listed once held', async () => {
    const a = store();
    const b = store();
    expect(await b.find(key(1))).toBeUndefined();
    await a.claim(key(1), about(1), at('2027-03-01T01:00:00Z'));
    // A later attempt claiming the same copy (after a crash) does not move the time.
    await b.claim(key(1), { ...about(1), kind: 'reminder' }, at('2027-03-01T01:05:00Z'));
    expect(await b.find(key(1))).toEqual({ key: key(1), ...about(1), claimedAt: at('2027-03-01T01:00:00Z') });
    expect(await a.listHeld()).toEqual([]);
    await b.hold(key(1), at('2027-03-01T01:10:00Z'));
    await a.hold(key(1), at('2027-03-01T01:11:00Z'));
    expect(await a.find(key(1))).toEqual({ key: key(1), ...about(1), claimedAt: at('2027-03-01T01:00:00Z'), heldAt: at('2027-03-01T01:10:00Z') });
    expect((await b.listHeld()).map((c) => c.key)).toEqual([key(1)]);
  });

  it('an answer is recorded only on a held claim, and the latest answer counts', async () => {
    const s = store();
    await s.claim(key(2), about(2), at('2027-03-01T01:00:00Z'));
    expect(await s.decide(key(2), 'arrived', at('2027-03-01T02:00:00Z'))).toBeUndefined();
    expect(await s.decide(key(9), 'arrived', at('2027-03-01T02:00:00Z'))).toBeUndefined();
    await s.hold(key(2), at('2027-03-01T01:30:00Z'));
    expect(await s.decide(key(2), 'arrived', at('2027-03-01T02:00:00Z'))).toMatchObject({ key: key(2), decision: 'arrived', decidedAt: at('2027-03-01T02:00:00Z') });
    await s.decide(key(2), 'resend', at('2027-03-01T02:05:00Z'));
    expect(await s.find(key(2))).toMatchObject({ decision: 'resend', decidedAt: at('2027-03-01T02:05:00Z'), heldAt: at('2027-03-01T01:30:00Z') });
  });

  it('dropping removes the claim with its hold and answer; the list is oldest hold first', async () => {
    const s = store();
    for (const [n, held] of [
      [3, '2027-03-02T00:00:00Z'],
      [4, '2027-03-01T00:00:00Z'],
      [5, '2027-03-03T00:00:00Z'],
    ] as const) {
      await s.claim(key(n), about(n), at('2027-02-28T00:00:00Z'));
      await s.hold(key(n), at(held));
    }
    await s.decide(key(5), 'resend', at('2027-03-03T01:00:00Z'));
    expect((await s.listHeld()).map((c) => c.messageId)).toEqual([about(4), about(3), about(5)].map((a) => a.messageId));
    await s.drop(key(5));
    await s.drop(key(5));
    expect(await s.find(key(5))).toBeUndefined();
    // Claimed anew after a drop: a fresh claim, with no hold or answer from before.
    await s.claim(key(5), about(5), at('2027-03-04T00:00:00Z'));
    expect(await s.find(key(5))).toEqual({ key: key(5), ...about(5), claimedAt: at('2027-03-04T00:00:00Z') });
    expect((await s.listHeld()).map((c) => c.messageId)).toEqual([about(4), about(3)].map((a) => a.messageId));
  });

  it('refuses anything that is not a ledger key, so no path or query can be named through it', async () => {
    const s = store();
    await expect(s.find('../../etc/passwd')).rejects.toThrow('not a mail claim key: ../../etc/passwd');
    await expect(s.claim("x' OR '1'='1", about(1), new Date())).rejects.toThrow(/not a mail claim key/);
    await expect(s.decide('a'.repeat(63), 'arrived', new Date())).rejects.toThrow(/not a mail claim key/);
    expect(await s.listHeld()).toEqual([]);
  });
}
