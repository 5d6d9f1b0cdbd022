/**
 * Dashboard accounts and sign-in without Temporal: the accounts file is
 * checked field by field, passwords are argon2id, roles are per cascade, the
 * sign-in form needs its CSRF field and is rate limited per address, and the
 * session cookie is HttpOnly, SameSite=Strict, scoped to /admin.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../client/web/app';
import { checkPassword, hashPassword, parseAccounts, roleFor } from '../../../client/web/admin/accounts';
import type { AdminGateway } from '../../../client/web/admin/gateway';
import { loadConfig } from '../../../runtime/config';
import { BASE_URL, signer } from '../../mail/fixtures';
import { FakeGateway } from '../fake-gateway';

const noCycles: AdminGateway = {
  listCycles: () => Promise.resolve([]),
  cycleStatus: () => Promise.resolve(null),
  cycleInput: () => Promise.resolve(null),
  listUnits: () => Promise.resolve([]),
  unitState: () => Promise.resolve(null),
  unitStates: () => Promise.resolve([]),
  cycleStartedAt: () => Promise.resolve(null),
  steer: () => Promise.reject(new Error('no steering here')),
};

describe('accounts', () => {
  it('names the field that is wrong', () => {
    expect(() => parseAccounts('{', 'accounts.json')).toThrow(/^accounts\.json: không phải JSON hợp lệ/);
    expect(() => parseAccounts(JSON.stringify({ accounts: [{ username: 'Lan Anh', passwordHash: '$argon2id$x', roles: {} }] }), 'f')).toThrow('f: accounts.0.username: tên đăng nhập');
    expect(() => parseAccounts(JSON.stringify({ accounts: [{ username: 'lan', passwordHash: 'plain', roles: {} }] }), 'f')).toThrow('passwordHash phải là chuỗi argon2');
    expect(() => parseAccounts(JSON.stringify({ accounts: [{ username: 'lan', passwordHash: '$argon2id$x', roles: { x: 'owner' } }] }), 'f')).toThrow(/accounts\.0\.roles\.x/);
    const twice = { username: 'lan', passwordHash: '$argon2id$x', roles: {} };
    expect(() => parseAccounts(JSON.stringify({ accounts: [twice, twice] }), 'f')).toThrow('f: tài khoản "lan" khai báo hai lần');
  });

  it('checks argon2id passwords and gives roles per cascade, the named one before "*"', async () => {
    const accounts = parseAccounts(JSON.stringify({ accounts: [{ username: 'lan', passwordHash: await hashPassword('dung-mat-khau-roi'), roles: { 'ct21-a': 'steward', '*': 'viewer' } }] }), 't');
    expect(accounts.get('lan')!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await checkPassword(accounts, 'lan', 'dung-mat-khau-roi')).toMatchObject({ username: 'lan' });
    expect(await checkPassword(accounts, 'lan', 'sai')).toBeNull();
    expect(await checkPassword(accounts, 'khong-co', 'dung-mat-khau-roi')).toBeNull();
    expect(roleFor(accounts.get('lan')!, 'ct21-a')).toBe('steward');
    expect(roleFor(accounts.get('lan')!, 'ct21-b')).toBe('viewer');
    expect(roleFor({ roles: { 'ct21-a': 'viewer' } }, 'ct21-b')).toBeNull();
  });
});

describe('sign-in', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    const accounts = parseAccounts(JSON.stringify({ accounts: [{ username: 'lan', passwordHash: await hashPassword('dung-mat-khau-roi'), roles: { '*': 'viewer' } }] }), 't');
    app = await buildServer({
      config: loadConfig({ PUBLIC_BASE_URL: BASE_URL, WEB_RATE_LIMIT_PER_MINUTE: '1000' }),
      gateway: new FakeGateway(),
      tokenSigner: signer,
      log: false,
      admin: { accounts, gateway: noCycles, secureCookies: false, temporalUiUrl: 'http://localhost:8233', namespace: 'default', loginAttemptsPerMinute: 3 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  const loginForm = async () => {
    const res = await fetch(`${base}/admin/login`);
    const cookie = res.headers.getSetCookie()[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie: cookie.split(';')[0]!, csrf, setCookie: cookie };
  };
  const post = (cookie: string, fields: Record<string, string>) =>
    fetch(`${base}/admin/login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /admin, and signs in with the CSRF field', async () => {
    const { cookie, csrf, setCookie } = await loginForm();
    expect(setCookie).toMatch(/^cascade_admin=/);
    expect(setCookie).toMatch(/; Path=\/admin/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    const noToken = await post(cookie, { username: 'lan', password: 'dung-mat-khau-roi' });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('Biểu mẫu đã cũ');
    const ok = await post(cookie, { _csrf: csrf, username: 'lan', password: 'dung-mat-khau-roi' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin');
    const session = ok.headers.getSetCookie()[0]!.split(';')[0]!;
    const home = await fetch(`${base}/admin`, { headers: { cookie: session }, redirect: 'manual' });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Chưa có chu kỳ nào mà tài khoản này được xem.');
  });

  it('limits sign-in attempts per address', async () => {
    const { cookie, csrf } = await loginForm();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post(cookie, { _csrf: csrf, username: 'lan', password: `sai-${i}` })).status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(2);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
  });
});
