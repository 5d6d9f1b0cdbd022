/**
 * The one configuration module: every process (worker, activities, CLI, web)
 * reads the environment through {@link loadConfig}, so a variable is named,
 * defaulted and validated in exactly one place (documented in the README).
 */
import path from 'node:path';
import { z } from 'zod';
import { loadDevSecrets, type DevSecrets } from './dev-secrets';
import { DEFAULT_COMPRESS_ABOVE_BYTES, type CodecKeyRing } from './payload-codec';
import { parseCodecKeys, parseOrigins, parseTrustProxy, publicBaseUrlProblem, type TrustProxy } from './security-config';
import { temporalConnectionEnvShape, temporalConnectionFromEnv, type TemporalTlsConfig } from './temporal-connection-config';

/**
 * Longest wait for a turn in the web app's queue of Temporal calls when
 * WEB_TEMPORAL_QUEUE_MS is unset; less when WEB_REQUEST_TIMEOUT_MS leaves less room.
 */
export const DEFAULT_WEB_TEMPORAL_QUEUE_MS = 15_000;
/** Time kept for rendering and sending the page after the wait and the Temporal call. */
const QUEUE_ANSWER_MARGIN_MS = 1_000;

/** Root of the project: relative DATA_DIR values are resolved from here. */
const PROJECT_ROOT = path.resolve(__dirname, '..');

/** One invalid environment variable and what is wrong with it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The environment is invalid; `problems` has one entry per variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(fallback);
const nonEmpty = (fallback: string) => z.string().trim().min(1, 'must not be empty').default(fallback);
const optionalText = z.string().trim().optional().transform((v) => (v ? v : undefined));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be a pino level (info, warn, ...)' }).default('info'),
  TEMPORAL_ADDRESS: nonEmpty('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: nonEmpty('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty('directive-cascade'),
  SMTP_HOST: nonEmpty('127.0.0.1'),
  SMTP_PORT: port(1025),
  SMTP_SECURITY: z.enum(['tls', 'starttls', 'none'], { error: 'must be tls (implicit, port 465), starttls (required upgrade) or none (local catcher only)' }).default('none'),
  SMTP_USER: optionalText,
  SMTP_PASS: optionalText,
  MAIL_FROM_ADDRESS: z.email('must be an email address').default('no-reply@directive-cascade.local'),
  MAIL_FROM_NAME: nonEmpty('Hệ thống theo dõi thực hiện chỉ đạo'),
  SUPPORT_CONTACT: optionalText,
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://chidao.example.gov.vn' }).optional(),
  WEB_HOST: nonEmpty('127.0.0.1'),
  WEB_PORT: port(3000),
  // --- security settings (issue 14) ---
  /** Per client address; generous, because a whole office can share one address. */
  WEB_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be at least 1').default(300),
  /** Per link (token): one person's link, so a scanner or a script cannot hammer it. */
  WEB_LINK_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be at least 1').default(30),
  WEB_TRUST_PROXY: optionalText,
  WEB_REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(500, 'must be at least 500').max(300_000, 'must be at most 300000').default(30_000),
  WEB_TEMPORAL_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(200, 'must be at least 200').max(120_000, 'must be at most 120000').default(10_000),
  /** Temporal calls one web process has in flight at once; the others wait their turn (client/web/admission.ts). 0: no limit. */
  WEB_TEMPORAL_CONCURRENCY: z.coerce.number({ error: 'must be a number' }).int().min(0, 'must be 0 (no limit) or more').max(10_000, 'must be at most 10000').default(32),
  /** Longest wait for a turn before the person is told to try again (503); unset: see {@link DEFAULT_WEB_TEMPORAL_QUEUE_MS}. */
  WEB_TEMPORAL_QUEUE_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0, 'must be 0 or more').max(120_000, 'must be at most 120000').optional(),
  PAYLOAD_CODEC_KEYS: optionalText,
  CODEC_ENDPOINT_TOKEN: optionalText,
  CODEC_CORS_ORIGINS: optionalText,
  DATA_DIR: nonEmpty('.data'),
  // --- end of security settings ---
  // Where cycle inputs are stored by reference (runtime/snapshot-store.ts): unset = files under DATA_DIR/snapshots.
  SNAPSHOT_STORE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL of the PostgreSQL every worker reaches (unset: files under DATA_DIR/snapshots, one machine only)')
    .optional(),
  ACTION_TOKEN_SECRETS: optionalText,
  ACTION_LINK_TTL_DAYS: z.coerce.number({ error: 'must be a number of days' }).int().min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
  /** A copy that a crash left uncertain (SMTP may have accepted it): send it again, or hold it for an admin (runtime/mail-claims.ts). */
  MAIL_UNCERTAIN_COPIES: z.enum(['resend', 'hold'], { error: 'must be resend (send again at once: nothing lost, a duplicate possible) or hold (an admin answers first)' }).default('resend'),
  /** How long a held copy waits for an admin's answer before it is sent again anyway (within the mail activity's 3-day limit). */
  MAIL_HOLD_MAX_HOURS: z.coerce.number({ error: 'must be a number of hours' }).int('must be a whole number').min(1, 'must be at least 1').max(48, 'must be at most 48 (the mail activity gives up after 3 days)').default(24),
  MAIL_CATCHER_SMTP_PORT: port(1025),
  MAIL_CATCHER_WEB_PORT: port(1080),
  // A cached workflow costs a few MB of worker memory (2,000 cached ≈ 4 GB measured);
  // the rest are replayed from history when they next wake.
  // 0 turns compression off: set it while a rolling upgrade still runs workers that cannot read compressed payloads.
  PAYLOAD_COMPRESS_ABOVE_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int('must be a whole number').min(0, 'must be 0 (off) or more').max(2 * 1024 * 1024, 'must be at most 2097152').default(DEFAULT_COMPRESS_ABOVE_BYTES),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(10, 'at least 10').max(100_000).default(500),
  // --- Temporal connection security (TLS, mTLS, API key): runtime/temporal-connection.ts ---
  ...temporalConnectionEnvShape,
  // --- Prometheus metrics of this process (runtime/metrics.ts); unset port = off ---
  METRICS_HOST: nonEmpty('127.0.0.1'),
  METRICS_PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').optional(),
  // Admin dashboard (/admin): accounts from a file or inline JSON, the session cookie's key, the Web UI for links.
  ADMIN_ACCOUNTS_FILE: optionalText,
  ADMIN_ACCOUNTS: optionalText,
  ADMIN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL of the Temporal Web UI' }).default('http://localhost:8233'),
});

/** Every variable this module reads (the deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** SMTP connection settings, as the mail activity needs them. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte; `starttls`: plain then mandatory upgrade; `none`: local catcher. */
  security: 'tls' | 'starttls' | 'none';
  auth?: { user: string; pass: string };
  from: { address: string; name: string };
}

/** Keys for signing action links: `currentKid` signs, every listed key verifies. */
export interface ActionTokenConfig {
  currentKid: string;
  secrets: Readonly<Record<string, string>>;
  /** True when the secret was generated for the data folder (development only). */
  usingDevSecret: boolean;
  /** Validity of a link when the notification sets no expiry. */
  linkTtlDays: number;
}

/** Payload codec keys and the codec endpoint's settings. */
export interface CodecConfig {
  /** Newest first: `[0]` encrypts, all decrypt. */
  keys: CodecKeyRing;
  /** Payloads of at least this many bytes are compressed before encryption; 0: never. */
  compressAboveBytes: number;
  /** True when the keys were generated for the data folder (development only). */
  usingDevKeys: boolean;
  /** Operator secret of `/codec/*`; the endpoint is off when absent. */
  endpointToken?: string;
  /** Origins allowed to call the endpoint from a browser (the Temporal UI's). */
  corsOrigins: string[];
}

/** Typed, validated configuration of every process. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** Absent: plaintext. See runtime/temporal-connection.ts. */
    tls?: TemporalTlsConfig;
    /** Temporal Cloud API key. */
    apiKey?: string;
  };
  smtp: SmtpConfig;
  web: {
    host: string;
    port: number;
    /** Absolute origin + path prefix of links in emails, without trailing slash. */
    publicBaseUrl: string;
    /** Requests per minute per client address. */
    rateLimitPerMinute: number;
    /** Requests per minute per action link. */
    linkRateLimitPerMinute: number;
    trustProxy: TrustProxy;
    /** Whole request (headers and body) must arrive within this; also the idle socket timeout. */
    requestTimeoutMs: number;
    /** Deadline of every Temporal call the web app makes. */
    temporalTimeoutMs: number;
    /** Temporal calls in flight at once (0: no limit) and the longest wait for a turn. */
    temporalConcurrency: number;
    temporalQueueMs: number;
  };
  /** Payload encryption and the codec endpoint for the Temporal UI. */
  codec: CodecConfig;
  /** Absolute data folder (development secrets live there). */
  dataDir: string;
  /** The snapshot store of cycle inputs by reference: PostgreSQL when a URL is set, else files in `dir`. */
  snapshots: { dir: string; postgresUrl?: string };
  actionTokens: ActionTokenConfig;
  /** What a retried mail attempt does with a copy a crash left uncertain (runtime/mail-claims.ts). */
  mail: { uncertainCopies: 'resend' | 'hold'; holdMaxHours: number };
  mailCatcher: { smtpPort: number; webPort: number };
  worker: { maxCachedWorkflows: number };
  /** Where this process serves Prometheus metrics; absent = not served. */
  metrics?: { host: string; port: number };
  /** Who a person should contact when a link no longer works (shown on pages and in emails). */
  supportContact?: string;
  /** The admin dashboard: where its accounts are, its session key (unset: a random one per process), the Web UI. */
  admin: { accountsFile?: string; accountsJson?: string; sessionSecret?: string; temporalUiUrl: string };
}

/**
 * Parses `kid:secret,kid:secret`; the first entry is the signing key.
 * @returns the keys, or a problem message
 */
function parseSecrets(raw: string): { kids: string[]; secrets: Record<string, string> } | string {
  const secrets: Record<string, string> = {};
  const kids: string[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    const secret = colon > 0 ? entry.slice(colon + 1) : '';
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid)) return 'each entry must be kid:secret, kid of 1–16 letters, digits, - or _';
    if (secret.length < 32) return `secret of key "${kid}" must be at least 32 characters (e.g. openssl rand -base64 32)`;
    if (secrets[kid] !== undefined) return `key id "${kid}" is listed twice`;
    secrets[kid] = secret;
    kids.push(kid);
  }
  return kids.length ? { kids, secrets } : 'must list at least one kid:secret';
}

/**
 * Validates the environment into typed configuration.
 * @param env the environment, `process.env` by default (tests pass their own)
 * @returns the configuration
 * @throws {ConfigError} listing every invalid variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings come from `FOO=` in .env files and mean "unset".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ variable: String(issue.path[0] ?? '(env)'), message: issue.message });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';

  // --- secrets: from the environment; outside production, generated per data folder ---
  const dataDir = path.resolve(PROJECT_ROOT, e.DATA_DIR);
  let dev: DevSecrets | undefined;
  const devSecrets = (): DevSecrets => (dev ??= loadDevSecrets(dataDir));
  const outsideDev = 'required in production (development secrets are generated per data folder only when NODE_ENV is development or test)';

  let tokens: ActionTokenConfig = { currentKid: '', secrets: {}, usingDevSecret: !e.ACTION_TOKEN_SECRETS, linkTtlDays: e.ACTION_LINK_TTL_DAYS };
  const tokenSource = e.ACTION_TOKEN_SECRETS ?? (production ? undefined : devSecrets().actionTokenSecrets);
  if (!tokenSource) problems.push({ variable: 'ACTION_TOKEN_SECRETS', message: `${outsideDev}: set kid:secret with a random secret of 32+ characters` });
  else {
    const keys = parseSecrets(tokenSource);
    if (typeof keys === 'string') problems.push({ variable: 'ACTION_TOKEN_SECRETS', message: keys });
    else tokens = { ...tokens, currentKid: keys.kids[0]!, secrets: keys.secrets };
  }

  let codec: CodecConfig = { keys: [], usingDevKeys: !e.PAYLOAD_CODEC_KEYS, corsOrigins: [], compressAboveBytes: e.PAYLOAD_COMPRESS_ABOVE_BYTES };
  const codecSource = e.PAYLOAD_CODEC_KEYS ?? (production ? undefined : devSecrets().payloadCodecKeys);
  if (!codecSource) problems.push({ variable: 'PAYLOAD_CODEC_KEYS', message: `${outsideDev}: set kid:base64key (openssl rand -base64 32), newest first` });
  else {
    const ring = parseCodecKeys(codecSource);
    if (typeof ring === 'string') problems.push({ variable: 'PAYLOAD_CODEC_KEYS', message: ring });
    else codec = { ...codec, keys: ring };
  }
  const endpointToken = e.CODEC_ENDPOINT_TOKEN ?? (production ? undefined : devSecrets().codecEndpointToken);
  if (endpointToken !== undefined && !/^[A-Za-z0-9_-]{32,256}$/.test(endpointToken)) {
    problems.push({ variable: 'CODEC_ENDPOINT_TOKEN', message: 'must be 32–256 letters, digits, - or _ (it travels in a URL path; e.g. openssl rand -hex 32)' });
  } else if (endpointToken !== undefined) codec = { ...codec, endpointToken };
  if (e.CODEC_CORS_ORIGINS) {
    const origins = parseOrigins(e.CODEC_CORS_ORIGINS);
    if (typeof origins === 'string') problems.push({ variable: 'CODEC_CORS_ORIGINS', message: origins });
    else codec = { ...codec, corsOrigins: origins };
  }
  const trustProxy = parseTrustProxy(e.WEB_TRUST_PROXY);
  if (typeof trustProxy === 'string') problems.push({ variable: 'WEB_TRUST_PROXY', message: trustProxy });
  // --- end of secrets ---

  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASS)) {
    problems.push({ variable: e.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER', message: 'SMTP_USER and SMTP_PASS must be set together' });
  }
  if (production && e.SMTP_SECURITY === 'none') {
    problems.push({ variable: 'SMTP_SECURITY', message: 'must be tls or starttls in production (none is for the local mail catcher)' });
  }

  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${e.WEB_HOST}:${e.WEB_PORT}`).replace(/\/+$/, '');
  const urlProblem = e.PUBLIC_BASE_URL ? publicBaseUrlProblem(e.PUBLIC_BASE_URL) : undefined;
  if (urlProblem) problems.push({ variable: 'PUBLIC_BASE_URL', message: urlProblem });
  else if (production && !e.PUBLIC_BASE_URL) problems.push({ variable: 'PUBLIC_BASE_URL', message: 'required in production: the absolute URL people reach the web app at' });
  else if (production && !publicBaseUrl.startsWith('https://')) problems.push({ variable: 'PUBLIC_BASE_URL', message: 'must be https in production (links carry capabilities)' });

  // A page that waits for its turn and then for Temporal must answer before the socket's idle timeout closes it:
  // a wait set explicitly beyond that is refused; the default shrinks to fit (settings from before the queue keep working).
  const queueRoom = Math.max(0, e.WEB_REQUEST_TIMEOUT_MS - e.WEB_TEMPORAL_TIMEOUT_MS - QUEUE_ANSWER_MARGIN_MS);
  const temporalQueueMs = e.WEB_TEMPORAL_QUEUE_MS ?? Math.min(DEFAULT_WEB_TEMPORAL_QUEUE_MS, queueRoom);
  if (e.WEB_TEMPORAL_CONCURRENCY > 0 && e.WEB_TEMPORAL_QUEUE_MS !== undefined && e.WEB_TEMPORAL_QUEUE_MS + e.WEB_TEMPORAL_TIMEOUT_MS >= e.WEB_REQUEST_TIMEOUT_MS) {
    problems.push({
      variable: 'WEB_TEMPORAL_QUEUE_MS',
      message: `with WEB_TEMPORAL_TIMEOUT_MS (${e.WEB_TEMPORAL_TIMEOUT_MS}) must stay below WEB_REQUEST_TIMEOUT_MS (${e.WEB_REQUEST_TIMEOUT_MS}): the connection would close before the answer`,
    });
  }

  // --- Temporal connection security (TLS, mTLS, API key) ---
  const temporalSecurity = temporalConnectionFromEnv(e, problems);

  if (e.ADMIN_ACCOUNTS_FILE && e.ADMIN_ACCOUNTS) problems.push({ variable: 'ADMIN_ACCOUNTS', message: 'set ADMIN_ACCOUNTS_FILE or ADMIN_ACCOUNTS, not both' });
  if (production && (e.ADMIN_ACCOUNTS_FILE || e.ADMIN_ACCOUNTS) && !e.ADMIN_SESSION_SECRET) {
    problems.push({ variable: 'ADMIN_SESSION_SECRET', message: 'required in production when dashboard accounts are set (sessions must survive a restart and be shared by replicas)' });
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, ...temporalSecurity },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      security: e.SMTP_SECURITY,
      ...(e.SMTP_USER && e.SMTP_PASS ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASS } } : {}),
      from: { address: e.MAIL_FROM_ADDRESS, name: e.MAIL_FROM_NAME },
    },
    web: {
      host: e.WEB_HOST,
      port: e.WEB_PORT,
      publicBaseUrl,
      rateLimitPerMinute: e.WEB_RATE_LIMIT_PER_MINUTE,
      linkRateLimitPerMinute: e.WEB_LINK_RATE_LIMIT_PER_MINUTE,
      trustProxy: trustProxy as TrustProxy,
      requestTimeoutMs: e.WEB_REQUEST_TIMEOUT_MS,
      temporalTimeoutMs: e.WEB_TEMPORAL_TIMEOUT_MS,
      temporalConcurrency: e.WEB_TEMPORAL_CONCURRENCY,
      temporalQueueMs,
    },
    codec,
    dataDir,
    snapshots: { dir: path.join(dataDir, 'snapshots'), ...(e.SNAPSHOT_STORE_URL ? { postgresUrl: e.SNAPSHOT_STORE_URL } : {}) },
    actionTokens: tokens,
    mail: { uncertainCopies: e.MAIL_UNCERTAIN_COPIES, holdMaxHours: e.MAIL_HOLD_MAX_HOURS },
    mailCatcher: { smtpPort: e.MAIL_CATCHER_SMTP_PORT, webPort: e.MAIL_CATCHER_WEB_PORT },
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
    ...(e.METRICS_PORT ? { metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT } } : {}),
    ...(e.SUPPORT_CONTACT ? { supportContact: e.SUPPORT_CONTACT } : {}),
    admin: {
      ...(e.ADMIN_ACCOUNTS_FILE ? { accountsFile: e.ADMIN_ACCOUNTS_FILE } : {}),
      ...(e.ADMIN_ACCOUNTS ? { accountsJson: e.ADMIN_ACCOUNTS } : {}),
      ...(e.ADMIN_SESSION_SECRET ? { sessionSecret: e.ADMIN_SESSION_SECRET } : {}),
      temporalUiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, ''),
    },
  };
}

/**
 * For process entry points: loads the config, or prints one line per bad
 * variable (no stack trace: it is the operator's input, not a bug) and exits.
 * @returns the configuration
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
