/**
 * The whole path a unit head takes: the mail arrives over SMTP, its link opens
 * the page, the form is filled and submitted, the confirmation shows.
 */
import type { FastifyInstance } from 'fastify';
import { createMailActivities, createSmtpTransport } from '../../activities/mail';
import { buildServer } from '../../client/web/app';
import { loadConfig } from '../../runtime/config';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { HEAD_EMAIL, notification, NOW, signer } from '../mail/fixtures';
import { FakeGateway } from './fake-gateway';
import { PLAN_FIELDS } from './helpers';

let smtp: SmtpListener;
let app: FastifyInstance;
let gateway: FakeGateway;
let baseUrl: string;

beforeAll(async () => {
  smtp = await startSmtpListener();
  gateway = new FakeGateway();
  // Listen first so PUBLIC_BASE_URL (links in mails, Origin check) is the real address.
  const probe = await buildServer({ config: loadConfig({}), gateway, log: false });
  await probe.listen({ host: '127.0.0.1', port: 0 });
  const port = (probe.server.address() as { port: number }).port;
  await probe.close();
  baseUrl = `http://127.0.0.1:${port}`;
  app = await buildServer({ config: loadConfig({ PUBLIC_BASE_URL: baseUrl, WEB_RATE_LIMIT_PER_MINUTE: '1000' }), gateway, tokenSigner: signer, clock: () => NOW, log: false });
  await app.listen({ host: '127.0.0.1', port });
});

afterAll(async () => {
  await app.close();
  await smtp.stop();
});

async function sendAndGetLink(): Promise<string> {
  const from = { address: 'no-reply@x.vn', name: 'Hệ thống theo dõi thực hiện chỉ đạo' };
  const transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, security: 'none', from });
  try {
    const mail = createMailActivities({ transport, from, publicBaseUrl: baseUrl, tokenSigner: signer, clock: () => NOW });
    await mail.sendNotification(notification());
  } finally {
    transport.close();
  }
  const [got] = await smtp.waitFor(1);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/a\/[A-Za-z0-9._-]+)/.exec(got!.parsed.text ?? '');
  if (!link) throw new Error('no link in mail');
  return link[1]!;
}

describe('from email to confirmation', () => {
  let link: string;
  beforeAll(async () => {
    link = await sendAndGetLink();
  });

  it('the JSON API describes the task the link grants', async () => {
    const res = await fetch(link.replace('/a/', '/api/a/'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; actor: string; task: { kind: string } };
    expect(body).toMatchObject({ status: 'open', actor: HEAD_EMAIL, task: { kind: 'draft-plan' } });
    expect(gateway.calls).toHaveLength(0);
  });

  it('headless Chromium opens the link, fills the plan form and sees the confirmation', async () => {
    let b: TestBrowser | undefined;
    try {
      b = await launchBrowser();
      const page = await b.context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      const res = await page.goto(link);
      expect(res?.status()).toBe(200);
      expect(gateway.calls).toHaveLength(0); // opening the link changed nothing
      await page.getByLabel('Số, ký hiệu kế hoạch').fill(PLAN_FIELDS.planNumber);
      await page.getByLabel('Trích yếu').fill(PLAN_FIELDS.title);
      await page.getByLabel('Nội dung tóm tắt').fill(PLAN_FIELDS.summary);
      await page.getByLabel(/^II\.1\./).fill(PLAN_FIELDS['activities.II.1']);
      await page.getByRole('button', { name: 'Gửi kế hoạch' }).click();
      await page.waitForLoadState();
      await expect(page.getByRole('heading', { name: 'Đã ghi nhận' }).textContent()).resolves.toBe('Đã ghi nhận');
      expect(await page.textContent('main')).toContain('Chờ phê duyệt kế hoạch');
      // The page fits a phone: no horizontal scrolling.
      const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
      expect(overflow).toBe(false);
      expect(consoleErrors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
      expect(gateway.calls).toHaveLength(1);
      expect(gateway.calls[0]!.input).toMatchObject({ task: 'draft-plan', actor: HEAD_EMAIL, planNumber: PLAN_FIELDS.planNumber });

      // Opening the same link again: recorded, nothing more to do.
      await page.goto(link);
      expect(await page.textContent('h1')).toBe('Nội dung đã được ghi nhận');
      expect(gateway.calls).toHaveLength(1);
    } finally {
      await b?.close();
    }
  });
});
