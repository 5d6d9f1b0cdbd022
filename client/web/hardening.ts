/**
 * The web app's defences against the network, kept apart from its routes:
 *
 * - Client address: X-Forwarded-For is believed only from the configured proxy
 *   addresses, or for the configured number of hops; never from anyone (a
 *   forged header would otherwise pick any address and escape the rate limit).
 * - Rate limits: a request on a genuine action link (its signature checks out,
 *   expired or not) is limited per link (what a single person or a scanner can do
 *   with one link), never per address: a whole organisation behind one proxy is
 *   hundreds of people with their own links, all submitting on the last day.
 *   Everything else (forged or guessed links, unknown pages) is limited per client
 *   address. Health checks and the stylesheet are not limited.
 * - Timeouts: the whole request (headers and body) must arrive within
 *   WEB_REQUEST_TIMEOUT_MS, headers within 10 s; idle sockets are closed.
 *   A slow POST (one byte every few seconds) cannot hold a connection open.
 * - Errors: one handler. People get a Vietnamese page (or, on /api/ and the
 *   codec endpoint, a generic JSON answer) with a request id that is also in
 *   the log; never a raw message or a stack trace.
 */
import { createHash, randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../runtime/config';
import { GatewayUnavailableError } from './gateway';
import { noticePage, type Notice, type PageChrome } from './pages';

/** Route options that exempt a route from the per-address rate limit. */
export const NO_RATE_LIMIT = { config: { rateLimit: false } } as const;

/** Headers must arrive within this (or the request timeout, when shorter). */
const HEADERS_TIMEOUT_MS = 10_000;

type WebConfig = AppConfig['web'];

/**
 * @returns Fastify server options: trusted proxies, timeouts, random request ids
 */
export function hardeningOptions(web: Pick<WebConfig, 'trustProxy' | 'requestTimeoutMs'>) {
  const tp = web.trustProxy;
  return {
    // A hop count trusts exactly that many proxies nearest to us (proxy-addr's `i` counts hops).
    trustProxy: typeof tp === 'number' ? (_address: string, hop: number) => hop < tp : tp,
    requestTimeout: web.requestTimeoutMs,
    connectionTimeout: web.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, web.requestTimeoutMs),
      requestTimeout: web.requestTimeoutMs,
      // Node checks the timeouts above on this interval (30 s by default: too coarse).
      connectionsCheckingInterval: Math.max(250, Math.min(1_000, Math.floor(web.requestTimeoutMs / 2))),
    },
    // Random, so a request id in a complaint cannot be guessed or correlated across restarts.
    genReqId: () => randomBytes(8).toString('hex'),
  };
}

function rateLimited(_req: FastifyRequest, context: { statusCode: number; after: string }) {
  return Object.assign(new Error(`rate limit exceeded, retry in ${context.after}`), { statusCode: context.statusCode });
}

/**
 * Registers the per-address limit (on every route without `NO_RATE_LIMIT`, except
 * for requests on a genuine link, which `perLink` limits instead).
 * @param web the limits per minute
 * @param isGenuineLink whether a token carries our valid signature (an HMAC check, no I/O)
 * @returns `perLink`, an onRequest hook for routes with a `:token` parameter
 */
export async function registerRateLimits(
  app: FastifyInstance,
  web: Pick<WebConfig, 'rateLimitPerMinute' | 'linkRateLimitPerMinute'>,
  isGenuineLink: (token: string) => boolean,
): Promise<{ perLink: (req: FastifyRequest) => Promise<void> }> {
  await app.register(rateLimit, {
    max: web.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: rateLimited,
    // Only we can mint a genuine link, so it cannot be used to escape the address limit in bulk;
    // a forged one still counts against its address.
    allowList: (req) => {
      const token = (req.params as { token?: unknown } | undefined)?.token;
      return typeof token === 'string' && isGenuineLink(token);
    },
  });
  // A manual limiter: the plugin's route hooks run once per request, and the per-address one already did.
  const check = app.createRateLimit({
    max: web.linkRateLimitPerMinute,
    timeWindow: 60_000,
    // The plugin's options are inherited: a genuine link is exempt from the address limit, not from this one.
    allowList: () => false,
    // By a hash of the link (never the token itself as a key that could be dumped).
    keyGenerator: (req) => `link:${createHash('sha256').update((req.params as { token?: string }).token ?? '').digest('base64url').slice(0, 22)}`,
  });
  // Fastify awaits an async onRequest hook; a throw becomes the 429 answer of the error handler.
  const perLink = async (req: FastifyRequest): Promise<void> => {
    const limit = await check(req);
    if (!limit.isAllowed && limit.isExceeded) throw rateLimited(req, { statusCode: 429, after: '1 minute' });
  };
  return { perLink };
}

/** Vietnamese explanation per HTTP status the handler can give. */
const NOTICES: Record<number, Omit<Notice, 'paragraphs'> & { text: string }> = {
  400: { status: 'bad-request', title: 'Yêu cầu không hợp lệ', tone: 'bad', text: 'Nội dung gửi lên không đúng định dạng. Vui lòng mở lại đường liên kết trong thư và gửi lại. Không có thay đổi nào được ghi nhận.' },
  408: { status: 'timeout', title: 'Yêu cầu quá thời gian', tone: 'bad', text: 'Nội dung được gửi quá chậm nên đã bị dừng. Vui lòng kiểm tra kết nối mạng và gửi lại. Không có thay đổi nào được ghi nhận.' },
  413: { status: 'too-large', title: 'Nội dung quá lớn', tone: 'bad', text: 'Nội dung gửi lên vượt quá dung lượng cho phép. Vui lòng rút gọn và gửi lại. Không có thay đổi nào được ghi nhận.' },
  415: { status: 'unsupported-media-type', title: 'Định dạng không được hỗ trợ', tone: 'bad', text: 'Nội dung gửi lên không đúng định dạng của biểu mẫu. Không có thay đổi nào được ghi nhận.' },
  429: { status: 'rate-limited', title: 'Quá nhiều yêu cầu', tone: 'warn', text: 'Có quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại. Không có thay đổi nào được ghi nhận.' },
  500: { status: 'error', title: 'Hệ thống gặp lỗi', tone: 'bad', text: 'Hệ thống gặp lỗi khi xử lý yêu cầu. Không có thay đổi nào được ghi nhận. Vui lòng thử lại sau ít phút.' },
  503: { status: 'unavailable', title: 'Hệ thống tạm thời không phản hồi', tone: 'warn', text: 'Máy chủ xử lý quy trình tạm thời không phản hồi. Không có thay đổi nào được ghi nhận. Vui lòng thử lại sau ít phút.' },
};

/** @returns the status to answer with: the framework's 4xx, 503 when Temporal did not answer, else 500 */
function statusOf(err: unknown): number {
  if (err instanceof GatewayUnavailableError) return 503;
  const code = (err as FastifyError | undefined)?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : 500;
}

/** Pages for people; JSON for the API and the codec endpoint. */
const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url.startsWith('/codec/');

/**
 * The one error responder, for `setErrorHandler` and for Fastify's
 * `frameworkErrors` (bad URLs, over-long parameters: their default answer
 * echoes the URL, token included): logs the error (scrubbed) with the request
 * id, answers with a generic Vietnamese explanation and that id.
 * @returns the handler
 */
export function errorResponder(chrome: PageChrome) {
  return (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const status = statusOf(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ statusCode: status, code: (err as FastifyError).code }, 'request refused');
    const n = NOTICES[status] ?? NOTICES[status >= 500 ? 500 : 400]!;
    const idLine = `Mã yêu cầu: ${req.id} (cung cấp mã này khi liên hệ hỗ trợ).`;
    void reply.code(status).header('cache-control', 'no-store');
    if (status === 429) void reply.header('retry-after', '60');
    if (wantsJson(req)) return reply.send({ status: n.status, title: n.title, message: n.text, requestId: req.id });
    return reply.type('text/html; charset=utf-8').send(noticePage({ status: n.status, title: n.title, tone: n.tone, paragraphs: [n.text, idLine] }, chrome));
  };
}
