import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';

const PROD = {
  NODE_ENV: 'production',
  SMTP_SECURITY: 'starttls',
  PUBLIC_BASE_URL: 'https://chidao.example.gov.vn',
  ACTION_TOKEN_SECRETS: `p1:${'z'.repeat(48)}`,
  PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};

/** @returns "VARIABLE: message" lines of the refusal */
function refusal(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.variable}: ${p.message}`);
    throw err;
  }
  throw new Error('configuration was accepted');
}

describe('development secrets per data folder', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'dc-keys-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are random, generated once, kept (0600) and reused after a restart', () => {
    const first = loadConfig({ DATA_DIR: dir });
    const file = path.join(dir, 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadConfig({ DATA_DIR: dir });
    expect(again.actionTokens.secrets).toEqual(first.actionTokens.secrets);
    expect(Buffer.from(again.codec.keys[0]!.key).equals(Buffer.from(first.codec.keys[0]!.key))).toBe(true);
    expect(again.codec.endpointToken).toBe(first.codec.endpointToken);
    // Another data folder gets other secrets: nothing public or shared.
    const other = mkdtempSync(path.join(tmpdir(), 'dc-keys-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).actionTokens.secrets).not.toEqual(first.actionTokens.secrets);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    expect(readFileSync(file, 'utf8')).not.toContain('DEV-ONLY');
  });

  it('are never used in production: every missing secret is named', () => {
    const { ACTION_TOKEN_SECRETS: _a, PAYLOAD_CODEC_KEYS: _p, ...bare } = PROD;
    expect(refusal({ ...bare, DATA_DIR: dir })).toEqual([
      'ACTION_TOKEN_SECRETS: required in production (development secrets are generated per data folder only when NODE_ENV is development or test): set kid:secret with a random secret of 32+ characters',
      'PAYLOAD_CODEC_KEYS: required in production (development secrets are generated per data folder only when NODE_ENV is development or test): set kid:base64key (openssl rand -base64 32), newest first',
    ]);
    expect(() => statSync(path.join(dir, 'keys.json'))).toThrow();
  });
});

describe('security settings', () => {
  it('a complete production environment is accepted, with the codec endpoint off unless a token is set', () => {
    const c = loadConfig(PROD);
    expect(c.codec.keys.map((k) => k.id)).toEqual(['k1']);
    expect(c.codec.endpointToken).toBeUndefined();
    expect(c.web.trustProxy).toBe(false);
    // Large payloads are compressed unless turned off (0) for a rolling upgrade.
    expect(c.codec.compressAboveBytes).toBe(16 * 1024);
    expect(loadConfig({ ...PROD, PAYLOAD_COMPRESS_ABOVE_BYTES: '0' }).codec.compressAboveBytes).toBe(0);
  });

  it('trusted proxies: a hop count or addresses, never "true"', () => {
    expect(loadConfig({ ...PROD, WEB_TRUST_PROXY: '1' }).web.trustProxy).toBe(1);
    expect(loadConfig({ ...PROD, WEB_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).web.trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback']);
    expect(refusal({ ...PROD, WEB_TRUST_PROXY: 'true' })).toEqual([
      'WEB_TRUST_PROXY: true would trust every hop, so a forged X-Forwarded-For would pass as the client address: give the number of proxies in front of the app (e.g. 1) or their addresses (e.g. 10.0.0.5 or 10.0.0.0/24)',
    ]);
  });

  it.each([
    ['WEB_TRUST_PROXY', '11', 'WEB_TRUST_PROXY: a hop count must be 1–10'],
    ['WEB_TRUST_PROXY', '10.0.0.0/33', 'WEB_TRUST_PROXY: "10.0.0.0/33" is neither false, a hop count (1–10) nor an IP address or CIDR range'],
    ['WEB_TRUST_PROXY', 'proxy.example', 'WEB_TRUST_PROXY: "proxy.example" is neither false, a hop count (1–10) nor an IP address or CIDR range'],
    ['PUBLIC_BASE_URL', 'https://user:pw@chidao.example.gov.vn', 'PUBLIC_BASE_URL: must not contain a user name or password (they would be mailed in every link)'],
    ['PUBLIC_BASE_URL', 'https://chidao.example.gov.vn/?x=1', 'PUBLIC_BASE_URL: must not contain a query (?…): links are built by appending /a/<token>'],
    ['PUBLIC_BASE_URL', 'https://chidao.example.gov.vn/#top', 'PUBLIC_BASE_URL: must not contain a fragment (#…): links are built by appending /a/<token>'],
    ['PAYLOAD_CODEC_KEYS', 'k1:c2hvcnQ=', 'PAYLOAD_CODEC_KEYS: key "k1" must be 32 random bytes in base64 (44 characters; e.g. openssl rand -base64 32)'],
    ['PAYLOAD_CODEC_KEYS', `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`, 'PAYLOAD_CODEC_KEYS: key id "k1" is listed twice'],
    ['CODEC_ENDPOINT_TOKEN', 'short', 'CODEC_ENDPOINT_TOKEN: must be 32–256 letters, digits, - or _ (it travels in a URL path; e.g. openssl rand -hex 32)'],
    ['CODEC_CORS_ORIGINS', 'https://ui.example/path', 'CODEC_CORS_ORIGINS: "https://ui.example/path" must be an origin only: scheme://host[:port], no path'],
    ['PAYLOAD_COMPRESS_ABOVE_BYTES', '-1', 'PAYLOAD_COMPRESS_ABOVE_BYTES: must be 0 (off) or more'],
    ['PAYLOAD_COMPRESS_ABOVE_BYTES', '16k', 'PAYLOAD_COMPRESS_ABOVE_BYTES: must be a number of bytes'],
    ['ACTION_TOKEN_SECRETS', 'k:short', 'ACTION_TOKEN_SECRETS: secret of key "k" must be at least 32 characters (e.g. openssl rand -base64 32)'],
  ])('%s=%s is refused with one clear line', (variable, value, line) => {
    expect(refusal({ ...PROD, [variable]: value })).toEqual([line]);
  });
});

describe('web admission of Temporal calls', () => {
  it('defaults to 32 calls in flight and a 15 s wait for a turn, and reads both', () => {
    expect(loadConfig(PROD).web).toMatchObject({ temporalConcurrency: 32, temporalQueueMs: 15_000 });
    expect(loadConfig({ ...PROD, WEB_TEMPORAL_CONCURRENCY: '0', WEB_TEMPORAL_QUEUE_MS: '5000' }).web).toMatchObject({ temporalConcurrency: 0, temporalQueueMs: 5_000 });
  });

  it('refuses a wait plus deadline the connection would not outlive, naming both settings', () => {
    expect(refusal({ ...PROD, WEB_TEMPORAL_QUEUE_MS: '25000' })).toEqual([
      'WEB_TEMPORAL_QUEUE_MS: with WEB_TEMPORAL_TIMEOUT_MS (10000) must stay below WEB_REQUEST_TIMEOUT_MS (30000): the connection would close before the answer',
    ]);
    // No limit, no queue: nothing to outlive.
    expect(loadConfig({ ...PROD, WEB_TEMPORAL_CONCURRENCY: '0', WEB_TEMPORAL_QUEUE_MS: '25000' }).web.temporalConcurrency).toBe(0);
  });

  it('shrinks the default wait to what WEB_REQUEST_TIMEOUT_MS leaves, so settings from before the queue still start', () => {
    expect(loadConfig({ ...PROD, WEB_REQUEST_TIMEOUT_MS: '20000' }).web.temporalQueueMs).toBe(9_000);
    expect(loadConfig({ ...PROD, WEB_REQUEST_TIMEOUT_MS: '1000' }).web.temporalQueueMs).toBe(0);
  });

  it('refuses values that are not whole numbers in range', () => {
    expect(refusal({ ...PROD, WEB_TEMPORAL_CONCURRENCY: '-1' })).toEqual(['WEB_TEMPORAL_CONCURRENCY: must be 0 (no limit) or more']);
    expect(refusal({ ...PROD, WEB_TEMPORAL_QUEUE_MS: 'soon' })).toEqual(['WEB_TEMPORAL_QUEUE_MS: must be a number of milliseconds']);
  });
});
