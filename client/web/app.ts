/**
 * The web app unit heads reach from their email. Built by a function so tests
 * can `inject` without listening; ./main.ts listens.
 *
 * Safety rules, each for a reason:
 * - GET and HEAD never change anything: mail scanners open every link first.
 * - POST needs a CSRF field bound to the token, and a same-origin request
 *   (Origin when the browser sends one; Sec-Fetch-Site). With
 *   `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts,
 *   so "null" is accepted and the bound field carries the check.
 * - Tokens never reach logs (./log-redaction.ts); pages are `no-store`.
 * - Hardening (./hardening.ts): trusted proxies by address or hop count, a rate
 *   limit per link for genuine links and per address for everything else, timeouts against slow clients, and
 *   one error handler (Vietnamese page / generic JSON, with a request id).
 * - The codec endpoint for the Temporal UI (./codec-endpoint.ts), operators only.
 */
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STAGE_LABELS_VI } from '../../domain/stages';
import { createTokenSigner, MAX_TOKEN_LENGTH, type TokenSigner } from '../../runtime/action-tokens';
import type { AppConfig } from '../../runtime/config';
import { createEncryptionCodec } from '../../runtime/payload-codec';
import { registerCodecEndpoint } from './codec-endpoint';
import type { ActionGateway, ActOutcome } from './gateway';
import { createStateCache, type StateCache } from './state-cache';
import { errorResponder, hardeningOptions, registerRateLimits, NO_RATE_LIMIT } from './hardening';
import { parseActionInput } from './form-input';
import { loggerOptions } from './log-redaction';
import { laterDecisionRefusal } from '../../domain/cycle/unit-machine';
import { ERROR_TYPES } from '../../domain/errors';
import { acceptedPage, ACCESS_STATUS, accessNotice, initialForm, noticePage, SITE_CSS, taskPage, type Notice, type PageChrome } from './pages';
import { decideAccess, type Access } from './task-access';
import type { AppMetrics } from '../../runtime/metrics';
import { adminRoutes, type AdminRoutesOptions } from './admin/routes';

/** Options of {@link buildServer}. */
export interface BuildServerOptions {
  config: Pick<AppConfig, 'web' | 'actionTokens' | 'logLevel' | 'supportContact'> & {
    smtp?: Pick<AppConfig['smtp'], 'from'>;
    /** With an endpoint token: serves the codec endpoint for the Temporal UI. */
    codec?: AppConfig['codec'];
    temporal?: Pick<AppConfig['temporal'], 'namespace'>;
  };
  gateway: ActionGateway;
  /** Defaults to a signer over `config.actionTokens`. */
  tokenSigner?: TokenSigner;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** false: no logging (tests); a stream: log there (tests that check redaction). */
  log?: false | NodeJS.WritableStream;
  /** Counters of refused links and of accepted/refused actions (runtime/metrics.ts), when metrics are on. */
  metrics?: Pick<AppMetrics, 'actions' | 'linksRefused'>;
  /** The admin dashboard at /admin (./admin); absent: no dashboard. */
  admin?: AdminRoutesOptions;
  /** States read for pages, reused by the POST that follows (./state-cache.ts); defaults to a fresh cache. */
  stateCache?: StateCache;
}

/**
 * Refusals that mean "the state the POST acted on is not the current one": the
 * POST then reads the state and explains it as a page would (done, superseded,
 * reassigned, another decision first).
 */
const STATE_REFUSALS: ReadonlySet<string> = new Set([ERROR_TYPES.WrongStage, ERROR_TYPES.StaleRevision, ERROR_TYPES.NotAssignee, ERROR_TYPES.AlreadyDecided, ERROR_TYPES.UnknownUnit]);

/** Purpose the CSRF form field is bound to (with the token). */
export const CSRF_PURPOSE = 'action-form';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/**
 * @returns a ready-to-listen fastify instance
 */
export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const { config, gateway } = opts;
  const signer = opts.tokenSigner ?? createTokenSigner(config.actionTokens);
  const clock = opts.clock ?? Date.now;
  const publicOrigin = new URL(config.web.publicBaseUrl).origin;
  const chrome: PageChrome = {
    systemName: config.smtp?.from.name ?? 'Hệ thống theo dõi thực hiện chỉ đạo',
    ...(config.supportContact ? { supportContact: config.supportContact } : {}),
  };

  const onError = errorResponder(chrome);
  const app = Fastify({
    logger: opts.log === false ? false : loggerOptions(config.logLevel, opts.log),
    bodyLimit: 512 * 1024,
    routerOptions: { maxParamLength: MAX_TOKEN_LENGTH },
    ...hardeningOptions(config.web),
    // Routing errors (bad URL, over-long token) go through the same responder; it sends the reply itself.
    frameworkErrors: (err: unknown, req: FastifyRequest, reply: FastifyReply) => void onError(err, req, reply),
  });
  app.setErrorHandler(onError);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        ...(publicOrigin.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: publicOrigin.startsWith('https:') ? { maxAge: 15552000 } : false,
  });
  const { perLink } = await registerRateLimits(app, config.web, (token) => {
    const v = signer.verify(token, clock());
    return v.ok || v.reason === 'expired';
  });
  await app.register(formbody);

  // Fastify's default 404 handler logs the URL (which may hold a token); ours does not.
  app.setNotFoundHandler((_req, reply) => sendNotice(reply, 404, { status: 'not-found', title: 'Không tìm thấy trang', tone: 'bad', paragraphs: ['Địa chỉ này không tồn tại. Vui lòng mở đường liên kết trong thư điện tử đã nhận.'] }, false));

  function sendNotice(reply: FastifyReply, code: number, notice: Notice, json: boolean) {
    if (code >= 400) opts.metrics?.linksRefused.inc({ reason: notice.status });
    void reply.code(code).header('cache-control', 'no-store');
    if (json) return reply.send({ status: notice.status, title: notice.title, message: notice.paragraphs.join(' ') });
    return reply.type('text/html; charset=utf-8').send(noticePage(notice, chrome));
  }

  // States read for pages, so the POST that follows can act without reading again (./state-cache.ts).
  const states = opts.stateCache ?? createStateCache({ clock });
  const readState = async (id: string) => {
    const s = await gateway.getState(id);
    if (s) states.put(id, s);
    else states.drop(id);
    return s;
  };

  async function access(req: TokenRequest): Promise<Access> {
    return decideAccess(signer.verify(req.params.token, clock()), signer, readState);
  }

  /** Same-origin check for POSTs; see the module comment for why `Origin: null` passes. */
  function crossSite(req: FastifyRequest): boolean {
    const origin = req.headers.origin;
    if (origin && origin !== 'null' && origin !== publicOrigin) return true;
    const site = req.headers['sec-fetch-site'];
    return typeof site === 'string' && site !== 'same-origin' && site !== 'none';
  }

  const forbidden: Notice = { status: 'forbidden', title: 'Yêu cầu không hợp lệ', tone: 'bad', paragraphs: ['Biểu mẫu không được gửi từ trang của hệ thống hoặc đã quá cũ. Vui lòng mở lại đường liên kết trong thư và gửi lại. Không có thay đổi nào được ghi nhận.'] };

  app.get('/static/site.css', NO_RATE_LIMIT, (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(SITE_CSS));
  app.get('/healthz', NO_RATE_LIMIT, () => ({ ok: true }));
  const linkRoute = { onRequest: perLink };

  // GET (and the automatic HEAD): show the task. Reads state only.
  app.get('/a/:token', linkRoute, async (req: TokenRequest, reply) => {
    const a = await access(req);
    if (a.kind !== 'ok') return sendNotice(reply, ACCESS_STATUS[a.kind], accessNotice(a, config.supportContact), false);
    const view = { state: a.state, actor: a.actor, csrf: signer.bind(req.params.token, CSRF_PURPOSE), form: initialForm(a.claims.task, a.state) };
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(taskPage(a.claims.task, view, chrome));
  });

  app.get('/api/a/:token', linkRoute, async (req: TokenRequest, reply) => {
    const a = await access(req);
    if (a.kind !== 'ok') return sendNotice(reply, ACCESS_STATUS[a.kind], accessNotice(a, config.supportContact), true);
    const s = a.state;
    return reply.header('cache-control', 'no-store').send({
      status: 'open',
      task: { kind: a.claims.task, revision: a.claims.revision, dueAt: s.currentTask?.dueAt ?? null },
      actor: a.actor,
      unit: { id: s.unitId, name: s.unitName, stage: s.stage, stageLabel: STAGE_LABELS_VI[s.stage], overdue: s.overdue },
      form: { activityGroups: s.activityGroups, indicators: s.indicators },
      plan: s.plan,
      lastReviewComment: s.lastReviewComment,
      consolidation: s.consolidation,
    });
  });

  async function post(req: TokenRequest, reply: FastifyReply, json: boolean) {
    if (crossSite(req)) return sendNotice(reply, 403, forbidden, json);
    if (json && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendNotice(reply, 415, { ...forbidden, status: 'unsupported-media-type', paragraphs: ['Gửi nội dung dạng application/json.'] }, true);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!json && !signer.checkBinding(req.params.token, CSRF_PURPOSE, typeof body._csrf === 'string' ? body._csrf : '')) {
      return sendNotice(reply, 403, forbidden, false);
    }
    if (await actOnCachedState(req, reply, body, json)) return reply;
    const a = await access(req);
    if (a.kind === 'done' || a.kind === 'superseded') {
      // A review already decided on this revision: a different decision is told who decided what, and when.
      const decided = a.claims.task === 'review-plan' ? a.state.actions?.[`review-plan:${a.claims.revision}`] : undefined;
      if (decided && (body.decision === 'approve' || body.decision === 'return')) {
        const refusal = laterDecisionRefusal(decided, body.decision);
        if (refusal) return sendNotice(reply, 409, { status: 'rejected', title: refusalTitle(refusal.type), tone: 'bad', paragraphs: [refusal.message, 'Không có thay đổi nào được ghi nhận.'] }, json);
        return sendNotice(reply, 200, { status: 'already-recorded', title: 'Nội dung đã được ghi nhận', tone: 'ok', paragraphs: ['Việc này đã được ghi nhận trước đó; không cần gửi lại.'] }, json);
      }
    }
    if (a.kind !== 'ok') return sendNotice(reply, ACCESS_STATUS[a.kind], accessNotice(a, config.supportContact), json);

    const parsed = parseActionInput(a.claims, a.actor, a.state, body, json);
    if (!parsed.ok) {
      opts.metrics?.actions.inc({ outcome: 'refused', reason: 'invalid-input' });
      if (json) return reply.code(422).send({ status: 'invalid', message: 'Nội dung chưa hợp lệ.', errors: parsed.lines });
      const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
      const view = { state: a.state, actor: a.actor, csrf: signer.bind(req.params.token, CSRF_PURPOSE), form: { values, errors: parsed.errors } };
      return reply.code(422).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(taskPage(a.claims.task, view, chrome));
    }

    const outcome = await gateway.act(a.claims.workflowId, parsed.input);
    states.drop(a.claims.workflowId);
    return answer(reply, outcome, json);
  }

  /**
   * The POST on the state its page read a moment ago (no Query): when the link is
   * open on that state and the form is valid, the Update runs at once. Anything
   * else (no recent read, a form to show again, or the workflow refusing because
   * its state moved on) returns false, and the POST reads the state afresh and
   * answers as without the cache: the same notices, word for word.
   * @returns true when the reply was sent, false to take the path that reads the state
   */
  async function actOnCachedState(req: TokenRequest, reply: FastifyReply, body: Record<string, unknown>, json: boolean): Promise<boolean> {
    const verified = signer.verify(req.params.token, clock());
    const cached = verified.ok ? states.get(verified.claims.workflowId) : undefined;
    if (!cached) return false;
    const a = await decideAccess(verified, signer, () => Promise.resolve(cached));
    if (a.kind !== 'ok') return false;
    const parsed = parseActionInput(a.claims, a.actor, a.state, body, json);
    if (!parsed.ok) return false;
    const outcome = await gateway.act(a.claims.workflowId, parsed.input);
    // Accepted or refused, the state read before is no longer the one to act on.
    states.drop(a.claims.workflowId);
    if (outcome.kind === 'not-found' || (outcome.kind === 'rejected' && STATE_REFUSALS.has(outcome.type ?? ''))) return false;
    // Not returned: a reply is thenable, and awaiting it would wait for the response to be sent.
    void answer(reply, outcome, json);
    return true;
  }

  /** @returns the page (or JSON) for what the workflow answered */
  function answer(reply: FastifyReply, outcome: ActOutcome, json: boolean) {
    if (outcome.kind === 'not-found') return sendNotice(reply, 404, accessNotice({ kind: 'not-found' }, config.supportContact), json);
    if (outcome.kind === 'rejected') {
      opts.metrics?.actions.inc({ outcome: 'refused', reason: outcome.type ?? 'rejected-by-workflow' });
      return sendNotice(reply, 409, { status: 'rejected', title: refusalTitle(outcome.type), tone: 'bad', paragraphs: [outcome.message, ...(outcome.details ?? []), 'Không có thay đổi nào được ghi nhận.'] }, json);
    }
    const r = outcome.result;
    opts.metrics?.actions.inc({ outcome: 'accepted', reason: r.outcome });
    const stageLabel = STAGE_LABELS_VI[r.stage as keyof typeof STAGE_LABELS_VI] ?? r.stage;
    if (r.outcome === 'already-recorded') {
      return sendNotice(reply, 200, { status: 'already-recorded', title: 'Nội dung đã được ghi nhận', tone: 'ok', paragraphs: [r.message, `Trạng thái hiện tại: ${stageLabel}.`] }, json);
    }
    void reply.header('cache-control', 'no-store');
    if (json) return reply.send({ status: 'accepted', message: r.message, stage: r.stage });
    return reply.type('text/html; charset=utf-8').send(acceptedPage(r.message, stageLabel, chrome));
  }

  app.post('/a/:token', linkRoute, (req: TokenRequest, reply) => post(req, reply, false));
  app.post('/api/a/:token', linkRoute, (req: TokenRequest, reply) => post(req, reply, true));

  // --- codec endpoint for the Temporal UI (operators only) ---
  if (config.codec?.endpointToken) {
    registerCodecEndpoint(app, {
      codec: createEncryptionCodec(config.codec.keys, { compressAboveBytes: config.codec.compressAboveBytes }),
      token: config.codec.endpointToken,
      corsOrigins: config.codec.corsOrigins,
      namespace: config.temporal?.namespace ?? 'default',
    });
  }

  if (opts.admin) await app.register(adminRoutes, opts.admin);
  return app;
}

/** @returns the page title of a refusal: another decision came first, or the generic one */
function refusalTitle(type: string | undefined): string {
  return type === ERROR_TYPES.AlreadyDecided ? 'Kế hoạch đã có quyết định trước đó' : 'Chưa ghi nhận được';
}
