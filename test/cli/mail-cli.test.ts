/**
 * `cascade mail held|arrived|resend` through the real `bin/cascade`, on the
 * data folder's claims: what an admin reads, what an answer records, and one
 * clear line (no stack) for a mistake, which changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileMailClaims } from '../../runtime/mail-claims';
import { sentMailKey } from '../../runtime/sent-mail-ledger';
import { mailClaimsDir } from '../../runtime/sent-mail-ledger-open';
import { cascadeCli } from '../support/cli';

let dir: string;
let cli: ReturnType<typeof cascadeCli>;
const key = sentMailKey('run-1', '<m1@directive-cascade.local>');
const other = sentMailKey('run-1', '<m2@directive-cascade.local>');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-cli-'));
  cli = cascadeCli({ PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir, MAIL_UNCERTAIN_COPIES: 'hold' });
  const claims = createFileMailClaims(mailClaimsDir(dir));
  await claims.claim(key, { workflowId: 'cascade/ct21/2027/unit/bv-mat', kind: 'reminder', messageId: '<m1@directive-cascade.local>' }, new Date('2027-03-01T01:00:00Z'));
  await claims.hold(key, new Date('2027-03-01T01:02:00Z'));
  // Claimed but not held (a send in flight): not listed.
  await claims.claim(other, { workflowId: 'cascade/ct21/2027/unit/ttyt-nga-son', kind: 'task-assigned', messageId: '<m2@directive-cascade.local>' }, new Date('2027-03-01T01:00:00Z'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cascade mail', () => {
  it('held lists the held copies with their unit, kind and time in Vietnam, and says what to do', async () => {
    const r = await cli('mail', 'held');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.split('\n')).toEqual([
      `${key.slice(0, 12)}\tcascade/ct21/2027/unit/bv-mat\tnhắc hạn\tchờ từ 01/03/2027 08:02\tchưa trả lời`,
      '1 thư đang chờ. Hỏi người nhận, rồi: cascade mail arrived <mã> (đã nhận, không gửi lại) hoặc cascade mail resend <mã> (gửi lại)',
      '',
    ]);
    const json = JSON.parse((await cli('mail', 'held', '--json')).out) as Array<Record<string, unknown>>;
    expect(json).toEqual([expect.objectContaining({ id: key.slice(0, 12), kind: 'reminder', messageId: '<m1@directive-cascade.local>', heldAt: '2027-03-01T01:02:00.000Z', decision: null })]);
  });

  it('a mistaken id is one line naming it, exit 1, nothing recorded', async () => {
    for (const [args, message] of [
      [['mail', 'arrived', key.slice(0, 12), 'nope'], 'lỗi: mã thư "nope": cần 8–64 chữ số hệ 16 (0-9, a-f), như trong cột đầu của cascade mail held\n'],
      [['mail', 'resend', other.slice(0, 12)], `lỗi: mã thư "${other.slice(0, 12)}": không có thư nào đang chờ với mã này (có thể đã được gửi hoặc đã trả lời)\n`],
    ] as const) {
      expect(await cli(...args)).toEqual({ code: 1, out: '', err: message });
    }
    expect((await cli('mail', 'held')).out).toContain('chưa trả lời');
  });

  it('arrived records the answer; held then shows it', async () => {
    expect(await cli('mail', 'arrived', key.slice(0, 10))).toEqual({ code: 0, err: '', out: `${key.slice(0, 12)}\tcascade/ct21/2027/unit/bv-mat\tnhắc hạn\tđã ghi: thư đã đến, sẽ không gửi lại\n` });
    expect((await cli('mail', 'held')).out).toContain('đã trả lời: thư đã đến');
  });

  it('a bad setting is named before anything is read', async () => {
    const r = await cascadeCli({ PATH: process.env.PATH, DATA_DIR: dir, MAIL_UNCERTAIN_COPIES: 'sometimes' })('mail', 'held');
    expect(r.code).toBe(1);
    expect(r.err).toBe('lỗi: MAIL_UNCERTAIN_COPIES: must be resend (send again at once: nothing lost, a duplicate possible) or hold (an admin answers first)\n');
  });
});
