/**
 * A real SMTP server on 127.0.0.1 for tests: mails go through nodemailer's wire
 * protocol exactly as in production, and arrive parsed by mailparser.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received mail: the parsed message and the raw envelope. */
export interface ReceivedMail {
  parsed: ParsedMail;
  raw: string;
  envelope: { from: string; to: string[] };
}

/** Handle of a running listener. */
export interface SmtpListener {
  port: number;
  /** Everything received so far, in arrival order. */
  messages(): ReceivedMail[];
  /** Resolves once at least `n` messages have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** Options of {@link startSmtpListener}. */
export interface SmtpListenerOptions {
  /** 0 (default) picks a free port; pass a port to restart a listener "after an outage". */
  port?: number;
  /** Recipients to refuse with `550 5.1.1` (a permanent failure). */
  rejectRecipients?: string[];
  /** Asked at each RCPT: true answers `451 4.3.0` (a temporary failure), so a test can lift it later. */
  deferRecipient?: (address: string) => boolean;
}

/**
 * Starts an SMTP listener (no auth, no TLS) on 127.0.0.1.
 * @returns the listener handle, once it accepts connections
 */
export async function startSmtpListener(opts: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const received: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const reject = new Set((opts.rejectRecipients ?? []).map((r) => r.toLowerCase()));

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 });
        cb(err);
        return;
      }
      if (opts.deferRecipient?.(address.address.toLowerCase())) {
        cb(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              parsed,
              raw,
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
            });
            for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });

  // A sender killed mid-session (a worker crash in the fault suite) resets its connection;
  // that is the sender's failure, not the listener's: without a handler it would crash the process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;

  return {
    port,
    messages: () => [...received],
    waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return Promise.resolve([...received]);
      return new Promise((resolve, rejectWait) => {
        const timer = setTimeout(() => rejectWait(new Error(`expected ${n} mails, got ${received.length} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve([...received]);
          },
        });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
