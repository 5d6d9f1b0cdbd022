/**
 * The fault suite's mailbox (bench/faults/mail-sink.ts) over real SMTP: a mail is
 * stored with its Message-ID the moment it arrives (the suite counts duplicates by
 * it), its links are read a moment later, and an outage refuses deliveries until
 * the mailbox listens again on the same port.
 */
import { createSmtpTransport } from '../../activities/mail';
import { startMailSink, type MailSink } from '../../bench/faults/mail-sink';

const FROM = { address: 'no-reply@x.vn', name: 'Hệ thống' };
const ID = `<${'ab'.repeat(32)}@directive-cascade.local>`;

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(() => sink.stop());

async function until<T>(read: () => T | undefined, ms = 5_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const v = read();
    if (v !== undefined) return v;
  }
  throw new Error('not within time');
}

it('stores each mail with its (folded) Message-ID and recipient, then its links', async () => {
  const transport = createSmtpTransport({ host: '127.0.0.1', port: sink.port, security: 'none', from: FROM });
  try {
    await transport.sendMail({ from: FROM, to: 'truong.phong@example.vn', subject: 'Việc cần làm', text: 'Mở: https://chidao.example.vn/a/tok-1 và https://chidao.example.vn/a/tok-1', messageId: ID });
    const [mail] = sink.messages();
    expect(mail).toMatchObject({ messageId: ID, to: 'truong.phong@example.vn' });
    expect(mail!.at).toBeGreaterThan(0);
    expect(await until(() => (sink.messages()[0]!.links.length ? sink.messages()[0]!.links : undefined))).toEqual(['https://chidao.example.vn/a/tok-1']);
  } finally {
    transport.close();
  }
});

it('refuses deliveries while down, and takes them again once up on the same port', async () => {
  sink.down();
  const during = createSmtpTransport({ host: '127.0.0.1', port: sink.port, security: 'none', from: FROM });
  await expect(during.sendMail({ from: FROM, to: 'a@example.vn', subject: 's', text: 't' })).rejects.toThrow(/ECONNREFUSED/);
  during.close();
  await sink.up();
  const after = createSmtpTransport({ host: '127.0.0.1', port: sink.port, security: 'none', from: FROM });
  try {
    const before = sink.messages().length;
    await after.sendMail({ from: FROM, to: 'b@example.vn', subject: 's', text: 't' });
    expect(sink.messages().slice(before).map((m) => m.to)).toEqual(['b@example.vn']);
  } finally {
    after.close();
  }
});
