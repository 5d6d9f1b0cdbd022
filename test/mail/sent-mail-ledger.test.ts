/**
 * The mail activity with its sent-mail ledger, over real SMTP: retries of one
 * activity (the same workflow run, a later attempt), as Temporal makes them after
 * a crash between SMTP's acceptance and the recorded completion, send each
 * message once; a retry after a partial send sends only the missing copies.
 * Each attempt runs in an activity context (the SDK's mock environment), which
 * is where the activity learns its run and attempt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities, createSmtpTransport, type MailActivities } from '../../activities/mail';
import { LEDGER_BYPASS_FROM_ATTEMPT } from '../../activities/mail/sent-ledger';
import type { Notification } from '../../domain/notifications';
import { buildReport } from '../../domain/report/build';
import { createFileSentMailLedger, type SentMailLedger } from '../../runtime/sent-mail-ledger';
import { sampleReports } from '../domain/report/sample';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { BASE_URL, DEPUTY_EMAIL, HEAD_EMAIL, NOW, notification, signer } from './fixtures';

const FROM = { address: 'no-reply@x.vn', name: 'Hệ thống theo dõi thực hiện chỉ đạo' };
const SECOND_DEPUTY_EMAIL = 'phogiamdoc2.bvdk@yte.thanhhoa.example.vn';
const deputies = [
  { name: 'Trần Thị Mai', title: 'Phó Giám đốc', email: DEPUTY_EMAIL },
  { name: 'Nguyễn Văn Nam', title: 'Phó Giám đốc', email: SECOND_DEPUTY_EMAIL },
];

let smtp: SmtpListener;
/** Recipients the SMTP listener answers `451` (try again later) for now. */
const deferred = new Set<string>();
/** Called at each RCPT: the ledger was checked, the message is being handed over. */
let onRcpt: ((address: string) => void) | undefined;
let dir: string;
let transport: ReturnType<typeof createSmtpTransport>;
const warnings: string[] = [];
const logger: Logger = {
  log: (level: LogLevel, message: string) => void (level === 'WARN' && warnings.push(message)),
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, _meta?: LogMetadata) => void warnings.push(message),
  error: () => undefined,
};

beforeAll(async () => {
  smtp = await startSmtpListener({
    deferRecipient: (address) => {
      onRcpt?.(address);
      return deferred.has(address);
    },
  });
  transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, security: 'none', from: FROM });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-ledger-'));
});
afterAll(async () => {
  transport.close();
  await smtp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function mailWith(ledger: SentMailLedger, reportOf?: Parameters<typeof createMailActivities>[0]['reportOf']): MailActivities {
  // A ledger that stays unwritable is given up on after a moment here (20 s in production).
  return createMailActivities({ transport, from: FROM, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => NOW, ledger, ledgerRecordRetryMs: 1_500, ...(reportOf ? { reportOf } : {}) });
}

/** One attempt of the activity, as the worker runs it for the run `runId`. */
function attempt(mail: MailActivities, n: Notification, runId: string, attemptNo: number): Promise<{ messageId: string }> {
  return new MockActivityEnvironment({ workflowExecution: { workflowId: n.workflowId, runId }, attempt: attemptNo }, { logger }).run((x: Notification) => mail.sendNotification(x), n);
}

/** @returns the mails received since `from`, as [recipient, Message-ID] */
function since(from: number): Array<[string, string]> {
  return smtp.messages().slice(from).map((m) => [m.envelope.to.join(','), m.parsed.messageId ?? '']);
}

describe('sendNotification with the sent-mail ledger', () => {
  const ledger = () => createFileSentMailLedger(path.join(dir, 'ledger'));

  it('a retried send of the same notification sends nothing new and answers the same Message-ID', async () => {
    const mail = mailWith(ledger());
    const n = notification({ sequence: 'retry' });
    const before = smtp.messages().length;
    const first = await attempt(mail, n, 'run-retry', 1);
    const second = await attempt(mail, n, 'run-retry', 2);
    expect(second).toEqual(first);
    expect(since(before)).toEqual([[HEAD_EMAIL, first.messageId]]);
  });

  it('a crash between SMTP accepting and the completion being recorded: the retries give one copy per Message-ID', async () => {
    const mail = mailWith(ledger());
    const n = notification({ sequence: 'crash', cc: deputies });
    const before = smtp.messages().length;
    // Attempt 1 delivers all three copies, then its completion is lost (the worker, the
    // server or its database died); Temporal runs attempt 2, which dies the same way, then 3.
    for (const no of [1, 2, 3]) await attempt(mail, n, 'run-crash', no);
    const got = since(before);
    expect(got.map(([to]) => to)).toEqual([HEAD_EMAIL, DEPUTY_EMAIL, SECOND_DEPUTY_EMAIL]);
    expect(new Set(got.map(([, id]) => id)).size).toBe(3);
  });

  it('a retry after a partial send sends only the copies that are missing', async () => {
    const mail = mailWith(ledger());
    const n = notification({ sequence: 'partial', cc: deputies });
    const before = smtp.messages().length;
    deferred.add(SECOND_DEPUTY_EMAIL);
    try {
      await expect(attempt(mail, n, 'run-partial', 1)).rejects.toThrow(/temporary SMTP failure/);
    } finally {
      deferred.clear();
    }
    expect(since(before).map(([to]) => to)).toEqual([HEAD_EMAIL, DEPUTY_EMAIL]);
    await attempt(mail, n, 'run-partial', 2);
    const got = since(before);
    expect(got.map(([to]) => to)).toEqual([HEAD_EMAIL, DEPUTY_EMAIL, SECOND_DEPUTY_EMAIL]);
    expect(new Set(got.map(([, id]) => id)).size).toBe(3);
  });

  it('another run of the same workflow id (a cycle started anew) sends its mails again', async () => {
    const mail = mailWith(ledger());
    const n = notification({ sequence: 'new-run' });
    const before = smtp.messages().length;
    const { messageId } = await attempt(mail, n, 'run-old', 1);
    await attempt(mail, n, 'run-new', 1);
    expect(since(before)).toEqual([
      [HEAD_EMAIL, messageId],
      [HEAD_EMAIL, messageId],
    ]);
  });

  it('a retry whose mail already went out does not build its report again', async () => {
    const { setup, entries } = sampleReports(2027, ['tyt-hoang-tien']);
    let built = 0;
    const mail = mailWith(ledger(), (ref) => {
      built++;
      return Promise.resolve(buildReport({ setup, issuerId: ref.unitId, entries, date: '2027-11-20' }));
    });
    const n = notification({ kind: 'consolidated-report', task: undefined, sequence: 'report-retry', to: { name: 'Trịnh Đình Khải', title: 'Trưởng ban', email: HEAD_EMAIL }, note: 'Đánh giá.', attachReportOf: { cascadeId: 'ct21-yte-thanhhoa', year: 2027, unitId: 'ttyt-hoang-hoa' } });
    const before = smtp.messages().length;
    await attempt(mail, n, 'run-report', 1);
    await attempt(mail, n, 'run-report', 2);
    expect(built).toBe(1);
    expect(since(before)).toHaveLength(1);
  });

  it('an unreadable ledger fails the attempt before anything is sent; from the bypass attempt on the mail goes out all the same', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const mail = mailWith(createFileSentMailLedger(blocker));
    const n = notification({ sequence: 'ledger-down' });
    const before = smtp.messages().length;
    await expect(attempt(mail, n, 'run-down', 1)).rejects.toThrow(/sent-mail ledger unreachable \(attempt 1; from attempt 6/);
    await expect(attempt(mail, n, 'run-down', LEDGER_BYPASS_FROM_ATTEMPT - 1)).rejects.toThrow(/sent-mail ledger unreachable/);
    expect(since(before)).toEqual([]);
    warnings.length = 0;
    const { messageId } = await attempt(mail, n, 'run-down', LEDGER_BYPASS_FROM_ATTEMPT);
    expect(since(before)).toEqual([[HEAD_EMAIL, messageId]]);
    // Read passed over, write failed: both said, neither failed the attempt whose mail went out.
    expect(warnings).toEqual([expect.stringMatching(/^sent-mail ledger unreachable: sending without it/), expect.stringMatching(/^sent-mail ledger not written/)]);
  });

  it('a ledger write that fails while the store restarts is tried again, so the retry still finds the message sent', async () => {
    const folder = path.join(dir, 'ledger-restarting');
    const mail = mailWith(createFileSentMailLedger(folder));
    const n = notification({ sequence: 'store-restart' });
    const before = smtp.messages().length;
    // While SMTP takes the message (after the ledger was read), the store goes away for 600 ms:
    // a file stands where its folder should be, so the write after SMTP's acceptance fails.
    onRcpt = () => {
      onRcpt = undefined;
      fs.writeFileSync(folder, '');
      setTimeout(() => fs.rmSync(folder), 600);
    };
    try {
      const first = await attempt(mail, n, 'run-store-restart', 1);
      // Temporal lost the completion too (its database restarted): it runs attempt 2.
      await attempt(mail, n, 'run-store-restart', 2);
      expect(since(before)).toEqual([[HEAD_EMAIL, first.messageId]]);
    } finally {
      onRcpt = undefined;
    }
  });
});
