/**
 * One run of the fault suite: a Temporal (dev server or production twin), worker
 * processes, the web app, a real SMTP mailbox and simulated heads; a synthetic
 * cycle runs its planning round while faults are injected at a steady pace; then
 * the verdict is read from Temporal (./verify.ts). Everything is on loopback, in a
 * private folder, bounded by `timeoutMs`, and torn down at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/web/app';
import { createTemporalGateway, gatewayOptionsOf } from '../../client/web/temporal-gateway';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { seededRandom } from '../../domain/cascade/generate';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { createTokenSigner } from '../../runtime/action-tokens';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { mapLimit } from '../../runtime/map-limit';
import { openMailClaims } from '../../runtime/sent-mail-ledger-open';
import { freePort } from '../../runtime/temporal-dev-server';
import { syntheticCascade } from '../../test/scale/scale-cycle';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { sleep, startFaultCluster, type ClusterKind, type FaultCluster } from './cluster';
import { startHeads, type Heads } from './heads';
import { startHeldMailAdmin, type HeldMailFigures } from './held-mail-admin';
import { startMailSink, type MailSink } from './mail-sink';
import { verify, type Verdict } from './verify';
import { startWorkerPool, writeWorkflowBundle, type WorkerPool } from './workers';

/** The faults the suite injects. */
export const FAULT_KINDS = ['worker-sigkill', 'server-kill-9', 'postgres-immediate-restart', 'smtp-outage'] as const;
/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What to run. */
export interface FaultOptions {
  cluster: ClusterKind;
  /** Units below the root (the root is one more), their tree's depth and fan-out. */
  units: number;
  depth: number;
  fanout: number;
  workers: number;
  faults: Record<FaultKind, number>;
  /** Pause between two injected faults. */
  faultSpacingMs: number;
  /** How long the server stays dead after a kill -9. */
  serverDownMs: number;
  /** How long SMTP stays down per outage. */
  smtpOutageMs: number;
  /** Burst plans are posted twice at once. */
  doubleClick: boolean;
  /**
   * false: the web app reads the unit's state before every Update, as it did before
   * it kept the state its page read (client/web/state-cache.ts); to measure the difference.
   */
  webStateCache?: boolean;
  /** Temporal calls the web app has in flight at once (WEB_TEMPORAL_CONCURRENCY; 0: no limit, as before client/web/admission.ts). Default: the config's. */
  webConcurrency?: number;
  /** MAIL_UNCERTAIN_COPIES of the workers; with `hold` an admin answers the held copies (./held-mail-admin.ts). Default: the config's (resend). */
  mailUncertain?: 'resend' | 'hold';
  /** The whole run gives up after this long. */
  timeoutMs: number;
  seed: number;
  log?: (line: string) => void;
}

/** Figures of the burst: the leaf units' plans posted together. */
export interface BurstFigures {
  posts: number;
  /** From release to the last burst acknowledgement. */
  windowMs: number;
  /** Burst POSTs answered with anything but an acknowledgement (retried). */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

/** Everything a run measured. */
export interface FaultRunReport {
  cluster: ClusterKind;
  options: Omit<FaultOptions, 'log'>;
  injected: Record<FaultKind, number>;
  verdict: Verdict;
  submissions: number;
  posts: number;
  /** Mails received, distinct Message-IDs, and extra copies of one Message-ID. */
  mails: number;
  distinctMails: number;
  duplicateMails: number;
  /** Copies held for the admin and how they were answered (always 0 under `resend`). */
  heldMail: HeldMailFigures;
  p50Ms: number;
  p99Ms: number;
  burst: BurstFigures;
  /** Answers that were not an acknowledgement, by HTTP status (0: no answer), all retried. */
  notAcknowledged: Record<string, number>;
  /** Seconds from the cycle's start: first acknowledgement, burst released, round finished. */
  timeline: { firstAckS: number; burstReleasedS: number; roundDoneS: number };
  /** The round did not finish within `timeoutMs` (the verdict is still taken). */
  timedOut: boolean;
  wallMs: number;
}


/** @returns the q-quantile (0..1) of the values, 0 when none */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * Runs the scenario end to end.
 * @returns the figures and the verdict
 */
export async function runFaultScenario(opts: FaultOptions): Promise<FaultRunReport> {
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const random = seededRandom(opts.seed);
  const dir = mkdtempSync(path.join(tmpdir(), `faults-${opts.cluster}-`));
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const cluster: FaultCluster = await startFaultCluster(opts.cluster, dir);
    cleanups.push(() => cluster.stop());
    log(`${opts.cluster}: Temporal at ${cluster.address} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    const mail: MailSink = await startMailSink();
    cleanups.push(() => mail.stop());
    const webPort = await freePort();
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_TASK_QUEUE: `faults-${process.pid}-${opts.seed}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      SMTP_SECURITY: 'none',
      PUBLIC_BASE_URL: `http://127.0.0.1:${webPort}`,
      WEB_HOST: '127.0.0.1',
      WEB_PORT: String(webPort),
      // Every worker process shares one sent-mail ledger: the twin's PostgreSQL, else the data folder.
      ...(cluster.storeUrl ? { SNAPSHOT_STORE_URL: cluster.storeUrl } : {}),
      ...(opts.webConcurrency === undefined ? {} : { WEB_TEMPORAL_CONCURRENCY: String(opts.webConcurrency) }),
      ...(opts.mailUncertain ? { MAIL_UNCERTAIN_COPIES: opts.mailUncertain } : {}),
    };
    // The web app and the workers share keys (links, payload encryption) through the data folder.
    const config = loadConfig(env);
    const dc = dataConverterFor(config);
    const connection = await Connection.connect({ address: cluster.address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dc });
    const noCache = { get: () => undefined, put: () => undefined, drop: () => undefined };
    const app: FastifyInstance = await buildServer({
      config,
      gateway: createTemporalGateway(client, gatewayOptionsOf(config.web)),
      log: false,
      ...(opts.webStateCache === false ? { stateCache: noCache } : {}),
    });
    await app.listen({ host: '127.0.0.1', port: webPort });
    cleanups.push(() => app.close());

    const workers: WorkerPool = await startWorkerPool(opts.workers, { ...env, WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle(dir) }, random);
    cleanups.push(() => workers.stop());
    log(`${opts.workers} worker processes polling; web app at ${env.PUBLIC_BASE_URL}`);

    const cascade = syntheticCascade({ units: opts.units, depth: opts.depth, fanout: opts.fanout }, `faults-${opts.cluster}-${opts.seed}-${Date.now() % 100_000}`);
    const year = 2027;
    const units = flattenUnits(buildUnitTree(cascade, year, SHIPPED_CALENDAR));
    const unitIds = units.map((u) => unitWorkflowId(cascade.id, year, u.id));
    const leaves = new Set(units.filter((u) => u.children.length === 0).map((u) => unitWorkflowId(cascade.id, year, u.id)));
    const cycle = `${cascade.id}/${year}`;
    cleanups.push(() => terminateCycle(client, cycle));
    const started = Date.now();
    await client.workflow.start(cascadeCycleWorkflow, { taskQueue: env.TEMPORAL_TASK_QUEUE!, workflowId: cycleWorkflowId(cascade.id, year), args: [{ cascade, year, calendar: SHIPPED_CALENDAR }] });
    const claims = openMailClaims(config);
    cleanups.push(() => claims.close());
    const admin = startHeldMailAdmin(claims, mail, 5_000, log);
    cleanups.push(() => admin.stop());
    const heads: Heads = startHeads({ mail, signer: createTokenSigner(config.actionTokens), burst: leaves, doubleClick: opts.doubleClick, giveUpAfterMs: opts.timeoutMs, random });
    cleanups.push(() => Promise.resolve(heads.stop()));
    log(`cycle ${cycle}: ${units.length} units, ${leaves.size} of them post their plans together`);

    const injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    const plan = shuffle(FAULT_KINDS.flatMap((k) => Array.from({ length: opts.faults[k] }, () => k)), random);
    const deadline = started + opts.timeoutMs;
    const done = async (): Promise<boolean> =>
      (await client.workflow.count(`CascadeCycle = "${cycle}" AND WorkflowType = "unitPlanWorkflow" AND ExecutionStatus = "Running" AND CascadeStage = "implementing"`).catch(() => ({ count: -1 }))).count === units.length;
    // Faults are spread over the round: the i-th of n (from 0) waits until (i+1)/(n+1) of 90 % of
    // the expected submissions (every unit's plan, every approval but the root's) are acknowledged,
    // and for `faultSpacingMs` after the previous one. So they land on the fan-out, on the
    // burst of the last day and on the approvals after it, not on an idle system.
    const expected = 2 * units.length - 1;
    const total = plan.length;
    let nextFault = Date.now() + opts.faultSpacingMs;
    let timedOut = false;
    for (;;) {
      const acked = heads.submissions().filter((s) => s.acknowledged).length;
      const due = plan.length > 0 && Date.now() >= nextFault && acked >= Math.floor((0.9 * expected * (total - plan.length + 1)) / (total + 1));
      if (plan.length === 0 && (await done())) break;
      if (Date.now() > deadline) {
        timedOut = true;
        log(`timed out: ${plan.length} faults not injected`);
        break;
      }
      if (due) {
        const kind = plan.shift()!;
        const what = await inject(kind, cluster, workers, mail, opts);
        injected[kind]++;
        log(`+${((Date.now() - started) / 1000).toFixed(0)} s ${what}; acknowledged ${acked}/${expected}`);
        nextFault = Date.now() + opts.faultSpacingMs;
      }
      await sleep(500);
    }
    const roundDone = Date.now();
    heads.stop();
    await heads.drain();
    log(`round ${timedOut ? 'NOT finished' : 'finished'} after ${((Date.now() - started) / 1000).toFixed(0)} s; verifying from states and histories`);
    const subs = heads.submissions();
    const verdict = await verify(client, dc, cycle, unitIds, subs);
    // Mails the round still sends (the last "approved" notices) may arrive a moment later.
    await sleep(2_000);
    const mails = mail.messages();
    const distinct = new Set(mails.map((m) => m.messageId)).size;
    const burstSubs = subs.filter((s) => s.task === 'draft-plan' && leaves.has(s.workflowId));
    const burstLat = burstSubs.flatMap((s) => s.latenciesMs);
    const { releasedAt, posts: burstPosts } = heads.burst();
    const lat = subs.flatMap((s) => s.latenciesMs);
    return {
      cluster: opts.cluster,
      options: { ...opts, log: undefined } as Omit<FaultOptions, 'log'>,
      injected,
      verdict,
      submissions: subs.length,
      posts: subs.reduce((a, s) => a + s.posts, 0),
      mails: mails.length,
      distinctMails: distinct,
      duplicateMails: mails.length - distinct,
      heldMail: admin.figures(),
      p50Ms: Math.round(quantile(lat, 0.5)),
      p99Ms: Math.round(quantile(lat, 0.99)),
      burst: {
        posts: burstPosts,
        windowMs: releasedAt === null ? 0 : Math.round(Math.max(0, ...burstSubs.map((s) => s.ackAt ?? 0)) - releasedAt),
        errors: burstSubs.reduce((a, s) => a + s.failures.length, 0),
        p50Ms: Math.round(quantile(burstLat, 0.5)),
        p99Ms: Math.round(quantile(burstLat, 0.99)),
      },
      notAcknowledged: subs.flatMap((s) => s.failures).reduce<Record<string, number>>((acc, st) => ({ ...acc, [st]: (acc[st] ?? 0) + 1 }), {}),
      timeline: {
        firstAckS: seconds(Math.min(...subs.map((s) => s.ackAt ?? Number.POSITIVE_INFINITY)) - started),
        burstReleasedS: releasedAt === null ? -1 : seconds(releasedAt - started),
        roundDoneS: seconds(roundDone - started),
      },
      timedOut,
      wallMs: Date.now() - t0,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inject(kind: FaultKind, cluster: FaultCluster, workers: WorkerPool, mail: MailSink, opts: FaultOptions): Promise<string> {
  switch (kind) {
    case 'worker-sigkill':
      return `SIGKILL ${await workers.killRandom()} (replacement starting)`;
    case 'server-kill-9': {
      await cluster.killServer();
      await sleep(opts.serverDownMs);
      const t = Date.now();
      await cluster.startServer();
      return `kill -9 of the Temporal server, down ${opts.serverDownMs} ms, serving again after ${Date.now() - t} ms`;
    }
    case 'postgres-immediate-restart':
      if (!cluster.restartDatabase) return 'no database to restart on the dev server (skipped)';
      await cluster.restartDatabase();
      return 'PostgreSQL stopped -m immediate and started';
    case 'smtp-outage':
      mail.down();
      await sleep(opts.smtpOutageMs);
      await mail.up();
      return `SMTP down for ${opts.smtpOutageMs} ms`;
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Ends every workflow of the cycle: nothing of a finished run may linger on the server. */
async function terminateCycle(client: Client, cycle: string): Promise<void> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `CascadeCycle = "${cycle}" AND ExecutionStatus = "Running"`, pageSize: 1000 })) ids.push(wf.workflowId);
  await mapLimit(ids, 32, (id) => client.workflow.getHandle(id).terminate('fault suite finished').catch(() => undefined));
}
