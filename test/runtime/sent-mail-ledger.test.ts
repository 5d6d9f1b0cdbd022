/** The sent-mail ledger on files (the embedded default): shared by every process of the machine, time sent only, pruned. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileSentMailLedger, sentMailKey, SENT_MAIL_KEY } from '../../runtime/sent-mail-ledger';
import { openSentMailLedger, sentMailDir } from '../../runtime/sent-mail-ledger-open';

const MESSAGE_ID = `<${'ab'.repeat(32)}@directive-cascade.local>`;
const RUN = '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';

describe('sent-mail ledger key', () => {
  it('is 64 hex digits, the same for the same run and Message-ID, different for another run or message', () => {
    const key = sentMailKey(RUN, MESSAGE_ID);
    expect(key).toMatch(SENT_MAIL_KEY);
    expect(sentMailKey(RUN, MESSAGE_ID)).toBe(key);
    expect(sentMailKey('another-run', MESSAGE_ID)).not.toBe(key);
    expect(sentMailKey(RUN, MESSAGE_ID.replace('ab', 'cd'))).not.toBe(key);
  });
});

describe('file sent-mail ledger', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sent-mail-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('what one process records, another one sees; recording twice is harmless; only the time is stored', async () => {
    const a = createFileSentMailLedger(dir);
    const b = createFileSentMailLedger(dir);
    const key = sentMailKey(RUN, MESSAGE_ID);
    const at = new Date('2027-03-01T01:02:03.000Z');
    expect(await b.sentAt(key)).toBeUndefined();
    await a.record(key, at);
    await a.record(key, at);
    expect(await b.sentAt(key)).toEqual(at);
    expect(await b.sentAt(sentMailKey('another-run', MESSAGE_ID))).toBeUndefined();
    const folder = path.join(dir, key.slice(0, 2));
    expect(fs.readdirSync(folder)).toEqual([key]);
    expect(fs.readFileSync(path.join(folder, key), 'utf8')).toBe(at.toISOString());
    expect(fs.statSync(path.join(folder, key)).mode & 0o777).toBe(0o600);
  });

  it('refuses anything that is not a key, so no path can be named', async () => {
    const ledger = createFileSentMailLedger(dir);
    await expect(ledger.sentAt('../../etc/passwd')).rejects.toThrow('not a sent-mail ledger key: ../../etc/passwd');
    await expect(ledger.record(MESSAGE_ID, new Date())).rejects.toThrow(/not a sent-mail ledger key/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('prunes entries sent before the cut-off and keeps the newer ones', async () => {
    const ledger = createFileSentMailLedger(dir);
    const old = sentMailKey(RUN, 'old');
    const recent = sentMailKey(RUN, 'recent');
    await ledger.record(old, new Date('2027-01-01T00:00:00Z'));
    await ledger.record(recent, new Date('2027-01-20T00:00:00Z'));
    expect(await ledger.prune(new Date('2027-01-10T00:00:00Z'))).toBe(1);
    expect(await ledger.sentAt(old)).toBeUndefined();
    expect(await ledger.sentAt(recent)).toEqual(new Date('2027-01-20T00:00:00Z'));
    expect(await createFileSentMailLedger(path.join(dir, 'never-written')).prune(new Date())).toBe(0);
  });

  it('fails loudly when its folder cannot be read (the mail activity then retries instead of guessing)', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const ledger = createFileSentMailLedger(blocker);
    await expect(ledger.sentAt(sentMailKey(RUN, MESSAGE_ID))).rejects.toThrow(/ENOTDIR/);
  });

  it('is opened under the data folder unless a PostgreSQL is configured', async () => {
    const ledger = openSentMailLedger({ dataDir: dir, snapshots: { dir: path.join(dir, 'snapshots') } });
    const key = sentMailKey(RUN, MESSAGE_ID);
    await ledger.record(key, new Date());
    expect(fs.existsSync(path.join(sentMailDir(dir), key.slice(0, 2), key))).toBe(true);
    await ledger.close();
  });
});
