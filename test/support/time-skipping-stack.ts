/**
 * The production pieces on the time-skipping server: a worker with the real
 * activities (signed links, real SMTP to a listener), the real web app over the
 * real Temporal gateway, and a cycle of a given cascade. The pages are then
 * tested with what real workflows answer, on whatever day of the year the test
 * moves the clock to.
 */
import type { AddressInfo } from 'node:net';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/web/app';
import { createTemporalGateway } from '../../client/web/temporal-gateway';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import type { Cascade } from '../../domain/cascade/schema';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { buildUnitTree, flattenUnits } from '../../domain/cycle/unit-tree';
import { loadConfig } from '../../runtime/config';
import { buildActivities } from '../../worker/activities';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { reviewPlanUpdate, submitPlanUpdate, unitStateQuery, type UnitState } from '../../workflows/unit-messages';
import { startSmtpListener, type SmtpListener } from './smtp-listener';
import { createTimeSkippingEnv, uniqueTaskQueue, withinMs, workflowBundle } from './temporal';

const URL_RE = /https?:\/\/[^\s"'<>)]+/g;

/** A mail as the tests read it. */
export interface StackMail {
  to: string;
  cc: string[];
  subject: string;
  /** The Message-ID header (duplicates are the same mail sent twice). */
  messageId: string;
  text: string;
  /** Action links (`/a/…`) in the text part. */
  links: string[];
}

/** A running stack; `stop()` tears it down. */
export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  baseUrl: string;
  cascade: Cascade;
  year: number;
  /** Every unit of the cycle (workflow-running ones), root first. */
  unitIds: string[];
  state(unitId: string): Promise<UnitState>;
  /** Events in a unit's history (to prove a request changed nothing). */
  historyLength(unitId: string): Promise<number>;
  /** Moves the workflow clock to `hourVn` (default 08:30) Vietnam time of an ISO date; never backwards. */
  advanceTo(isoDate: string, hourVn?: number): Promise<void>;
  /** Every mail received so far, in arrival order. */
  mails(): StackMail[];
  /** Waits for the mails the workflows asked for to arrive, then returns those matching. */
  mailsWhere(pred: (m: StackMail) => boolean): Promise<StackMail[]>;
  /** Waits until every mail asked for has arrived and no workflow's history grows any more. */
  settle(): Promise<void>;
  /** Submits a plan and approves it through Updates (for units a test is not about). */
  planApproved(unitId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts everything, the worker running in the background, and the cycle.
 * @param cascade a small cascade (see ./example.ts `smallExample`)
 * @param startOn ISO date the cycle starts (08:00 Vietnam time)
 */
export async function startTimeSkippingStack(cascade: Cascade, year: number, startOn: string): Promise<TimeSkippingStack> {
  const env = await createTimeSkippingEnv();
  const quiet = await quietableConnection(env.address);
  // Everything of the stack talks through this client; the environment's own is left to time skipping.
  const client = new Client({ connection: quiet.connection, namespace: env.namespace ?? 'default' });
  let smtp: SmtpListener | undefined;
  let app: FastifyInstance | undefined;
  let closeMail: (() => void) | undefined;
  try {
    smtp = await startSmtpListener();
    // Links carry the web app's address: listen on a free port first, then configure with it.
    const gateway = createTemporalGateway(client);
    const probe = await buildServer({ config: loadConfig({ NODE_ENV: 'test' }), gateway, log: false });
    await probe.listen({ host: '127.0.0.1', port: 0 });
    const port = (probe.server.address() as AddressInfo).port;
    await probe.close();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'none',
      PUBLIC_BASE_URL: baseUrl,
      WEB_HOST: '127.0.0.1',
      WEB_PORT: String(port),
      WEB_RATE_LIMIT_PER_MINUTE: '100000',
    });
    app = await buildServer({ config, gateway, log: false });
    await app.listen({ host: '127.0.0.1', port });
    const built = buildActivities(config, client, 'time-skipping-stack');
    closeMail = built.close;
    const taskQueue = uniqueTaskQueue('ts-stack');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: built.activities,
      // A test's teardown must end: an activity that ignores cancellation cannot hold it.
      shutdownForceTime: '20s',
    });
    const running = worker.run();

    const handle = (id: string) => client.workflow.getHandle(unitWorkflowId(cascade.id, year, id));
    const state = (id: string) => handle(id).query(unitStateQuery);
    const historyLength = async (id: string) => (await handle(id).fetchHistory()).events?.length ?? 0;
    const advanceTo = async (isoDate: string, hourVn = 8.5) => {
      const target = Date.parse(`${isoDate}T00:00:00+07:00`) + hourVn * 3_600_000;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    };
    const listener = smtp;
    const mails = (): StackMail[] =>
      listener.messages().map((m) => {
        const text = m.parsed.text ?? '';
        return {
          to: m.envelope.to[0] ?? '',
          cc: m.envelope.to.slice(1),
          subject: m.parsed.subject ?? '',
          messageId: m.parsed.messageId ?? '',
          text,
          links: [...new Set(text.match(URL_RE) ?? [])].filter((l) => l.startsWith(`${baseUrl}/a/`)),
        };
      });
    // Units that run a workflow (nodes that only coordinate or are informed run none).
    const unitIds = flattenUnits(buildUnitTree(cascade, year, SHIPPED_CALENDAR)).map((u) => u.id);
    const asked = async () =>
      (
        await Promise.all(
          [cycleWorkflowId(cascade.id, year), ...unitIds.map((id) => unitWorkflowId(cascade.id, year, id))].map(async (wf) => {
            const events = await client.workflow.getHandle(wf).fetchHistory().then((h) => h.events ?? [], () => []);
            return events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotification').length;
          }),
        )
      ).reduce((a, b) => a + b, 0);
    const mailsWhere = async (pred: (m: StackMail) => boolean) => {
      const until = Date.now() + 60_000;
      let want = await asked();
      while (listener.messages().length < want && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        want = await asked();
      }
      if (listener.messages().length < want) throw new Error(`only ${listener.messages().length} of ${want} mails arrived`);
      return mails().filter(pred);
    };
    const lengths = async () => Promise.all(unitIds.map((id) => historyLength(id)));
    const settle = async () => {
      await mailsWhere(() => true);
      const until = Date.now() + 60_000;
      let last = await lengths();
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const now = await lengths();
        if (JSON.stringify(now) === JSON.stringify(last)) return;
        if (Date.now() > until) throw new Error('the workflows did not settle within 60 s');
        last = now;
      }
    };
    const planApproved = async (id: string) => {
      const s = await state(id);
      await handle(id).executeUpdate(submitPlanUpdate, {
        args: [{ task: 'draft-plan', revision: s.revision, actor: s.currentTask!.assignees[0]!, planNumber: '1/KH', title: `Kế hoạch năm ${year}`, summary: 'Tóm tắt', activities: {} }],
      });
      const r = await state(id);
      if (r.stage !== 'in-review') return; // a root issues its plan itself
      await handle(id).executeUpdate(reviewPlanUpdate, { args: [{ task: 'review-plan', revision: r.revision, actor: r.currentTask!.assignees[0]!, decision: 'approve', comment: '' }] });
    };

    await advanceTo(startOn, 8);
    await client.workflow.start(cascadeCycleWorkflow, { taskQueue, workflowId: cycleWorkflowId(cascade.id, year), args: [{ cascade, year, calendar: SHIPPED_CALENDAR }] });
    const server = app;
    return {
      env,
      baseUrl,
      cascade,
      year,
      unitIds,
      state,
      historyLength,
      advanceTo,
      mails,
      mailsWhere,
      settle,
      planApproved,
      async stop() {
        // Each step is bounded and the next runs whatever happened: the environment's
        // teardown (which kills the test server) must always be reached.
        try {
          worker.shutdown();
          // A mail in flight fails at once instead of holding the shutdown (it waits for activities).
          closeMail?.();
          await withinMs(running, 30_000, 'worker shutdown').catch(() => undefined);
          await withinMs(server.close(), 10_000, 'web app close').catch(() => undefined);
          await Promise.race([listener.stop(), new Promise((r) => setTimeout(r, 2_000))]);
          await withinMs(quiet.close(), 15_000, 'client connection close').catch(() => undefined);
        } finally {
          await env.teardown();
        }
      },
    };
  } catch (err) {
    closeMail?.();
    await app?.close();
    await smtp?.stop();
    await env.teardown();
    throw err;
  }
}

/**
 * A client connection whose gRPC retries can be stood down before it closes.
 * A call that failed with a retryable status is retried from a timer; had the
 * connection been closed meanwhile, that timer throws "Channel has been shut
 * down" outside any test, and jest fails the whole file after its tests passed.
 * `close()` first stops new retries, then waits for the timers already set.
 * @param address the server's host:port
 * @returns the connection and its orderly close
 */
async function quietableConnection(address: string): Promise<{ connection: Connection; close: () => Promise<void> }> {
  const retry = defaultGrpcRetryOptions();
  let closing = false;
  let lastRetryAt = 0;
  const connection = await Connection.connect({
    address,
    interceptors: [
      makeGrpcRetryInterceptor({
        retryableDecider: (attempt, status) => !closing && retry.retryableDecider(attempt, status),
        delayFunction: (attempt, status) => {
          const delay = retry.delayFunction(attempt, status);
          lastRetryAt = Math.max(lastRetryAt, Date.now() + delay);
          return delay;
        },
      }),
    ],
  });
  return {
    connection,
    async close() {
      closing = true;
      // A retry already scheduled runs on the still open channel; a failure of it is not retried.
      const wait = lastRetryAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait + 100));
      await connection.close();
    },
  };
}
