/**
 * Hostile-input corpus of the web app: each case sends what an attacker, a
 * scanner or a broken client would, and asserts the exact refusal (status and
 * the sentence shown) and that no workflow changed (the gateway saw no action
 * and every unit's state is as before). Cases of the other security findings
 * (proxies, rate limits, timeouts, errors, logs, codec endpoint) follow.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import { Connection, Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { CSRF_PURPOSE } from '../../client/web/app';
import { GatewayUnavailableError, type UnitState } from '../../client/web/gateway';
import { createTemporalGateway } from '../../client/web/temporal-gateway';
import { loadConfig } from '../../runtime/config';
import { createEncryptionCodec } from '../../runtime/payload-codec';
import { freePort } from '../../runtime/temporal-dev-server';
import { NOW, signer, WORKFLOW_ID } from '../mail/fixtures';
import { draftingState, FakeGateway } from '../web/fake-gateway';
import { call, closeServers, csrfOf, form, FORM, PLAN_FIELDS, testServer, tokenFor, type Answer } from '../web/helpers';

afterAll(closeServers);

const JSON_CT = { 'content-type': 'application/json' };
const UI_ORIGIN = 'http://127.0.0.1:8233';
const codecToken = () => loadConfig({ NODE_ENV: 'test' }).codec.endpointToken!;
const validCsrf = (token: string) => signer.bind(token, CSRF_PURPOSE);
const planJson = (activities: unknown) => JSON.stringify({ planNumber: '15/KH-BV', title: 'Kế hoạch', summary: 'Tóm tắt', activities });

interface Case {
  name: string;
  env?: Record<string, string>;
  gateway?: () => FakeGateway;
  send: (app: FastifyInstance) => Promise<Answer>;
  status: number;
  /** The refusal as shown: a sentence of the page, or a JSON field. */
  says: string;
}

const get = (url: string, headers: Record<string, string> = {}) => (app: FastifyInstance) => call(app, { method: 'GET', url, headers });
const post = (url: string, headers: Record<string, string>, payload: string) => (app: FastifyInstance) => call(app, { method: 'POST', url, headers, payload });
const tok = tokenFor();
const sig = tok.split('.')[3]!;

const INVALID = 'Liên kết không hợp lệ';
const NOT_PAGE = 'Không tìm thấy trang';
const FORBIDDEN = 'Biểu mẫu không được gửi từ trang của hệ thống';

const cases: Case[] = [
  // --- links ---
  { name: 'tampered signature', send: get(`/a/${tok.slice(0, -1)}${tok.endsWith('A') ? 'B' : 'A'}`), status: 400, says: INVALID },
  { name: 'tampered claims', send: get(`/a/${tok.split('.').map((part, i) => (i === 2 ? `${part.slice(0, 5)}${part[5] === 'A' ? 'B' : 'A'}${part.slice(6)}` : part)).join('.')}`), status: 400, says: INVALID },
  { name: 'script in place of a token', send: get('/a/%3Cscript%3Ealert(1)%3C%2Fscript%3E'), status: 400, says: INVALID },
  { name: 'NUL byte token', send: get('/a/%00'), status: 400, says: INVALID },
  { name: 'token of another version', send: get(`/a/v2${tok.slice(2)}`), status: 400, says: INVALID },
  { name: 'token with an unknown key id', send: get(`/a/${tok.replace(/^v1\.t1\./, 'v1.zz.')}`), status: 410, says: 'Liên kết đã hết hạn' },
  { name: 'token with the signature removed', send: get(`/a/${tok.slice(0, tok.lastIndexOf('.'))}`), status: 400, says: INVALID },
  { name: 'signature only', send: get(`/a/${sig}`), status: 400, says: INVALID },
  { name: 'token longer than any real one', send: get(`/a/${'A'.repeat(3000)}`), status: 414, says: 'Yêu cầu không hợp lệ' },
  { name: 'expired link', send: get(`/a/${tokenFor({ expiresAt: NOW / 1000 - 1 })}`), status: 410, says: 'Liên kết đã hết hạn' },
  { name: 'link for another recipient', send: get(`/a/${tokenFor({ email: 'ke.gia.mao@example.vn' })}`), status: 409, says: 'Nhiệm vụ đã được giao cho người khác' },
  { name: 'link for a step not open', send: get(`/a/${tokenFor({ task: 'consolidate' })}`), status: 409, says: 'Chưa đến bước này' },
  { name: 'link to a workflow that does not exist', send: get(`/a/${tokenFor({ workflowId: 'cascade/khong-co/2026/unit/x' })}`), status: 404, says: 'Không tìm thấy nhiệm vụ' },
  { name: 'upper-case path /A/', send: get(`/A/${tok}`), status: 404, says: NOT_PAGE },
  { name: 'path parameter /a;/', send: get(`/a;/${tok}`), status: 404, says: NOT_PAGE },
  { name: 'encoded slash /a%2f', send: get(`/a%2f${tok}`), status: 404, says: NOT_PAGE },
  { name: 'trailing path after the token', send: get(`/a/${tok}/extra`), status: 404, says: NOT_PAGE },
  { name: 'PUT on a link', send: (app) => call(app, { method: 'PUT', url: `/a/${tok}`, headers: FORM, payload: form(PLAN_FIELDS) }), status: 404, says: NOT_PAGE },
  { name: 'DELETE on a link', send: (app) => call(app, { method: 'DELETE', url: `/a/${tok}` }), status: 404, says: NOT_PAGE },
  { name: 'path traversal', send: get('/static/..%2f..%2fpackage.json'), status: 404, says: NOT_PAGE },
  // --- forms and CSRF ---
  { name: 'form without the CSRF field', send: post(`/a/${tok}`, FORM, form(PLAN_FIELDS)), status: 403, says: FORBIDDEN },
  { name: 'CSRF field of another link', send: post(`/a/${tok}`, FORM, form({ ...PLAN_FIELDS, _csrf: validCsrf(tokenFor({ sequence: 'reminder-1' })) })), status: 403, says: FORBIDDEN },
  { name: 'CSRF field for another purpose', send: post(`/a/${tok}`, FORM, form({ ...PLAN_FIELDS, _csrf: signer.bind(tok, 'other') })), status: 403, says: FORBIDDEN },
  { name: 'form from another origin', send: post(`/a/${tok}`, { ...FORM, origin: 'https://evil.example' }, form({ ...PLAN_FIELDS, _csrf: validCsrf(tok) })), status: 403, says: FORBIDDEN },
  { name: 'form from a cross-site fetch', send: post(`/a/${tok}`, { ...FORM, 'sec-fetch-site': 'cross-site' }, form({ ...PLAN_FIELDS, _csrf: validCsrf(tok) })), status: 403, says: FORBIDDEN },
  { name: 'form from a same-site subdomain', send: post(`/a/${tok}`, { ...FORM, 'sec-fetch-site': 'same-site' }, form({ ...PLAN_FIELDS, _csrf: validCsrf(tok) })), status: 403, says: FORBIDDEN },
  { name: 'CSRF field sent twice', send: post(`/a/${tok}`, FORM, `${form(PLAN_FIELDS)}&_csrf=${validCsrf(tok)}&_csrf=x`), status: 403, says: FORBIDDEN },
  { name: 'form posted as text/plain', send: post(`/a/${tok}`, { 'content-type': 'text/plain' }, `_csrf=${validCsrf(tok)}`), status: 403, says: FORBIDDEN },
  { name: 'form posted as XML', send: post(`/a/${tok}`, { 'content-type': 'application/xml' }, '<a/>'), status: 415, says: 'Định dạng không được hỗ trợ' },
  { name: 'form body over the limit', send: post(`/a/${tok}`, FORM, form({ ...PLAN_FIELDS, summary: 'x'.repeat(600 * 1024), _csrf: validCsrf(tok) })), status: 413, says: 'Nội dung quá lớn' },
  // --- JSON API ---
  { name: 'API with a form body', send: post(`/api/a/${tok}`, FORM, form(PLAN_FIELDS)), status: 415, says: '"status":"unsupported-media-type"' },
  { name: 'API from another origin', send: post(`/api/a/${tok}`, { ...JSON_CT, origin: 'https://evil.example' }, planJson({ 'II.1': ['x'] })), status: 403, says: '"status":"forbidden"' },
  { name: 'API with malformed JSON', send: post(`/api/a/${tok}`, JSON_CT, '{"planNumber": '), status: 400, says: '"status":"bad-request"' },
  { name: 'API with a __proto__ key', send: post(`/api/a/${tok}`, JSON_CT, '{"__proto__":{"task":"review-plan"},"planNumber":"1"}'), status: 400, says: '"status":"bad-request"' },
  { name: 'API with a constructor.prototype key', send: post(`/api/a/${tok}`, JSON_CT, '{"constructor":{"prototype":{"x":1}}}'), status: 400, says: '"status":"bad-request"' },
  { name: 'API body over the limit', send: post(`/api/a/${tok}`, JSON_CT, planJson({ 'II.1': ['x'.repeat(600 * 1024)] })), status: 413, says: '"status":"too-large"' },
  { name: 'API with an unknown activity group', send: post(`/api/a/${tok}`, JSON_CT, planJson({ 'II.1': ['a'], 'Z.9': ['b'] })), status: 422, says: 'activities.Z.9: không có nhóm hoạt động này trong chu kỳ' },
  { name: 'API with HTML as an activity group', send: post(`/api/a/${tok}`, JSON_CT, planJson({ '<img src=x onerror=alert(1)>': ['b'] })), status: 422, says: 'activities: không có nhóm hoạt động này trong chu kỳ' },
  { name: 'API with 500 activity groups', send: post(`/api/a/${tok}`, JSON_CT, planJson(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`G.${i}`, ['x']])))), status: 422, says: 'quá nhiều nhóm hoạt động (500, tối đa 50)' },
  { name: 'API with activities as a list', send: post(`/api/a/${tok}`, JSON_CT, planJson([['x']])), status: 422, says: 'activities: phải là một đối tượng' },
  { name: 'API with activities as text', send: post(`/api/a/${tok}`, JSON_CT, planJson('II.1')), status: 422, says: 'activities: phải là một đối tượng' },
  { name: 'API with a 10,000-character title', send: post(`/api/a/${tok}`, JSON_CT, JSON.stringify({ planNumber: '1/KH', title: 't'.repeat(10_000), summary: 's', activities: { 'II.1': ['x'] } })), status: 422, says: '"status":"invalid"' },
  { name: 'API without a plan number', send: post(`/api/a/${tok}`, JSON_CT, JSON.stringify({ title: 't', summary: 's', activities: { 'II.1': ['x'] } })), status: 422, says: 'planNumber' },
  { name: 'API trying to act as another task', send: post(`/api/a/${tok}`, JSON_CT, JSON.stringify({ task: 'review-plan', decision: 'approve', revision: 9, actor: 'x@y.vn' })), status: 422, says: '"status":"invalid"' },
  { name: 'API with a JSON array body', send: post(`/api/a/${tok}`, JSON_CT, '[1,2,3]'), status: 422, says: '"status":"invalid"' },
  // --- codec endpoint (operators only) ---
  { name: 'codec without the operator secret', send: post('/codec/decode', JSON_CT, '{"payloads":[]}'), status: 401, says: 'operator secret missing or wrong' },
  { name: 'codec with a wrong bearer', send: post('/codec/decode', { ...JSON_CT, authorization: `Bearer ${'x'.repeat(43)}` }, '{"payloads":[]}'), status: 401, says: 'operator secret missing or wrong' },
  { name: 'codec with a wrong path secret', send: post(`/codec/${'y'.repeat(43)}/decode`, JSON_CT, '{"payloads":[]}'), status: 401, says: 'operator secret missing or wrong' },
  { name: 'codec preflight from another origin', env: { CODEC_CORS_ORIGINS: UI_ORIGIN }, send: (app) => call(app, { method: 'OPTIONS', url: `/codec/${codecToken()}/decode`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }), status: 403, says: 'origin not allowed' },
  { name: 'codec call from another origin', env: { CODEC_CORS_ORIGINS: UI_ORIGIN }, send: (app) => call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: { ...JSON_CT, origin: 'https://evil.example' }, payload: '{"payloads":[]}' }), status: 403, says: 'origin not allowed' },
  { name: 'codec for another namespace', send: (app) => call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: { ...JSON_CT, 'x-namespace': 'other' }, payload: '{"payloads":[]}' }), status: 403, says: 'this codec serves namespace \\"default\\" only' },
  { name: 'codec with text/plain', send: (app) => call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: { 'content-type': 'text/plain' }, payload: '{}' }), status: 415, says: 'send application/json' },
  { name: 'codec with a malformed body', send: (app) => call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: JSON_CT, payload: '{"payloads":"x"}' }), status: 400, says: 'body must be {\\"payloads\\"' },
  { name: 'codec with too many payloads', send: (app) => call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: JSON_CT, payload: JSON.stringify({ payloads: Array.from({ length: 1001 }, () => ({ data: '' })) }) }), status: 400, says: 'body must be {\\"payloads\\"' },
  {
    name: 'codec with a payload of an unknown key',
    send: async (app) => {
      const [p] = await createEncryptionCodec([{ id: 'elsewhere', key: Buffer.alloc(32, 3) }]).encode([defaultPayloadConverter.toPayload('x')]);
      const json = { metadata: Object.fromEntries(Object.entries(p!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(p!.data!).toString('base64') };
      return call(app, { method: 'POST', url: `/codec/${codecToken()}/decode`, headers: JSON_CT, payload: JSON.stringify({ payloads: [json] }) });
    },
    status: 422,
    says: 'payload encrypted with key id \\"elsewhere\\", which is not configured',
  },
  // --- rate limits ---
  {
    name: 'one link opened too often (per-link limit)',
    env: { WEB_LINK_RATE_LIMIT_PER_MINUTE: '3' },
    send: async (app) => {
      for (let i = 0; i < 3; i++) expect((await call(app, { method: 'GET', url: `/a/${tok}` })).statusCode).toBe(200);
      return call(app, { method: 'GET', url: `/api/a/${tok}` });
    },
    status: 429,
    says: '"status":"rate-limited"',
  },
  {
    name: 'forged X-Forwarded-For behind one trusted proxy (hop count)',
    env: { WEB_TRUST_PROXY: '1', WEB_RATE_LIMIT_PER_MINUTE: '5' },
    send: async (app) => {
      for (let i = 0; i < 5; i++) await call(app, { method: 'GET', url: '/a/x', headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` } });
      return call(app, { method: 'GET', url: '/a/x', headers: { 'x-forwarded-for': '10.9.99.1, 203.0.113.7' } });
    },
    status: 429,
    says: 'Quá nhiều yêu cầu',
  },
  {
    name: 'X-Forwarded-For from a peer that is not a trusted proxy',
    env: { WEB_TRUST_PROXY: '10.0.0.5', WEB_RATE_LIMIT_PER_MINUTE: '5' },
    send: async (app) => {
      for (let i = 0; i < 5; i++) await call(app, { method: 'GET', url: '/a/x', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      return call(app, { method: 'GET', url: '/a/x', headers: { 'x-forwarded-for': '198.51.100.200' } });
    },
    status: 429,
    says: 'Quá nhiều yêu cầu',
  },
  // --- errors ---
  {
    name: 'an internal error: generic Vietnamese page with a request id, no raw message',
    gateway: () => new (class extends FakeGateway {
      override getState(): Promise<UnitState | null> { return Promise.reject(new Error('pg: password authentication failed for user "temporal" at 10.0.0.9')); }
    })(),
    send: get(`/a/${tok}`),
    status: 500,
    says: 'Hệ thống gặp lỗi khi xử lý yêu cầu',
  },
  {
    name: 'Temporal not answering in time: 503 JSON with a request id',
    gateway: () => new (class extends FakeGateway {
      override getState(): Promise<UnitState | null> { return Promise.reject(new GatewayUnavailableError('Temporal did not answer the query within 10 ms')); }
    })(),
    send: get(`/api/a/${tok}`),
    status: 503,
    says: '"status":"unavailable"',
  },
];

describe('hostile-input corpus', () => {
  it('has at least 60 cases (config and cascade-file refusals are in config-security and cascade-input)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { app, gateway } = await testServer({ ...(c.env ? { env: c.env } : {}), ...(c.gateway ? { gateway: c.gateway() } : {}) });
    const before = JSON.stringify([...gateway.states]);
    const res = await c.send(app);
    expect(res.statusCode).toBe(c.status);
    expect(res.body).toContain(c.says);
    // Never a stack trace or a raw internal message.
    expect(res.body).not.toMatch(/\n\s+at |password authentication|within 10 ms/);
    if (res.statusCode >= 500) expect(res.body).toMatch(/Mã yêu cầu: [0-9a-f]{16}|"requestId":"[0-9a-f]{16}"/);
    // No workflow changed.
    expect(gateway.calls).toEqual([]);
    expect(JSON.stringify([...gateway.states])).toBe(before);
  });
});

describe('what must keep working under the limits', () => {
  it('many people behind one organisation proxy, each with their own link, are not refused; guessed links from there still are', async () => {
    const { app } = await testServer({ env: { WEB_TRUST_PROXY: '1', WEB_RATE_LIMIT_PER_MINUTE: '5' } });
    const proxy = { 'x-forwarded-for': '203.0.113.7' };
    const codes: number[] = [];
    // 40 heads, each opening their page and posting their plan's API: 80 requests from one address.
    for (let i = 0; i < 40; i++) {
      const link = tokenFor({ sequence: `head-${i}` });
      codes.push((await call(app, { method: 'GET', url: `/a/${link}`, headers: proxy })).statusCode);
      codes.push((await call(app, { method: 'GET', url: `/api/a/${link}`, headers: proxy })).statusCode);
    }
    expect(new Set(codes)).toEqual(new Set([200]));
    const guessed: number[] = [];
    for (const c of [...'ABCDEFGH'].filter((x) => x !== tok.at(-1)).slice(0, 6)) guessed.push((await call(app, { method: 'GET', url: `/a/${tok.slice(0, -1)}${c}`, headers: proxy })).statusCode);
    expect(guessed.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(guessed.slice(-1)).toEqual([429]);
    // The address limit is spent, yet the next genuine link still opens; its own limit still holds (see the corpus).
    expect((await call(app, { method: 'GET', url: `/a/${tokenFor({ sequence: 'head-late' })}`, headers: proxy })).statusCode).toBe(200);
  });

  it('health checks and the stylesheet are never rate-limited', async () => {
    const { app } = await testServer({ env: { WEB_RATE_LIMIT_PER_MINUTE: '2' } });
    for (let i = 0; i < 2; i++) await call(app, { method: 'GET', url: '/a/x' });
    expect((await call(app, { method: 'GET', url: '/a/x' })).statusCode).toBe(429);
    const codes = [];
    for (let i = 0; i < 10; i++) codes.push((await call(app, { method: 'GET', url: '/healthz' })).statusCode, (await call(app, { method: 'GET', url: '/static/site.css' })).statusCode);
    expect(new Set(codes)).toEqual(new Set([200]));
  });

  it('many people behind one proxy address, each with their own link, are all served', async () => {
    const { app } = await testServer({ env: { WEB_LINK_RATE_LIMIT_PER_MINUTE: '2', WEB_RATE_LIMIT_PER_MINUTE: '300' } });
    const codes = [];
    for (let i = 0; i < 60; i++) codes.push((await call(app, { method: 'GET', url: `/a/${tokenFor({ sequence: `reminder-${i}` })}` })).statusCode);
    expect(new Set(codes)).toEqual(new Set([200]));
  });
});

describe('slow clients', () => {
  /** Opens a raw connection, sends `head`, then one byte every 300 ms; resolves with what came back when the server closes. */
  function slowly(app: FastifyInstance, head: string): Promise<string> {
    const { port } = app.server.address() as net.AddressInfo;
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      const drip = setInterval(() => socket.writable && socket.write('a'), 300);
      socket.on('data', (d) => { answer += d.toString(); });
      socket.on('error', () => undefined);
      socket.on('close', () => { clearInterval(drip); resolve(answer); });
      socket.write(head);
    });
  }

  it('a POST whose body trickles in is cut off (slowloris)', async () => {
    const { app, gateway } = await testServer({ env: { WEB_REQUEST_TIMEOUT_MS: '1000' } });
    const answer = await slowly(app, `POST /a/${tok} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n_csrf=`);
    expect(answer.split('\r\n')[0] ?? '(closed)').toMatch(/^(HTTP\/1\.1 408 Request Timeout|\(closed\))$/);
    expect(gateway.calls).toEqual([]);
  }, 30_000);

  it('headers that never end are cut off', async () => {
    const { app } = await testServer({ env: { WEB_REQUEST_TIMEOUT_MS: '1000' } });
    const answer = await slowly(app, `GET /a/${tok} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
    expect(answer.split('\r\n')[0] ?? '(closed)').toMatch(/^(HTTP\/1\.1 408 Request Timeout|\(closed\))$/);
  }, 30_000);
});

describe('logs', () => {
  it('hold no token and no codec secret, whatever path they came in by; errors are logged with the request id', async () => {
    let out = '';
    const log = new Writable({ write(chunk: Buffer, _e, cb) { out += chunk.toString(); cb(); } });
    const failing = new (class extends FakeGateway {
      override getState(): Promise<UnitState | null> { return Promise.reject(new Error(`lookup failed for /a/${tok}`)); }
    })();
    const { app } = await testServer({ log, gateway: failing, env: { LOG_LEVEL: 'info' } });
    const [v, kid, claims, signature] = tok.split('.') as [string, string, string, string];
    const encoded = `%${v.charCodeAt(0).toString(16)}${v.slice(1)}.${kid}.${claims}.${signature}`;
    const secret = codecToken();
    for (const url of [`/%61/${tok}`, `/api/%61/${tok}`, `/A/${tok}`, `/a;/${tok}`, `/a%2f${tok}`, `/x/${encoded}`, `/a/${tok}?utm=${tok}`, `/codec/${secret}/nothing`]) {
      await call(app, { method: 'GET', url });
    }
    const failed = await call(app, { method: 'GET', url: `/a/${tok}` });
    expect(failed.statusCode).toBe(500);
    const id = /Mã yêu cầu: ([0-9a-f]{16})/.exec(failed.body)?.[1];
    expect(id).toBeDefined();
    expect(out).toContain(`"reqId":"${id}"`);
    expect(out).toContain('[redacted]');
    for (const part of [claims, signature, secret, claims.slice(0, 40), signature.slice(0, 20)]) expect(out).not.toContain(part);
  });
});

describe('deadline on Temporal calls', () => {
  it('an unreachable server gives GatewayUnavailableError, not a hang', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    try {
      const gateway = createTemporalGateway(new Client({ connection }), { timeoutMs: 1500 });
      await expect(gateway.getState(WORKFLOW_ID)).rejects.toBeInstanceOf(GatewayUnavailableError);
      const input = { task: 'draft-plan', revision: 0, actor: 'a@b.vn', planNumber: '1', title: 't', summary: 's', activities: {} } as const;
      await expect(gateway.act(WORKFLOW_ID, input)).rejects.toThrow('Temporal did not answer the update within 1500 ms');
    } finally {
      await connection.close();
    }
  }, 60_000);
});

describe('a genuine form still works', () => {
  it('the plan form posts and reaches the workflow once', async () => {
    const { app, gateway } = await testServer({ gateway: new FakeGateway(draftingState()) });
    const csrf = csrfOf((await call(app, { method: 'GET', url: `/a/${tok}` })).body);
    const res = await call(app, { method: 'POST', url: `/a/${tok}`, headers: FORM, payload: form({ ...PLAN_FIELDS, _csrf: csrf }) });
    expect(res.statusCode).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });
});
