/**
 * The one way every process opens a connection to Temporal (worker, web app, CLI,
 * launchers, the twin's own administration): TLS, mTLS and API key come from the
 * configuration (runtime/temporal-connection-config.ts), and a refusal becomes one
 * line naming the variable to look at.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import type { TemporalConnectionConfig } from './temporal-connection-config';

export type { TemporalConnectionConfig, TemporalTlsConfig } from './temporal-connection-config';

/** Options both SDK connection kinds take (the files read now). */
function sharedOptions(config: TemporalConnectionConfig): Pick<ConnectionOptions, 'address' | 'tls' | 'apiKey'> {
  const t = config.tls;
  if (!t) return { address: config.address };
  return {
    address: config.address,
    tls: {
      ...(t.serverCaCertPath ? { serverRootCACertificate: readFileSync(t.serverCaCertPath) } : {}),
      ...(t.serverName ? { serverNameOverride: t.serverName } : {}),
      ...(t.clientCertPath && t.clientKeyPath ? { clientCertPair: { crt: readFileSync(t.clientCertPath), key: readFileSync(t.clientKeyPath) } } : {}),
    },
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}

/** Why a connection failed, as far as the error tells. */
export const CONNECT_FAILURES = ['needs-client-cert', 'cert-refused', 'untrusted-server', 'credentials', 'expects-tls', 'unreachable'] as const;

/** One of {@link CONNECT_FAILURES}. */
export type ConnectFailure = (typeof CONNECT_FAILURES)[number];

/** What to do about each failure, in English (logs) and Vietnamese (the CLI's people). */
const FAILURE_TEXT: Record<ConnectFailure, { en: string; vi: string }> = {
  'needs-client-cert': {
    en: 'refused the TLS handshake: it requires a client certificate (set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)',
    vi: 'từ chối kết nối TLS: máy chủ đòi chứng thư số của máy khách (đặt TEMPORAL_TLS_CLIENT_CERT_PATH và TEMPORAL_TLS_CLIENT_KEY_PATH)',
  },
  'cert-refused': {
    en: 'refused the TLS handshake: it does not accept our client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH), or we do not trust it (TEMPORAL_TLS_SERVER_CA_CERT_PATH)',
    vi: 'từ chối kết nối TLS: máy chủ không chấp nhận chứng thư số của máy khách (TEMPORAL_TLS_CLIENT_CERT_PATH), hoặc ta không tin chứng thư của máy chủ (TEMPORAL_TLS_SERVER_CA_CERT_PATH)',
  },
  'untrusted-server': {
    en: 'presented a certificate we do not trust (set TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_SERVER_NAME)',
    vi: 'dùng chứng thư số không được tin cậy (đặt TEMPORAL_TLS_SERVER_CA_CERT_PATH và TEMPORAL_TLS_SERVER_NAME)',
  },
  credentials: {
    en: 'refused our credentials (TEMPORAL_API_KEY or the client certificate)',
    vi: 'từ chối thông tin xác thực (TEMPORAL_API_KEY hoặc chứng thư số của máy khách)',
  },
  'expects-tls': {
    en: 'closed the connection: it probably expects TLS (set TEMPORAL_TLS=true and the TEMPORAL_TLS_* files)',
    vi: 'đóng kết nối: máy chủ có lẽ đòi TLS (đặt TEMPORAL_TLS=true và các tệp TEMPORAL_TLS_*)',
  },
  unreachable: {
    en: 'is not reachable: is the server running? (npm start, or set TEMPORAL_ADDRESS)',
    vi: 'không kết nối được — máy chủ đã chạy chưa? (npm start, hoặc đặt TEMPORAL_ADDRESS)',
  },
};

/** @returns host and port of `host:port` (or `[v6]:port`) */
function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

/** TLS alerts and verification codes, to the failure a person can act on. */
function fromTlsError(config: TemporalConnectionConfig, code: string): ConnectFailure {
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET/.test(code)) return 'unreachable';
  if (!config.tls) return 'unreachable';
  if (/CERTIFICATE_REQUIRED/.test(code)) return 'needs-client-cert';
  if (/ALERT_UNKNOWN_CA|ALERT_BAD_CERTIFICATE|ALERT_CERTIFICATE|ALERT_ACCESS_DENIED|ALERT_HANDSHAKE_FAILURE/.test(code)) {
    return config.tls.clientCertPath ? 'cert-refused' : 'needs-client-cert';
  }
  if (/CERT|SELF_SIGNED|VERIFY|ALTNAME|ISSUER/.test(code)) return 'untrusted-server';
  return 'unreachable';
}

/**
 * Finds out why a connection failed: the SDK only says it could not connect, so we
 * repeat the TLS handshake ourselves (same CA, certificate and name) and read the
 * server's alert. Without TLS configured, a server that completes a TLS handshake
 * is one that expects TLS.
 * @param config where we tried to connect
 * @returns the failure kind
 */
export async function diagnoseConnectFailure(config: TemporalConnectionConfig): Promise<ConnectFailure> {
  const { host, port } = splitAddress(config.address);
  const t = config.tls;
  const servername = t?.serverName ?? (isIP(host) ? undefined : host);
  const options: tls.ConnectionOptions = t
    ? {
        host,
        port,
        ALPNProtocols: ['h2'],
        ...(servername ? { servername } : {}),
        ...(t.serverCaCertPath ? { ca: readFileSync(t.serverCaCertPath) } : {}),
        ...(t.clientCertPath && t.clientKeyPath ? { cert: readFileSync(t.clientCertPath), key: readFileSync(t.clientKeyPath) } : {}),
      }
    : { host, port, ALPNProtocols: ['h2'], rejectUnauthorized: false, ...(servername ? { servername } : {}) };
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect(options);
    const done = (failure: ConnectFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(failure);
    };
    const timer = setTimeout(() => done('unreachable'), 5_000);
    socket.once('error', (err: NodeJS.ErrnoException) => done(fromTlsError(config, `${err.code ?? ''} ${err.message}`)));
    socket.once('secureConnect', () => {
      if (!t) return done('expects-tls');
      // TLS 1.3: the server judges our certificate after our side finished; its alert comes next.
      socket.once('close', () => done(config.apiKey ? 'credentials' : 'unreachable'));
      setTimeout(() => done(config.apiKey ? 'credentials' : 'unreachable'), 1_000).unref();
    });
  });
}

/** Temporal did not accept the connection; `message` is one line a person can act on. */
export class TemporalConnectError extends Error {
  /**
   * @param address where we tried to connect
   * @param failure why it failed
   * @param cause the SDK's error
   */
  constructor(readonly address: string, readonly failure: ConnectFailure, cause: unknown) {
    super(`Temporal at ${address} ${FAILURE_TEXT[failure].en}`, { cause });
    this.name = 'TemporalConnectError';
  }

  /** @returns the same line in Vietnamese, for the CLI */
  vietnamese(): string {
    return `Temporal tại ${this.address}: ${FAILURE_TEXT[this.failure].vi}`;
  }
}

/**
 * Opens a client connection (web app, CLI, scripts, the worker's own client).
 * @param config address, namespace, TLS and API key
 * @param extra SDK options the caller adds (timeouts, channel args)
 * @returns the connection
 * @throws TemporalConnectError with a one-line message
 */
export async function connectTemporal(config: TemporalConnectionConfig, extra: Partial<ConnectionOptions> = {}): Promise<Connection> {
  try {
    return await Connection.connect({ connectTimeout: 10_000, ...extra, ...sharedOptions(config) });
  } catch (err) {
    throw new TemporalConnectError(config.address, await diagnoseConnectFailure(config), err);
  }
}

/**
 * Opens the native connection a worker polls through.
 * @param config address, namespace, TLS and API key
 * @param extra SDK options the caller adds
 * @returns the connection
 * @throws TemporalConnectError with a one-line message
 */
export async function connectNativeTemporal(config: TemporalConnectionConfig, extra: Partial<NativeConnectionOptions> = {}): Promise<NativeConnection> {
  const options = sharedOptions(config);
  // Loaded here, not at the top: the web app and the CLI never load the worker's native bridge.
  const { NativeConnection } = await import('@temporalio/worker');
  try {
    return await NativeConnection.connect({ ...extra, ...options, tls: options.tls ?? false } as NativeConnectionOptions);
  } catch (err) {
    throw new TemporalConnectError(config.address, await diagnoseConnectFailure(config), err);
  }
}
