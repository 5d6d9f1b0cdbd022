/** Shared setup for web tests: a server over the fake gateway, and token minting. */
import type { FastifyInstance } from 'fastify';
import type { TaskKind } from '../../domain/actions';
import { buildServer } from '../../client/web/app';
import { loadConfig } from '../../runtime/config';
import { BASE_URL, HEAD_EMAIL, NOW, signer, WORKFLOW_ID } from '../mail/fixtures';
import { FakeGateway } from './fake-gateway';

/** Mints a token like the mail activity does. */
export function tokenFor(over: { task?: TaskKind; revision?: number; email?: string; expiresAt?: number; sequence?: string; workflowId?: string } = {}): string {
  return signer.sign({
    workflowId: over.workflowId ?? WORKFLOW_ID,
    task: over.task ?? 'draft-plan',
    revision: over.revision ?? 0,
    recipientHash: signer.recipientHash(over.email ?? HEAD_EMAIL),
    issuedAt: NOW / 1000,
    expiresAt: over.expiresAt ?? NOW / 1000 + 7 * 86_400,
    sequence: over.sequence ?? 'assigned',
  });
}

const running: FastifyInstance[] = [];

/** Closes every server {@link testServer} started (call in afterAll). */
export async function closeServers(): Promise<void> {
  await Promise.all(running.splice(0).map((a) => a.close()));
}

/** A response as tests read it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a real HTTP request to a listening test server. (`app.inject` cannot run
 * under this Jest config: light-my-request requires the ESM-only `cookie` 2.x.)
 */
export async function call(app: FastifyInstance, req: { method: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<Answer> {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening');
  const res = await fetch(`http://127.0.0.1:${address.port}${req.url}`, { method: req.method, headers: req.headers ?? {}, body: req.payload ?? null, redirect: 'manual' });
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** @returns a server listening on a random 127.0.0.1 port, and its fake gateway */
export async function testServer(opts: { gateway?: FakeGateway; env?: Record<string, string>; log?: NodeJS.WritableStream; clock?: () => number } = {}): Promise<{ app: FastifyInstance; gateway: FakeGateway }> {
  const gateway = opts.gateway ?? new FakeGateway();
  const config = loadConfig({ PUBLIC_BASE_URL: BASE_URL, WEB_RATE_LIMIT_PER_MINUTE: '1000', ...opts.env });
  const app = await buildServer({ config, gateway, tokenSigner: signer, clock: opts.clock ?? (() => NOW), log: opts.log ?? false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  running.push(app);
  return { app, gateway };
}

/** @returns the CSRF field of a rendered form */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field in page');
  return m[1]!;
}

/** URL-encodes a form body. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A valid plan submission (without the CSRF field). */
export const PLAN_FIELDS = {
  planNumber: '15/KH-BVĐK',
  title: 'Kế hoạch thực hiện Chỉ thị số 21-CT/TW năm 2026',
  summary: 'Triển khai các hoạt động vì sự tiến bộ của phụ nữ tại Bệnh viện.',
  'activities.II.1': 'Hội nghị quán triệt Chỉ thị 21-CT/TW\nTruyền thông Tháng hành động 15/11–15/12',
  'activities.II.3': 'Rà soát quy hoạch cán bộ nữ',
};
