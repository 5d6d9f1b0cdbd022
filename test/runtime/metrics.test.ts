/**
 * The app's own Prometheus counters, scraped over HTTP as Prometheus would: a real
 * SMTP listener counts a delivered mail and a refused one; the web app counts a
 * refused link by its reason and an accepted action.
 */
import type { Client } from '@temporalio/client';
import { buildServer } from '../../client/web/app';
import { loadConfig } from '../../runtime/config';
import { createAppMetrics, startMetricsServer, type MetricsServer } from '../../runtime/metrics';
import { buildActivities } from '../../worker/activities';
import { HEAD_EMAIL, notification } from '../mail/fixtures';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { submitThroughPage } from '../support/e2e-stack';
import { FakeGateway } from '../web/fake-gateway';
import { PLAN_FIELDS } from '../web/helpers';

/** @returns the value of one sample in a Prometheus text page, or undefined */
function sample(page: string, name: string, labels: Record<string, string>): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('app metrics', () => {
  let smtp: SmtpListener;
  let server: MetricsServer | undefined;
  let baseUrl: string;
  let port: number;
  /** The same validated config for the worker's activities and the web app (same link secret). */
  const config = () => loadConfig({ SMTP_PORT: String(smtp.port), PUBLIC_BASE_URL: baseUrl });

  beforeAll(async () => {
    smtp = await startSmtpListener({ rejectRecipients: ['nobody@yte.thanhhoa.example.vn'] });
    // Listen once to learn a free port, so links in mails point at the web app of the second test.
    const probe = await buildServer({ config: loadConfig({}), gateway: new FakeGateway(), log: false });
    await probe.listen({ host: '127.0.0.1', port: 0 });
    port = (probe.server.address() as { port: number }).port;
    await probe.close();
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  it('the worker counts mails sent and failed, by kind', async () => {
    const metrics = createAppMetrics('worker');
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: metrics.registry });
    const built = buildActivities(config(), {} as Client, 'metrics-test', metrics);
    try {
      await built.activities.sendNotification(notification({ linkExpiresAt: undefined }));
      await expect(built.activities.sendNotification(notification({ to: { name: 'Không ai', title: 'Không', email: 'nobody@yte.thanhhoa.example.vn' } }))).rejects.toThrow();
    } finally {
      built.close();
    }
    const page = await (await fetch(server.url)).text();
    const kind = notification().kind;
    expect(sample(page, 'cascade_mails_sent_total', { kind, process: 'worker' })).toBe(1);
    expect(sample(page, 'cascade_mails_failed_total', { kind })).toBe(1);
    expect(page).toMatch(/^cascade_process_cpu_user_seconds_total/m);
    await server.close();
    server = undefined;
  });

  it('the web app counts refused links by reason and accepted actions', async () => {
    const metrics = createAppMetrics('web');
    const gateway = new FakeGateway();
    const app = await buildServer({ config: config(), gateway, log: false, metrics });
    await app.listen({ host: '127.0.0.1', port });
    try {
      expect((await fetch(`${baseUrl}/a/not-a-token`)).status).toBe(400);
      expect((await fetch(`${baseUrl}/a/not-a-token`)).status).toBe(400);
      // The link the first test's mail carried to the unit head.
      const mail = smtp.messages().find((m) => m.envelope.to.includes(HEAD_EMAIL));
      const link = new RegExp(`${baseUrl}/a/[A-Za-z0-9._-]+`).exec(mail?.parsed.text ?? '')?.[0];
      expect(link).toBeDefined();
      expect((await submitThroughPage(link!, PLAN_FIELDS)).status).toBe(200);
    } finally {
      await app.close();
    }
    const page = await metrics.registry.metrics();
    expect(sample(page, 'cascade_links_refused_total', { reason: 'invalid-link' })).toBe(2);
    expect(sample(page, 'cascade_actions_total', { outcome: 'accepted' })).toBe(1);
    expect(gateway.calls).toHaveLength(1);
  });
});
