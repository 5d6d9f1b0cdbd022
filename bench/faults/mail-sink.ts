/**
 * The mailbox of every head: a real SMTP listener on loopback that the worker
 * processes deliver to, which the suite can take down for a stretch (an SMTP
 * outage: the listening socket closes, deliveries fail and are retried by the
 * mail activity) and bring back on the same port.
 *
 * It answers like a mail server: a message is stored the moment its last line
 * arrives and acknowledged at once (`250`); reading it (MIME, links) comes after.
 * The test listener (test/support/smtp-listener.ts) parses before it answers,
 * which in this suite (one process also running the web app and a thousand heads)
 * held the `250` for hundreds of milliseconds: a worker killed in that stretch
 * never learns its message was taken, and its retry sends a copy. A real server
 * answers within milliseconds of storing; so does this one.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received mail as the suite reads it. */
export interface SinkMail {
  /** When it was stored (ms since the epoch). */
  at: number;
  messageId: string;
  to: string;
  subject: string;
  /** Every http(s) URL of the text part (empty until the mail is read, a moment after it arrived). */
  links: string[];
}

/** The running mailbox. */
export interface MailSink {
  port: number;
  /** Every mail received by every listener so far, in arrival order. */
  messages(): SinkMail[];
  /** Closes the listening socket (deliveries fail from now on). */
  down(): void;
  /** Listens again on the same port. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

const URL_RE = /https?:\/\/[^\s"'<>)]+/g;
/** The Message-ID header, folded or not (nodemailer folds a long one onto the next line). */
const MESSAGE_ID_RE = /^message-id:\s*(<[^>\s]+>)/im;

/** @returns a listening mailbox on a free loopback port */
export async function startMailSink(): Promise<MailSink> {
  const received: SinkMail[] = [];
  const listen = async (port: number): Promise<SMTPServer> => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.slice(0, Math.max(0, raw.indexOf('\r\n\r\n')) || raw.length);
          const mail: SinkMail = { at: Date.now(), messageId: MESSAGE_ID_RE.exec(head)?.[1] ?? '', to: session.envelope.rcptTo[0]?.address ?? '', subject: '', links: [] };
          received.push(mail);
          cb();
          void simpleParser(raw).then(
            (parsed) => {
              mail.subject = parsed.subject ?? '';
              mail.links = [...new Set(parsed.text?.match(URL_RE) ?? [])];
            },
            () => undefined,
          );
        });
      },
    });
    // A sender killed mid-session resets its connection: its failure, not the mailbox's.
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return server;
  };
  const first = await listen(0);
  const port = ((first as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  const servers: SMTPServer[] = [first];
  let current: SMTPServer | undefined = first;
  const close = (s: SMTPServer) => new Promise<void>((r) => s.close(() => r()));
  return {
    port,
    messages: () => [...received],
    down() {
      // Idle pooled connections keep the old server's close() waiting (up to 30 s);
      // the listening socket closes at once, which is the outage.
      if (current) void close(current);
      current = undefined;
    },
    async up() {
      current = await listen(port);
      servers.push(current);
    },
    async stop() {
      await Promise.all(servers.map((s) => Promise.race([close(s), new Promise((r) => setTimeout(r, 2_000))])));
    },
  };
}
