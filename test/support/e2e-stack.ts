/**
 * Everything the end-to-end tests run against, all real: the suite's Temporal dev
 * server, a worker with the production activities (worker/activities.ts) on a
 * unique task queue, the web app over the real Temporal gateway on a random
 * port, and an SMTP listener the mail activity delivers to. The shipped example
 * cascade is cloned under a unique id so files never share workflows.
 */
import { mapLimit } from '../../runtime/map-limit';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createTemporalGateway, gatewayOptionsOf } from '../../client/web/temporal-gateway';
import type { ActionGateway } from '../../client/web/gateway';
import { buildServer } from '../../client/web/app';
import { loadCascadeFile } from '../../client/shared/cascade-file';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import type { Cascade } from '../../domain/cascade/schema';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import type { UnitNode } from '../../domain/cycle/types';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { createTokenSigner, type ActionClaims, type TokenSigner } from '../../runtime/action-tokens';
import { loadConfig, type AppConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { connectNativeTemporal, connectTemporal, type TemporalConnectionConfig } from '../../runtime/temporal-connection';
import { freePort } from '../../runtime/temporal-dev-server';
import { buildActivities } from '../../worker/activities';
import { cascadeCycleWorkflow, cycleStatusQuery } from '../../workflows/cascade-cycle';
import { unitStateQuery, type UnitState } from '../../workflows/unit-messages';
import { startSmtpListener, type ReceivedMail, type SmtpListener } from './smtp-listener';
import { devServerAddress, uniqueTaskQueue, workflowBundle } from './temporal';

/** The shipped example (~70 units; the root's plan is issued, so its units draft at once). */
export const EXAMPLE_FILE = path.resolve(__dirname, '../../examples/ct21-yte-thanhhoa.yaml');

/** A future year: nothing is due or overdue on the real clock. */
export const E2E_YEAR = 2027;

/** A received mail with what the tests read from it. */
export interface E2eMail {
  mail: ReceivedMail;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every http(s) URL in the text and HTML parts, deduplicated. */
  links: string[];
}

/** A running stack; `stop()` tears everything down. */
export interface E2eStack {
  client: Client;
  config: AppConfig;
  signer: TokenSigner;
  /** Origin of the web app, e.g. http://127.0.0.1:41234 (also PUBLIC_BASE_URL). */
  baseUrl: string;
  cascade: Cascade;
  year: number;
  /** Every unit of the cycle, root first. */
  units: UnitNode[];
  unitWorkflowId(unitId: string): string;
  cycleWorkflowId(): string;
  startCycle(): Promise<void>;
  state(unitId: string): Promise<UnitState>;
  /** Number of events in a workflow's history (the run chain's latest run). */
  historyLength(workflowId: string): Promise<number>;
  /** Every workflow of the cycle: the cycle, then its units. */
  workflowIds(): string[];
  /** Waits until no workflow of the cycle has an activity or workflow task pending. */
  settle(timeoutMs?: number): Promise<void>;
  /** History length and state (Query) of every workflow of the cycle, by workflow id. */
  snapshot(): Promise<Map<string, string>>;
  /** Mails received by every listener this stack ran, in arrival order. */
  mails(): E2eMail[];
  /** Resolves with the first mail matching `pred` (polls; rejects after `timeoutMs`). */
  waitForMail(pred: (m: E2eMail) => boolean, timeoutMs?: number, what?: string): Promise<E2eMail>;
  /** Stops the SMTP listener without waiting for the pool's idle connections (see below). */
  stopSmtp(): void;
  /** Starts a listener again on the same port. */
  restartSmtp(): Promise<void>;
  /** @returns the claims of an action link minted by the mail activity */
  claimsOf(link: string): ActionClaims;
  stop(): Promise<void>;
}

/**
 * Polls `fn` until it returns a value that is not `undefined`/`false`.
 * @returns that value
 * @throws after `timeoutMs`, naming `what`
 */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err instanceof Error ? err : new Error(String(err));
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * @param tag slug added to the cascade id, so workflow ids never clash between files
 * @param onlyUnits keep only these direct units of the root (and their subtrees): a smaller, faster cycle
 * @returns the example cascade under a new id
 */
export function exampleCascade(tag: string, onlyUnits?: string[]): Cascade {
  const loaded = loadCascadeFile(EXAMPLE_FILE);
  if (!loaded.ok) throw new Error(`example does not load: ${JSON.stringify(loaded.problems)}`);
  const cascade = { ...loaded.value, id: `${loaded.value.id}-e2e-${tag}-${Date.now() % 100_000}` };
  if (!onlyUnits) return cascade;
  const children = (cascade.org.children ?? []).filter((c) => onlyUnits.includes(c.id));
  if (children.length !== onlyUnits.length) throw new Error(`not all of ${onlyUnits.join(', ')} are direct units of the example`);
  return { ...cascade, org: { ...cascade.org, children } };
}

const URL_RE = /https?:\/\/[^\s"'<>)]+/g;

function toE2eMail(mail: ReceivedMail): E2eMail {
  const text = mail.parsed.text ?? '';
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  // The HTML part escapes `&` in attribute values; action URLs contain none, but unescape anyway.
  const links = [...new Set([...(text.match(URL_RE) ?? []), ...(html.match(URL_RE) ?? []).map((u) => u.replace(/&amp;/g, '&'))])];
  const to = mail.envelope.to[0] ?? '';
  return { mail, to, subject: mail.parsed.subject ?? '', text, html, messageId: mail.parsed.messageId ?? '', links };
}

/**
 * Brings the stack up (the cycle is not started: call `startCycle()`).
 * @param opts.tag short slug distinguishing the test file's cascade id
 * @param opts.cascade defaults to the shipped example
 * @param opts.onlyUnits trims the example to these direct units of its root
 * @param opts.temporal another Temporal than the suite's dev server (the production twin, with its TLS)
 * @param opts.wrapGateway wraps the web app's Temporal gateway (a bench times its Queries and Updates)
 */
export async function startE2eStack(opts: {
  tag: string; cascade?: Cascade; year?: number; onlyUnits?: string[]; temporal?: TemporalConnectionConfig; wrapGateway?: (gateway: ActionGateway) => ActionGateway;
}): Promise<E2eStack> {
  const cascade = opts.cascade ?? exampleCascade(opts.tag, opts.onlyUnits);
  const year = opts.year ?? E2E_YEAR;
  const units = flattenUnits(buildUnitTree(cascade, year, SHIPPED_CALENDAR));
  const listeners: SmtpListener[] = [];
  let smtp = await startSmtpListener();
  listeners.push(smtp);
  const smtpPort = smtp.port;
  const webPort = await freePort();
  const baseUrl = `http://127.0.0.1:${webPort}`;
  const taskQueue = uniqueTaskQueue(`e2e-${opts.tag}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: opts.temporal?.address ?? devServerAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_SECURITY: 'none',
    PUBLIC_BASE_URL: baseUrl,
    WEB_HOST: '127.0.0.1',
    WEB_PORT: String(webPort),
    // The safe-links test opens a few hundred links in a minute.
    WEB_RATE_LIMIT_PER_MINUTE: '100000',
  });
  if (opts.temporal) config.temporal = { ...config.temporal, ...opts.temporal };
  const signer = createTokenSigner(config.actionTokens);

  // The same connection functions the worker and the web app use in production.
  const connection = await connectTemporal(config.temporal);
  // The product's data converter: every payload is encrypted (runtime/payload-codec.ts).
  const dataConverter = dataConverterFor(config);
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  const nativeConnection = await connectNativeTemporal(config.temporal);
  const built = buildActivities(config, client, `e2e-${opts.tag}`);
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: built.activities,
    dataConverter,
    // A test's teardown must end: an activity that ignores cancellation cannot hold it.
    shutdownForceTime: '20s',
  });
  const running = worker.run();

  let app: FastifyInstance | undefined;
  try {
    const gateway = createTemporalGateway(client, gatewayOptionsOf(config.web));
    app = await buildServer({ config, gateway: opts.wrapGateway ? opts.wrapGateway(gateway) : gateway, log: false });
    await app.listen({ host: '127.0.0.1', port: webPort });
  } catch (err) {
    worker.shutdown();
    await running.catch(() => undefined);
    throw err;
  }

  const mails = () => listeners.flatMap((l) => l.messages()).map(toE2eMail);
  const unitId = (id: string) => unitWorkflowId(cascade.id, year, id);
  const historyLength = async (workflowId: string) => (await client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
  const workflowIds = () => [cycleWorkflowId(cascade.id, year), ...units.map((u) => unitId(u.id))];
  let cycleStarted = false;

  return {
    client,
    config,
    signer,
    baseUrl,
    cascade,
    year,
    units,
    unitWorkflowId: unitId,
    cycleWorkflowId: () => cycleWorkflowId(cascade.id, year),
    async startCycle() {
      await client.workflow.start(cascadeCycleWorkflow, {
        taskQueue,
        workflowId: cycleWorkflowId(cascade.id, year),
        args: [{ cascade, year, calendar: SHIPPED_CALENDAR }],
      });
      cycleStarted = true;
    },
    state: (id) => client.workflow.getHandle(unitId(id)).query(unitStateQuery),
    historyLength,
    workflowIds,
    async settle(timeoutMs = 60_000) {
      const busy = async (id: string) => {
        const raw = (await client.workflow.getHandle(id).describe()).raw;
        return (raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask != null;
      };
      await waitFor(async () => !(await mapLimit(workflowIds(), 8, busy)).some(Boolean), timeoutMs, 'the cycle to settle (no pending activity or workflow task)');
    },
    async snapshot() {
      const one = async (id: string): Promise<[string, string]> => {
        const handle = client.workflow.getHandle(id);
        const state = id === cycleWorkflowId(cascade.id, year) ? await handle.query(cycleStatusQuery) : await handle.query(unitStateQuery);
        return [id, `${await historyLength(id)} ${JSON.stringify(state)}`];
      };
      return new Map(await mapLimit(workflowIds(), 8, one));
    },
    mails,
    waitForMail(pred, timeoutMs = 20_000, what = 'a matching mail') {
      return waitFor(() => mails().find(pred), timeoutMs, what);
    },
    stopSmtp() {
      // The worker's pooled SMTP connections stay open while idle, and smtp-server's
      // close() waits up to 30 s for them (answering "421 shutting down" meanwhile).
      // The listening socket closes at once, which is the outage we want; the old
      // server finishes closing in the background.
      void smtp.stop();
    },
    async restartSmtp() {
      smtp = await startSmtpListener({ port: smtpPort });
      listeners.push(smtp);
    },
    claimsOf(link) {
      const token = new URL(link).pathname.split('/').pop() ?? '';
      const v = signer.verify(token, Date.now());
      if (!v.ok) throw new Error(`link does not carry a valid token (${v.reason}): ${link}`);
      return v.claims;
    },
    async stop() {
      await app?.close();
      worker.shutdown();
      // A mail in flight fails at once instead of holding the shutdown (it waits for activities).
      built.close();
      await running.catch(() => undefined);
      // The cycle's workflows would wait on the dev server for a worker that is gone
      // (timers months away): end them, after the worker so none of its tasks is cut off.
      if (cycleStarted) {
        await Promise.all(workflowIds().map((id) => client.workflow.getHandle(id).terminate('e2e test finished').catch(() => undefined)));
      }
      await nativeConnection.close();
      await connection.close();
      await Promise.all(listeners.map((l) => Promise.race([l.stop(), new Promise((r) => setTimeout(r, 2_000))])));
    },
  };
}

/** A page as the tests read it. */
export interface Fetched {
  status: number;
  body: string;
}

/** @returns the answer to a plain request (no redirects followed) */
export async function request(url: string, init: RequestInit = {}): Promise<Fetched> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text() };
}

/**
 * Does what a person does with a link: opens the page (GET), then posts the
 * form with its CSRF field and `fields`.
 * @returns the answer to the POST
 */
export async function submitThroughPage(link: string, fields: Record<string, string>): Promise<Fetched> {
  const page = await request(link);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error(`no form on ${link} (HTTP ${page.status}): ${page.body.slice(0, 300)}`);
  return request(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** A valid plan, as the form's fields. */
export function planFields(unitId: string): Record<string, string> {
  return {
    planNumber: `15/KH-${unitId.slice(0, 12).toUpperCase()}`,
    title: 'Kế hoạch thực hiện Chỉ thị số 21-CT/TW năm 2027',
    summary: 'Triển khai các hoạt động vì sự tiến bộ của phụ nữ tại đơn vị.',
    'activities.II.1': 'Hội nghị quán triệt Chỉ thị 21-CT/TW',
    'activities.II.3': 'Rà soát quy hoạch cán bộ nữ',
  };
}

export { mapLimit };
