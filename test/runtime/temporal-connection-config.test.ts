/**
 * The Temporal connection variables as runtime/config.ts reads them: plaintext by
 * default, TLS switched on by any TLS file or an API key, and one problem per
 * wrong variable (half an mTLS pair, an unreadable file, TLS off with credentials).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-config-'));
const file = (name: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, `-----BEGIN ${name}-----\n`);
  return p;
};
const ca = file('ca.pem');
const cert = file('client.pem');
const key = file('client.key');

function problems(env: NodeJS.ProcessEnv): Array<[string, string]> {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => [p.variable, p.message]);
    throw err;
  }
  return [];
}

describe('Temporal connection variables', () => {
  it('plaintext when nothing is set', () => {
    expect(loadConfig({}).temporal.tls).toBeUndefined();
    expect(loadConfig({}).temporal.apiKey).toBeUndefined();
  });

  it('mTLS from the four files, under Temporal\'s own variable names', () => {
    const t = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.example.gov.vn:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.gov.vn',
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
    }).temporal;
    expect(t.tls).toEqual({ serverCaCertPath: ca, serverName: 'temporal.example.gov.vn', clientCertPath: cert, clientKeyPath: key });
  });

  it('an API key alone turns TLS on (Temporal Cloud, public CA)', () => {
    const t = loadConfig({ TEMPORAL_API_KEY: 'k-123', TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233' }).temporal;
    expect([t.tls, t.apiKey]).toEqual([{}, 'k-123']);
    expect(loadConfig({ TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({});
  });

  it.each<[string, NodeJS.ProcessEnv, Array<[string, RegExp]>]>([
    ['a certificate without its key', { TEMPORAL_TLS_CLIENT_CERT_PATH: cert }, [['TEMPORAL_TLS_CLIENT_KEY_PATH', /must be set together/]]],
    ['a key without its certificate', { TEMPORAL_TLS_CLIENT_KEY_PATH: key }, [['TEMPORAL_TLS_CLIENT_CERT_PATH', /must be set together/]]],
    ['an unreadable CA file', { TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') }, [['TEMPORAL_TLS_SERVER_CA_CERT_PATH', /cannot read .*missing\.pem \(ENOENT\)/]]],
    ['TLS off with an API key', { TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, [['TEMPORAL_TLS', /never sent in plaintext/]]],
    ['TEMPORAL_TLS not a boolean', { TEMPORAL_TLS: 'yes' }, [['TEMPORAL_TLS', /true or false/]]],
  ])('refuses %s, naming the variable', (_what, env, expected) => {
    const got = problems(env);
    expect(got.map(([v]) => v)).toEqual(expected.map(([v]) => v));
    got.forEach(([, message], i) => expect(message).toMatch(expected[i]![1]));
  });
});
