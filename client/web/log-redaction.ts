/**
 * Action tokens are capabilities: they must never reach a log. The request
 * serializer rewrites paths, and a pino hook scrubs any message string as a
 * second line of defence (e.g. a framework message quoting the URL).
 */
import type { FastifyRequest } from 'fastify';

const TOKEN_PATH = /\/a\/[^\s/?#"']+/g;

/** @returns the text with every `/a/<token>` replaced by `/a/[redacted]` */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATH, '/a/[redacted]');
}

/** Fastify logger options with redaction; `stream` lets tests capture the output. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: redactTokens(req.url), remoteAddress: req.ip }),
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactTokens(a) : a)));
      },
    },
  };
}
