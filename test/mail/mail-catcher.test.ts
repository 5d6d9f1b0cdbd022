import fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createMailActivities, createSmtpTransport } from '../../activities/mail';
import { startMailCatcher } from '../../runtime/mail-catcher';
import { BASE_URL, notification, NOW, signer } from './fixtures';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

it('maildev receives a notification and lists it over its REST API', async () => {
  const catcher = await startMailCatcher({ smtpPort: await freePort(), webPort: await freePort() });
  const from = { address: 'no-reply@directive-cascade.local', name: 'Hệ thống theo dõi thực hiện chỉ đạo' };
  const transport = createSmtpTransport({ host: '127.0.0.1', port: catcher.smtpPort, security: 'none', from });
  try {
    const mail = createMailActivities({ transport, from, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => NOW });
    const { messageId } = await mail.sendNotification(notification());
    let list: { subject: string; headers: Record<string, string>; html: string }[] = [];
    for (let i = 0; i < 50 && list.length === 0; i++) {
      list = (await (await fetch(`${catcher.webUrl}/api/email`)).json()) as typeof list;
      if (!list.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(list).toHaveLength(1);
    expect(list[0]!.subject).toContain('Đề nghị xây dựng kế hoạch');
    expect(list[0]!.headers['message-id']).toBe(messageId);
    expect(list[0]!.html).toContain(`${BASE_URL}/a/v1.`);
  } finally {
    transport.close();
    await catcher.stop();
  }
});

it('keeps its mails across a restart when given a mail directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maildev-'));
  const ports = { smtpPort: await freePort(), webPort: await freePort() };
  const from = { address: 'no-reply@directive-cascade.local', name: 'Hệ thống theo dõi thực hiện chỉ đạo' };
  const list = async (url: string) => (await (await fetch(`${url}/api/email`)).json()) as { subject: string; headers: Record<string, string> }[];
  let catcher = await startMailCatcher({ ...ports, mailDirectory: dir });
  const transport = createSmtpTransport({ host: '127.0.0.1', port: catcher.smtpPort, security: 'none', from });
  let messageId: string;
  try {
    const mail = createMailActivities({ transport, from, publicBaseUrl: BASE_URL, tokenSigner: signer, clock: () => NOW });
    ({ messageId } = await mail.sendNotification(notification()));
    for (let i = 0; i < 50 && (await list(catcher.webUrl)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await list(catcher.webUrl)).toHaveLength(1);
  } finally {
    transport.close();
    await catcher.stop();
  }
  catcher = await startMailCatcher({ ...ports, mailDirectory: dir });
  try {
    const after = await list(catcher.webUrl);
    expect(after.map((m) => m.headers['message-id'])).toEqual([messageId]);
  } finally {
    await catcher.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
