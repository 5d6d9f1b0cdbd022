/**
 * The mailbox of every head: a real SMTP listener on loopback that the worker
 * processes deliver to, which the suite can take down for a stretch (an SMTP
 * outage: the listening socket closes, deliveries fail and are retried by the
 * mail activity) and bring back on the same port.
 */
import { startSmtpListener, type SmtpListener } from '../../test/support/smtp-listener';

/** A received mail as the suite reads it. */
export interface SinkMail {
  messageId: string;
  to: string;
  subject: string;
  /** Every http(s) URL of the text part. */
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

/** @returns a listening mailbox on a free loopback port */
export async function startMailSink(): Promise<MailSink> {
  const listeners: SmtpListener[] = [await startSmtpListener()];
  const port = listeners[0]!.port;
  let current: SmtpListener | undefined = listeners[0];
  // Read each mail once: the heads scan the whole mailbox several times a second.
  const read = new WeakMap<object, SinkMail>();
  const toSink = (m: ReturnType<SmtpListener['messages']>[number]): SinkMail => {
    let s = read.get(m);
    if (!s) {
      s = { messageId: m.parsed.messageId ?? '', to: m.envelope.to[0] ?? '', subject: m.parsed.subject ?? '', links: [...new Set(m.parsed.text?.match(URL_RE) ?? [])] };
      read.set(m, s);
    }
    return s;
  };
  return {
    port,
    messages: () => listeners.flatMap((l) => l.messages()).map(toSink),
    down() {
      // Idle pooled connections keep the old server's close() waiting (up to 30 s);
      // the listening socket closes at once, which is the outage.
      void current?.stop();
      current = undefined;
    },
    async up() {
      current = await startSmtpListener({ port });
      listeners.push(current);
    },
    async stop() {
      await Promise.all(listeners.map((l) => Promise.race([l.stop(), new Promise((r) => setTimeout(r, 2_000))])));
    },
  };
}
