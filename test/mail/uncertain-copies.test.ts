/**
 * The mail activity with `MAIL_UNCERTAIN_COPIES=hold`, over real SMTP, with the
 * file ledger and claims: a copy that a crash left between SMTP's acceptance and
 * the ledger's record is held, not sent again, until an admin answers; the
 * other copies go meanwhile; a held copy nobody answers is sent after the hold
 * time, so nothing is lost; a copy SMTP refused is not held. Under `resend` (the
 * default) nothing is claimed and the crash costs one duplicate, as before.
 *
 * A crash is played by a ledger whose write never returns (the worker died while
 * writing); the next attempt is run with a sound ledger on the same folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities, createSmtpTransport, type MailActivities } from '../../activities/mail';
import { HELD_RECHECK_MS, type UncertainCopyPolicy } from '../../activities/mail/uncertain-copies';
import { answerHeldCopies, listHeldCopies } from '../../client/shared/held-mail';
import { ERROR_TYPES } from '../../domain/errors';
import type { Notification } from '../../domain/notifications';
import { createFileMailClaims } from '../../runtime/mail-claims';
import { createFileSentMailLedger, sentMailKey, type SentMailLedger } from '../../runtime/sent-mail-ledger';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { BASE_URL, DEPUTY_EMAIL, HEAD_EMAIL, NOW, notification, signer } from './fixtures';

const FROM = { address: 'no-reply@x.vn', name: 'Hệ thống theo dõi thực hiện chỉ đạo' };
const HOLD: UncertainCopyPolicy = { uncertainCopies: 'hold', holdMaxHours: 2 };
const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let smtp: SmtpListener;
let transport: ReturnType<typeof createSmtpTransport>;
let dir: string;
/** Recipients answered `451` for now. */
const deferred = new Set<string>();
let now = NOW;

beforeAll(async () => {
  smtp = await startSmtpListener({ deferRecipient: (address) => deferred.has(address) });
  transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, security: 'none', from: FROM });
});
afterAll(async () => {
  transport.close();
  await smtp.stop();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uncertain-copies-'));
  now = NOW;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ledgerDir = () => path.join(dir, 'ledger');
const claims = () => createFileMailClaims(path.join(dir, 'claims'));

/** A ledger whose writes never return: the worker dies after SMTP accepted, before the record. */
function dyingLedger(): SentMailLedger {
  return { ...createFileSentMailLedger(ledgerDir()), record: () => new Promise<void>(() => undefined) };
}

function mail(policy: UncertainCopyPolicy, ledger: SentMailLedger = createFileSentMailLedger(ledgerDir())): MailActivities {
  return createMailActivities({ transport, from: FROM, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => now, ledger, claims: claims(), uncertainCopies: policy });
}

function attempt(m: MailActivities, n: Notification, no: number): Promise<{ messageId: string }> {
  return new MockActivityEnvironment({ workflowExecution: { workflowId: n.workflowId, runId: 'run-1' }, attempt: no }, { logger: quiet }).run((x: Notification) => m.sendNotification(x), n);
}

/** Attempt 1 hands the copies to SMTP and dies before recording the first. */
async function crashAfterSmtp(n: Notification, policy: UncertainCopyPolicy = HOLD): Promise<void> {
  const received = smtp.messages().length;
  void attempt(mail(policy, dyingLedger()), n, 1);
  await smtp.waitFor(received + 1);
}

/** @returns the Message-IDs received since `from`, as [recipient, Message-ID] */
const since = (from: number) => smtp.messages().slice(from).map((m) => [m.envelope.to.join(','), m.parsed.messageId ?? '']);

async function expectHeld(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: ERROR_TYPES.MailHeld, nonRetryable: false, nextRetryDelay: HELD_RECHECK_MS });
  expect((err as Error).message).toMatch(/^1 mail copy may have reached the server before a crash and waits for an admin's answer since 2026-10-01T01:00:00.000Z/);
}

describe('MAIL_UNCERTAIN_COPIES=hold', () => {
  it('a copy left uncertain by a crash is held and listed; "arrived" records it as sent without sending it again', async () => {
    const n = notification({ sequence: 'hold-arrived' });
    const before = smtp.messages().length;
    await crashAfterSmtp(n);
    const retry = mail(HOLD);
    await expectHeld(attempt(retry, n, 2));
    await expectHeld(attempt(retry, n, 3));
    const [held, ...others] = await listHeldCopies(claims());
    expect(others).toEqual([]);
    expect(held).toMatchObject({ workflowId: n.workflowId, kind: 'task-assigned', kindLabel: 'giao nhiệm vụ', heldAt: new Date(NOW).toISOString(), decision: null });
    await answerHeldCopies(claims(), [held!.id], 'arrived', new Date(NOW + 60_000));
    const { messageId } = await attempt(retry, n, 4);
    await attempt(retry, n, 5);
    expect(since(before)).toEqual([[HEAD_EMAIL, messageId]]);
    expect(await listHeldCopies(claims())).toEqual([]);
    expect(await createFileSentMailLedger(ledgerDir()).sentAt(sentMailKey('run-1', messageId))).toEqual(new Date(NOW));
  });

  it('"resend" sends the held copy once more, with the same Message-ID, and a crash during that send is held again', async () => {
    const n = notification({ sequence: 'hold-resend' });
    const before = smtp.messages().length;
    await crashAfterSmtp(n);
    await expectHeld(attempt(mail(HOLD), n, 2));
    const [held] = await listHeldCopies(claims());
    await answerHeldCopies(claims(), [held!.id.toUpperCase()], 'resend', new Date(NOW));
    // The resend dies the same way: the copy is claimed afresh, so the next attempt holds it again.
    const received = smtp.messages().length;
    void attempt(mail(HOLD, dyingLedger()), n, 3);
    await smtp.waitFor(received + 1);
    await expectHeld(attempt(mail(HOLD), n, 4));
    const [again] = await listHeldCopies(claims());
    expect(again).toMatchObject({ id: held!.id, decision: null });
    await answerHeldCopies(claims(), [again!.id], 'resend', new Date(NOW));
    const { messageId } = await attempt(mail(HOLD), n, 5);
    await attempt(mail(HOLD), n, 6);
    expect(since(before)).toEqual([
      [HEAD_EMAIL, messageId],
      [HEAD_EMAIL, messageId],
      [HEAD_EMAIL, messageId],
    ]);
    expect(await listHeldCopies(claims())).toEqual([]);
  });

  it('the other copies of the mail go while one is held', async () => {
    const n = notification({ sequence: 'hold-partial', cc: [{ name: 'Trần Thị Mai', title: 'Phó Giám đốc', email: DEPUTY_EMAIL }] });
    const before = smtp.messages().length;
    await crashAfterSmtp(n);
    expect(since(before).map(([to]) => to)).toEqual([HEAD_EMAIL]);
    await expectHeld(attempt(mail(HOLD), n, 2));
    await expectHeld(attempt(mail(HOLD), n, 3));
    expect(since(before).map(([to]) => to)).toEqual([HEAD_EMAIL, DEPUTY_EMAIL]);
  });

  it('a held copy nobody answers is sent again after the hold time: delayed, never lost', async () => {
    const n = notification({ sequence: 'hold-timeout' });
    const before = smtp.messages().length;
    await crashAfterSmtp(n);
    await expectHeld(attempt(mail(HOLD), n, 2));
    now = NOW + 2 * 3_600_000 - 1;
    await expect(attempt(mail(HOLD), n, 3)).rejects.toMatchObject({ type: ERROR_TYPES.MailHeld });
    now = NOW + 2 * 3_600_000;
    const { messageId } = await attempt(mail(HOLD), n, 4);
    expect(since(before)).toEqual([
      [HEAD_EMAIL, messageId],
      [HEAD_EMAIL, messageId],
    ]);
    expect(await listHeldCopies(claims())).toEqual([]);
  });

  it('a copy SMTP refused is not held: its retry sends it', async () => {
    const n = notification({ sequence: 'hold-refused' });
    const before = smtp.messages().length;
    deferred.add(HEAD_EMAIL);
    try {
      await expect(attempt(mail(HOLD), n, 1)).rejects.toThrow(/temporary SMTP failure/);
    } finally {
      deferred.clear();
    }
    const { messageId } = await attempt(mail(HOLD), n, 2);
    expect(since(before)).toEqual([[HEAD_EMAIL, messageId]]);
    expect(fs.readdirSync(path.join(dir, 'claims'))).toEqual([]);
  });

  it('a claim that cannot be written stops the message before its end: nothing arrives, the attempt is retried', async () => {
    const n = notification({ sequence: 'hold-claim-fails' });
    const before = smtp.messages().length;
    const broken = { ...claims(), claim: () => Promise.reject(new Error('database restarting')) };
    const m = createMailActivities({ transport, from: FROM, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => now, ledger: createFileSentMailLedger(ledgerDir()), claims: broken, uncertainCopies: HOLD });
    await expect(attempt(m, n, 1)).rejects.toThrow(/mail claims unreachable \(write, attempt 1\): database restarting/);
    const { messageId } = await attempt(mail(HOLD), n, 2);
    expect(since(before)).toEqual([[HEAD_EMAIL, messageId]]);
  });

  it('a mistaken answer changes nothing and says which id is wrong', async () => {
    const n = notification({ sequence: 'hold-mistake' });
    await crashAfterSmtp(n);
    await expectHeld(attempt(mail(HOLD), n, 2));
    const [held] = await listHeldCopies(claims());
    await expect(answerHeldCopies(claims(), [held!.id, 'xyz'], 'arrived', new Date())).rejects.toThrow('mã thư "xyz": cần 8–64 chữ số hệ 16');
    await expect(answerHeldCopies(claims(), [held!.id, '0123456789ab'], 'arrived', new Date())).rejects.toThrow(/mã thư "0123456789ab": không có thư nào đang chờ/);
    await expect(answerHeldCopies(claims(), [], 'arrived', new Date())).rejects.toThrow(/cần ít nhất một mã thư/);
    expect(await listHeldCopies(claims())).toEqual([held]);
  });
});

describe('MAIL_UNCERTAIN_COPIES=resend (the default)', () => {
  it('claims nothing: after the same crash the retry sends the copy again at once', async () => {
    const n = notification({ sequence: 'resend-default' });
    const before = smtp.messages().length;
    await crashAfterSmtp(n, { uncertainCopies: 'resend', holdMaxHours: 24 });
    const { messageId } = await attempt(mail({ uncertainCopies: 'resend', holdMaxHours: 24 }), n, 2);
    expect(since(before)).toEqual([
      [HEAD_EMAIL, messageId],
      [HEAD_EMAIL, messageId],
    ]);
    expect(fs.existsSync(path.join(dir, 'claims'))).toBe(false);
  });
});
