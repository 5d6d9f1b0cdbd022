/** Mail claims on files (the embedded default): the backends' contract, and what the files hold. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileMailClaims } from '../../runtime/mail-claims';
import { sentMailKey } from '../../runtime/sent-mail-ledger';
import { mailClaimsDir, openMailClaims } from '../../runtime/sent-mail-ledger-open';
import { mailClaimsContract } from '../support/mail-claims-contract';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-claims-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('file mail claims: the contract', () => {
  mailClaimsContract(() => createFileMailClaims(path.join(dir, 'claims')));
});

describe('file mail claims', () => {
  const key = sentMailKey('run-1', '<m@directive-cascade.local>');
  const about = { workflowId: 'cascade/ct21/2027/unit/bv-mat', kind: 'reminder', messageId: '<m@directive-cascade.local>' };

  it('live under the data folder unless a PostgreSQL is configured, readable by their owner only, ids and times only', async () => {
    const claims = openMailClaims({ dataDir: dir, snapshots: { dir: path.join(dir, 'snapshots') } });
    await claims.claim(key, about, new Date('2027-03-01T00:00:00Z'));
    await claims.hold(key, new Date('2027-03-01T00:05:00Z'));
    await claims.decide(key, 'arrived', new Date('2027-03-01T00:09:00Z'));
    const folder = mailClaimsDir(dir);
    expect(fs.readdirSync(folder).sort()).toEqual([`${key}.claim`, `${key}.decision`, `${key}.held`]);
    for (const name of fs.readdirSync(folder)) expect(fs.statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(folder, `${key}.claim`), 'utf8'))).toEqual({ ...about, claimedAt: '2027-03-01T00:00:00.000Z' });
    await claims.close();
  });

  it('prunes claims older than the cut-off, with their other files', async () => {
    const claims = createFileMailClaims(dir);
    await claims.claim(key, about, new Date());
    await claims.hold(key, new Date());
    const old = new Date(Date.now() - 30 * 86_400_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), old, old);
    const other = sentMailKey('run-2', about.messageId);
    await claims.claim(other, about, new Date());
    expect(await claims.prune(new Date(Date.now() - 14 * 86_400_000))).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([`${other}.claim`]);
    expect(await createFileMailClaims(path.join(dir, 'never-written')).prune(new Date())).toBe(0);
  });
});
