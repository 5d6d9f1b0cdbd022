/**
 * How every process reaches Temporal: a local server, a self-hosted cluster with
 * TLS or mTLS, or Temporal Cloud (API key or mTLS). The variables are Temporal's own
 * environment-configuration names, so the `temporal` CLI reads the same ones:
 *
 *   TEMPORAL_TLS                      true/false; on by itself when any TLS file or an API key is set
 *   TEMPORAL_TLS_SERVER_CA_CERT_PATH  CA that signed the server's certificate (omit for public CAs)
 *   TEMPORAL_TLS_SERVER_NAME          name to verify in the server's certificate
 *   TEMPORAL_TLS_CLIENT_CERT_PATH     client certificate (mTLS) ...
 *   TEMPORAL_TLS_CLIENT_KEY_PATH      ... and its key (both or neither)
 *   TEMPORAL_API_KEY                  Temporal Cloud API key (sent as a bearer token, over TLS)
 *
 * Address and namespace are TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE (runtime/config.ts);
 * the connections themselves are opened by runtime/temporal-connection.ts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optionalPath = z.string().trim().optional().transform((v) => (v ? v : undefined));

/** The env variables of this module, merged into the one schema of runtime/config.ts. */
export const temporalConnectionEnvShape = {
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalPath,
  TEMPORAL_TLS_SERVER_NAME: optionalPath,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalPath,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalPath,
  TEMPORAL_API_KEY: optionalPath,
};

type ConnectionEnv = { [K in keyof typeof temporalConnectionEnvShape]?: string | undefined };

/** TLS towards Temporal; file paths, read when connecting. */
export interface TemporalTlsConfig {
  serverCaCertPath?: string;
  serverName?: string;
  clientCertPath?: string;
  clientKeyPath?: string;
}

/** Everything needed to open a connection to Temporal. */
export interface TemporalConnectionConfig {
  address: string;
  namespace: string;
  /** Absent: plaintext (a local server). */
  tls?: TemporalTlsConfig;
  apiKey?: string;
}

/**
 * Turns the validated variables into connection settings.
 * @param e the parsed variables of {@link temporalConnectionEnvShape}
 * @param problems collects one message per wrong variable
 * @returns the `tls` and `apiKey` parts of {@link TemporalConnectionConfig}
 */
export function temporalConnectionFromEnv(e: ConnectionEnv, problems: Array<{ variable: string; message: string }>): Pick<TemporalConnectionConfig, 'tls' | 'apiKey'> {
  if (Boolean(e.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    const missing = e.TEMPORAL_TLS_CLIENT_CERT_PATH ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH';
    problems.push({ variable: missing, message: 'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together (mTLS)' });
  }
  for (const variable of ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH'] as const) {
    const file = e[variable];
    if (!file) continue;
    try {
      readFileSync(file);
    } catch (err) {
      problems.push({ variable, message: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    }
  }
  const anyTls = Boolean(e.TEMPORAL_TLS_SERVER_CA_CERT_PATH || e.TEMPORAL_TLS_SERVER_NAME || e.TEMPORAL_TLS_CLIENT_CERT_PATH || e.TEMPORAL_API_KEY);
  if (e.TEMPORAL_TLS === 'false' && anyTls) {
    problems.push({ variable: 'TEMPORAL_TLS', message: 'is false, but TLS files or an API key are set (an API key is never sent in plaintext)' });
  }
  const tlsOn = e.TEMPORAL_TLS === 'true' || (e.TEMPORAL_TLS !== 'false' && anyTls);
  const tls: TemporalTlsConfig = {
    ...(e.TEMPORAL_TLS_SERVER_CA_CERT_PATH ? { serverCaCertPath: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH } : {}),
    ...(e.TEMPORAL_TLS_SERVER_NAME ? { serverName: e.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(e.TEMPORAL_TLS_CLIENT_CERT_PATH ? { clientCertPath: e.TEMPORAL_TLS_CLIENT_CERT_PATH } : {}),
    ...(e.TEMPORAL_TLS_CLIENT_KEY_PATH ? { clientKeyPath: e.TEMPORAL_TLS_CLIENT_KEY_PATH } : {}),
  };
  return { ...(tlsOn ? { tls } : {}), ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}) };
}

