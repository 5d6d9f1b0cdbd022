/**
 * Action tokens and the codec endpoint's secret are capabilities: they must
 * never reach a log. Three layers:
 * 1. the request serializer logs the matched route pattern (`/a/:token`), not the URL;
 * 2. anything token-shaped anywhere in a logged string is replaced, whatever
 *    path it came in (`/%61/<token>`, `/A/…`, `/a;/…`, `/a%2f…`, a quoted URL
 *    in an error message), also after percent-decoding;
 * 3. errors are serialized through the same scrubber (message and stack).
 */
import type { FastifyRequest } from 'fastify';

/** What replaces a redacted value. */
export const REDACTED = '[redacted]';

/**
 * A run of URL characters long enough to hold a secret. Tokens are base64url
 * (dots between parts); percent-escapes may hide any character of them.
 */
const CANDIDATE = /[A-Za-z0-9_.~%+=-]{20,}/g;
/** 20+ base64url characters with both cases: random, not a slug or a hex id. */
const SECRET_RUN = /[A-Za-z0-9_-]{20,}/g;
/** The codec endpoint's path secret, whatever its alphabet. */
const CODEC_PATH = /(\/codec\/)(?!decode\b|encode\b)[^\s/?#"']+/gi;

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function looksSecret(candidate: string): boolean {
  const decoded = decodeLoosely(candidate);
  if (/v1\.[A-Za-z0-9_-]{1,16}\./.test(decoded)) return true;
  for (const run of decoded.match(SECRET_RUN) ?? []) {
    if (/[A-Z]/.test(run) && /[a-z]/.test(run)) return true;
  }
  return false;
}

/**
 * @param text any string about to be logged
 * @returns the text with every token-shaped run, and the codec path secret, replaced by `[redacted]`
 */
export function redactTokens(text: string): string {
  return text.replace(CODEC_PATH, `$1${REDACTED}`).replace(CANDIDATE, (run) => (looksSecret(run) ? REDACTED : run));
}

/** Strings, and strings inside plain objects; requests, replies and errors go through their serializers. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'req' || k === 'res' || k === 'err' ? v : redactDeep(v, depth + 1)]));
}

/** Fastify logger options with redaction; `stream` lets tests capture the output. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        // The route pattern when one matched (no parameter values), else the scrubbed URL.
        url: req.routeOptions?.url ?? redactTokens(req.url),
        remoteAddress: req.ip,
      }),
      err: (err: Error & { statusCode?: number; code?: string }) => ({
        type: err.name,
        message: redactTokens(err.message),
        ...(err.code ? { code: err.code } : {}),
        ...(err.statusCode ? { statusCode: err.statusCode } : {}),
        stack: redactTokens(err.stack ?? ''),
      }),
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => redactDeep(a)));
      },
    },
  };
}
