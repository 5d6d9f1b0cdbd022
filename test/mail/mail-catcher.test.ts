import { createServer, type AddressInfo } from 'node:net';
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
