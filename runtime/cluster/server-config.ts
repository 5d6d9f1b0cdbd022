/**
 * The Temporal server's static configuration for the twin, generated (not copied)
 * so ports, the database password and TLS files are ours: persistence AND
 * visibility on PostgreSQL (plugin `postgres12`), every service bound to loopback,
 * Prometheus metrics on a port of their own. Shaped after the server's
 * `config/development-postgres12.yaml`.
 */
import { stringify } from 'yaml';

/** The four services of a Temporal cluster, in start order. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;

/** One of {@link TEMPORAL_SERVICES}. */
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** Every port the server binds (all on 127.0.0.1). */
export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports, one per service. */
  membership: Record<TemporalService, number>;
  /** Prometheus scrape ports: one process uses `frontend`'s; separate processes one each. */
  metrics: Record<TemporalService, number>;
}

/** Files of the frontend's TLS (mTLS: client certificates required). */
export interface ServerTls {
  /** Certificate and key the frontend presents. */
  certFile: string;
  keyFile: string;
  /** CA that signs accepted client certificates (and the server's own). */
  caFile: string;
  /** Client certificate the server's own system worker presents to the frontend. */
  clientCertFile: string;
  clientKeyFile: string;
  /** Name in the server certificate (SAN). */
  serverName: string;
}

/** Inputs of {@link serverConfig}. */
export interface ServerConfigInput {
  ports: ServerPorts;
  postgres: { port: number; user: string; password: string };
  /** History shards: fixed for the life of the cluster (see README, sizing). */
  historyShards: number;
  /** Absolute path of the dynamic config file. */
  dynamicConfigFile: string;
  tls?: ServerTls;
  /** Prometheus port of the process this file configures. */
  metricsPort: number;
}

/** Database names, as the schema tool creates them. */
export const DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

function datastore(input: ServerConfigInput, databaseName: string, maxConns: number): object {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${input.postgres.port}`,
      connectProtocol: 'tcp',
      user: input.postgres.user,
      password: input.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

function tlsSection(tls: ServerTls): object {
  const client = { serverName: tls.serverName, rootCaFiles: [tls.caFile] };
  return {
    frontend: {
      server: { certFile: tls.certFile, keyFile: tls.keyFile, clientCaFiles: [tls.caFile], requireClientAuth: true },
      client,
    },
    // The server's own worker service is a client of the frontend like any other.
    systemWorker: { certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, client },
  };
}

/**
 * @param input ports, database, shards and TLS
 * @returns the server's YAML configuration
 */
export function serverConfig(input: ServerConfigInput): string {
  const { ports } = input;
  const rpc = (grpcPort: number, service: TemporalService, extra: object = {}) => ({
    rpc: { grpcPort, membershipPort: ports.membership[service], bindOnIP: '127.0.0.1', ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: input.historyShards,
      datastores: {
        'postgres-default': datastore(input, DATABASES.temporal, 20),
        'postgres-visibility': datastore(input, DATABASES.visibility, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${input.metricsPort}` } },
      ...(input.tls ? { tls: tlsSection(input.tls) } : {}),
    },
    services: {
      frontend: rpc(ports.frontend, 'frontend', { httpPort: ports.frontendHttp }),
      history: rpc(ports.history, 'history'),
      matching: rpc(ports.matching, 'matching'),
      worker: rpc(ports.worker, 'worker'),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
  return stringify(config);
}

/**
 * Dynamic config: what the dev server sets too (a larger mutable-state cache and a
 * higher visibility rate, which list-heavy status pages need); nothing test-only.
 * @returns the YAML of the dynamic config file
 */
export function dynamicConfig(): string {
  return stringify({
    'history.hostLevelCacheMaxSize': [{ value: 8192 }],
    'frontend.namespaceRPS.visibility': [{ value: 100 }],
  });
}
