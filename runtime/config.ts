/**
 * The one configuration module: every process (worker, activities, CLI, web)
 * reads the environment through {@link loadConfig}, so a variable is named,
 * defaulted and validated in exactly one place (documented in the README).
 */
import { z } from 'zod';

/** Kid and secret used when ACTION_TOKEN_SECRETS is unset: only for development. */
export const DEV_TOKEN_KID = 'dev';
const DEV_TOKEN_SECRET = 'DEV-ONLY-insecure-action-token-secret-do-not-use-in-production';

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
  WEB_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be at least 1').default(60),
  WEB_TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ACTION_TOKEN_SECRETS: optionalText,
  ACTION_LINK_TTL_DAYS: z.coerce.number({ error: 'must be a number of days' }).int().min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
  MAIL_CATCHER_SMTP_PORT: port(1025),
  MAIL_CATCHER_WEB_PORT: port(1080),
  // A cached workflow costs a few MB of worker memory (2,000 cached ≈ 4 GB measured);
  // the rest are replayed from history when they next wake.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(10, 'at least 10').max(100_000).default(500),
  // Admin dashboard (/admin): accounts from a file or inline JSON, the session cookie's key, the Web UI for links.
  ADMIN_ACCOUNTS_FILE: optionalText,
  ADMIN_ACCOUNTS: optionalText,
  ADMIN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL of the Temporal Web UI' }).default('http://localhost:8233'),
});

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
  /** True when running on the built-in development secret. */
  usingDevSecret: boolean;
  /** Validity of a link when the notification sets no expiry. */
  linkTtlDays: number;
}

/** Typed, validated configuration of every process. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  smtp: SmtpConfig;
  web: {
    host: string;
    port: number;
    /** Absolute origin + path prefix of links in emails, without trailing slash. */
    publicBaseUrl: string;
    rateLimitPerMinute: number;
    trustProxy: boolean;
  };
  actionTokens: ActionTokenConfig;
  mailCatcher: { smtpPort: number; webPort: number };
  worker: { maxCachedWorkflows: number };
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

  let tokens: ActionTokenConfig = {
    currentKid: DEV_TOKEN_KID,
    secrets: { [DEV_TOKEN_KID]: DEV_TOKEN_SECRET },
    usingDevSecret: true,
    linkTtlDays: e.ACTION_LINK_TTL_DAYS,
  };
  if (e.ACTION_TOKEN_SECRETS) {
    const keys = parseSecrets(e.ACTION_TOKEN_SECRETS);
    if (typeof keys === 'string') problems.push({ variable: 'ACTION_TOKEN_SECRETS', message: keys });
    else {
      const usingDevSecret = Object.values(keys.secrets).includes(DEV_TOKEN_SECRET);
      tokens = { currentKid: keys.kids[0]!, secrets: keys.secrets, usingDevSecret, linkTtlDays: e.ACTION_LINK_TTL_DAYS };
    }
  }
  if (production && tokens.usingDevSecret) {
    problems.push({ variable: 'ACTION_TOKEN_SECRETS', message: 'required in production (the built-in development secret is refused): set kid:secret with a random secret of 32+ characters' });
  }

  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASS)) {
    problems.push({ variable: e.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER', message: 'SMTP_USER and SMTP_PASS must be set together' });
  }
  if (production && e.SMTP_SECURITY === 'none') {
    problems.push({ variable: 'SMTP_SECURITY', message: 'must be tls or starttls in production (none is for the local mail catcher)' });
  }

  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${e.WEB_HOST}:${e.WEB_PORT}`).replace(/\/+$/, '');
  if (production && !e.PUBLIC_BASE_URL) problems.push({ variable: 'PUBLIC_BASE_URL', message: 'required in production: the absolute URL people reach the web app at' });
  else if (production && !publicBaseUrl.startsWith('https://')) problems.push({ variable: 'PUBLIC_BASE_URL', message: 'must be https in production (links carry capabilities)' });

  if (e.ADMIN_ACCOUNTS_FILE && e.ADMIN_ACCOUNTS) problems.push({ variable: 'ADMIN_ACCOUNTS', message: 'set ADMIN_ACCOUNTS_FILE or ADMIN_ACCOUNTS, not both' });
  if (production && (e.ADMIN_ACCOUNTS_FILE || e.ADMIN_ACCOUNTS) && !e.ADMIN_SESSION_SECRET) {
    problems.push({ variable: 'ADMIN_SESSION_SECRET', message: 'required in production when dashboard accounts are set (sessions must survive a restart and be shared by replicas)' });
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
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
      trustProxy: e.WEB_TRUST_PROXY === 'true',
    },
    actionTokens: tokens,
    mailCatcher: { smtpPort: e.MAIL_CATCHER_SMTP_PORT, webPort: e.MAIL_CATCHER_WEB_PORT },
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
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
