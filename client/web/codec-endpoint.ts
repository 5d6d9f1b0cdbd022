/**
 * Remote codec endpoint for the Temporal UI (and `temporal … --codec-endpoint`):
 * POST `<endpoint>/decode` and `<endpoint>/encode` with `{ "payloads": [...] }`,
 * protobuf JSON (metadata values and data in base64), per Temporal's codec
 * server protocol. Operators only:
 *
 * - Authentication: the operator secret (CODEC_ENDPOINT_TOKEN), either in the
 *   path (`/codec/<secret>/decode`: the Temporal UI appends `/decode` to the
 *   endpoint URL it is given and cannot add a header of its own) or as
 *   `Authorization: Bearer <secret>` (the CLI's `--codec-auth`). Checked before
 *   the body is read, in constant time.
 * - CORS: only the configured Temporal UI origins get `Access-Control-Allow-*`;
 *   a browser request from any other origin is refused.
 * - `X-Namespace`, when sent, must be the configured namespace.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** Options of {@link registerCodecEndpoint}. */
export interface CodecEndpointOptions {
  codec: PayloadCodec;
  /** The operator secret. */
  token: string;
  /** Browser origins allowed to call (the Temporal UI's). */
  corsOrigins: readonly string[];
  /** The namespace whose payloads this codec handles. */
  namespace: string;
}

/** Most payloads per request, and largest body: the UI decodes a page of events at a time. */
export const CODEC_MAX_PAYLOADS = 1000;
export const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

const base64 = z.string().max(CODEC_BODY_LIMIT).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const bodySchema = z.strictObject({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }))
    .max(CODEC_MAX_PAYLOADS),
});

type JsonPayload = { metadata?: Record<string, string>; data?: string };

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Adds `/codec/decode`, `/codec/encode` (bearer) and `/codec/:secret/decode|encode`
 * (secret in the path) to the app, with their CORS preflights.
 */
export function registerCodecEndpoint(app: FastifyInstance, opts: CodecEndpointOptions): void {
  const expected = digest(opts.token);
  const allowed = new Set(opts.corsOrigins);

  const authorized = (req: FastifyRequest): boolean => {
    const fromPath = (req.params as { secret?: string }).secret;
    const header = req.headers.authorization;
    const fromHeader = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const given = fromPath ?? fromHeader;
    // Hashing first makes the comparison length-independent and constant-time.
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };

  const refuse = (reply: FastifyReply, code: number, message: string) => reply.code(code).header('cache-control', 'no-store').send({ status: 'refused', message });

  /** CORS headers for an allowed origin; false when a browser calls from elsewhere. */
  const cors = (req: FastifyRequest, reply: FastifyReply): boolean => {
    void reply.header('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser's cross-origin call (CLI, curl)
    if (!allowed.has(origin)) return false;
    void reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-credentials', 'true')
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600');
    return true;
  };

  const preflight = (req: FastifyRequest, reply: FastifyReply) => {
    if (!cors(req, reply)) return refuse(reply, 403, 'origin not allowed');
    return reply.code(204).send();
  };

  const guard = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!cors(req, reply)) return refuse(reply, 403, 'origin not allowed');
    if (!authorized(req)) return refuse(reply, 401, 'operator secret missing or wrong');
    const ns = req.headers['x-namespace'];
    if (ns !== undefined && ns !== opts.namespace) return refuse(reply, 403, `this codec serves namespace "${opts.namespace}" only`);
    return undefined;
  };

  const handler = (op: 'encode' | 'decode') => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(reply, 415, 'send application/json');
    const body = bodySchema.safeParse(req.body);
    if (!body.success) return refuse(reply, 400, `body must be {"payloads":[{"metadata":{…},"data":"…"}]} (${body.error.issues[0]?.message ?? 'invalid'})`);
    const payloads = body.data.payloads.map(fromJson);
    let out: Payload[];
    try {
      out = op === 'decode' ? await opts.codec.decode(payloads) : await opts.codec.encode(payloads);
    } catch (err) {
      req.log.warn({ err }, `codec ${op} failed`);
      return refuse(reply, 422, err instanceof Error && err.name === 'PayloadDecryptionError' ? err.message : `could not ${op} the payloads`);
    }
    return reply.header('cache-control', 'no-store').send({ payloads: out.map(toJson) });
  };

  // The codec is for operators: its own per-address limit only (the per-link limit is for action links).
  const routeOpts = { onRequest: guard, bodyLimit: CODEC_BODY_LIMIT };
  for (const prefix of ['/codec', '/codec/:secret']) {
    for (const op of ['decode', 'encode'] as const) {
      app.options(`${prefix}/${op}`, preflight);
      app.post(`${prefix}/${op}`, routeOpts, handler(op));
    }
  }
}
