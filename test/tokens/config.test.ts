import { ConfigError, loadConfig } from '../../runtime/config';

describe('loadConfig', () => {
  it('gives a working development setup from an empty environment', () => {
    const c = loadConfig({});
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'directive-cascade' });
    expect(c.smtp).toMatchObject({ host: '127.0.0.1', port: 1025, security: 'none' });
    expect(c.web.publicBaseUrl).toBe('http://127.0.0.1:3000');
    // Generated once for the data folder (test/security/dev-secrets.test.ts covers how).
    expect(c.actionTokens.currentKid).toMatch(/^dev-[0-9a-f]{6}$/);
    expect(c.actionTokens.usingDevSecret).toBe(true);
    expect(c.codec.usingDevKeys).toBe(true);
  });

  it('parses key rings: the first key signs', () => {
    const c = loadConfig({ ACTION_TOKEN_SECRETS: `k2026:${'x'.repeat(32)}, k2025:${'y'.repeat(40)}`, PUBLIC_BASE_URL: 'https://cd.example.vn/' });
    expect(c.actionTokens.currentKid).toBe('k2026');
    expect(Object.keys(c.actionTokens.secrets)).toEqual(['k2026', 'k2025']);
    expect(c.web.publicBaseUrl).toBe('https://cd.example.vn');
  });

  it('lists one clear problem per bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ SMTP_PORT: 'abc', WEB_PORT: '70000', PUBLIC_BASE_URL: 'ftp://x', MAIL_FROM_ADDRESS: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['MAIL_FROM_ADDRESS', 'PUBLIC_BASE_URL', 'SMTP_PORT', 'WEB_PORT']);
    expect((err as ConfigError).message).toContain('SMTP_PORT: must be a port number');
  });

  it('refuses the development secret, plain SMTP and http links in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ACTION_TOKEN_SECRETS: required in production[\s\S]*SMTP_SECURITY[\s\S]*PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ACTION_TOKEN_SECRETS: 'short:abc' })).toThrow(/at least 32 characters/);
    const ok = loadConfig({
      NODE_ENV: 'production',
      ACTION_TOKEN_SECRETS: `p1:${'z'.repeat(48)}`,
      PAYLOAD_CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      SMTP_SECURITY: 'starttls',
      SMTP_USER: 'u',
      SMTP_PASS: 'p',
      PUBLIC_BASE_URL: 'https://chidao.example.gov.vn',
    });
    expect(ok.smtp.auth).toEqual({ user: 'u', pass: 'p' });
  });
});
