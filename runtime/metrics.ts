/**
 * Operators' metrics in Prometheus format. Each process (worker, web app) has its
 * own registry with the app's counters; a worker adds the Temporal SDK's runtime
 * telemetry (sdk-core's own Prometheus exporter, bound on a private loopback port
 * and served through the same endpoint, so operators scrape one port per process).
 * Off unless METRICS_PORT is set (runtime/config.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** The app's own counters. */
export interface AppMetrics {
  registry: Registry;
  /** Notifications delivered to the SMTP server, by kind. */
  mailsSent: Counter<'kind'>;
  /** Notification attempts that failed (Temporal retries the transient ones), by kind. */
  mailsFailed: Counter<'kind'>;
  /** Notification attempts that left a copy held for an admin's answer (MAIL_UNCERTAIN_COPIES=hold), by kind: alert when it grows. */
  mailsHeld: Counter<'kind'>;
  /** Human actions through the links: accepted or refused (and why), by task. */
  actions: Counter<'outcome' | 'reason'>;
  /** Links answered with a refusal page, by reason (expired, superseded, invalid, …). */
  linksRefused: Counter<'reason'>;
}

/**
 * @param process label added to every metric (`worker`, `web`)
 * @returns a fresh registry with the counters and Node's process metrics
 */
export function createAppMetrics(process: string): AppMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry, prefix: 'cascade_' });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    mailsSent: counter('cascade_mails_sent_total', 'Notifications accepted by the SMTP server', ['kind']),
    mailsFailed: counter('cascade_mails_failed_total', 'Notification attempts that failed (transient ones are retried)', ['kind']),
    mailsHeld: counter('cascade_mail_attempts_held_total', "Notification attempts that left a copy held for an admin's answer (cascade mail held)", ['kind']),
    actions: counter('cascade_actions_total', 'Actions submitted through links, accepted or refused', ['outcome', 'reason']),
    linksRefused: counter('cascade_links_refused_total', 'Link requests answered with a refusal, by reason', ['reason']),
  };
}

/** A running metrics endpoint. */
export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics: the registry, then (when given) the text of another
 * exporter, such as sdk-core's.
 * @param opts.host interface to bind (keep it private: loopback or the cluster network)
 * @param opts.port port; 0 picks a free one
 * @param opts.registry the app's registry
 * @param opts.upstream URL of another Prometheus endpoint to append
 * @returns the endpoint
 */
export async function startMetricsServer(opts: { host: string; port: number; registry: Registry; upstream?: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      const own = await opts.registry.metrics();
      // The SDK's exporter may be briefly unavailable at start: serve ours regardless.
      const upstream = opts.upstream ? await fetch(opts.upstream).then((r) => r.text(), () => '') : '';
      res.writeHead(200, { 'content-type': opts.registry.contentType }).end(`${own}\n${upstream}`);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/metrics`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
