/**
 * Dashboard accounts: read from a JSON file (ADMIN_ACCOUNTS_FILE) or the
 * environment (ADMIN_ACCOUNTS), each with an argon2id password hash and a role
 * per cascade. Argon2id via @node-rs/argon2 (its native binary ships inside the
 * npm package, nothing downloads at install): memory-hard, the current OWASP
 * first choice for password storage.
 *
 * File shape:
 * { "accounts": [ { "username": "lan.nguyen", "passwordHash": "$argon2id$…",
 *                   "roles": { "ct21-yte-thanhhoa": "steward", "*": "viewer" } } ] }
 */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** What an account may do on a cascade's cycles. */
export const ADMIN_ROLES = ['viewer', 'steward'] as const;
/** One of {@link ADMIN_ROLES}: a viewer reads, a steward also steers. */
export type AdminRole = (typeof ADMIN_ROLES)[number];

const accountSchema = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9._-]{2,64}$/, 'tên đăng nhập: 2–64 ký tự a-z, 0-9, . _ -'),
  passwordHash: z.string().startsWith('$argon2', 'passwordHash phải là chuỗi argon2 (tạo bằng: cascade admin hash-password)'),
  /** Cascade id (or "*" for every cascade) → role. */
  roles: z.record(z.string().regex(/^(\*|[a-z0-9]+(?:-[a-z0-9]+)*)$/, 'khóa của roles là mã cascade hoặc *'), z.enum(ADMIN_ROLES)),
  /** Shown in the audit trail; defaults to the username. */
  displayName: z.string().trim().min(1).max(100).optional(),
});
/** One dashboard account. */
export type AdminAccount = z.infer<typeof accountSchema>;

const fileSchema = z.strictObject({ accounts: z.array(accountSchema).max(1000) });

/**
 * @param text the JSON text
 * @param source where it came from, for the message
 * @returns the accounts by username
 * @throws Error naming the source and the first problem
 */
export function parseAccounts(text: string, source: string): Map<string, AdminAccount> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: không phải JSON hợp lệ (${(err as Error).message})`);
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${source}: ${i.path.join('.')}: ${i.message}`);
  }
  const map = new Map<string, AdminAccount>();
  for (const a of r.data.accounts) {
    if (map.has(a.username)) throw new Error(`${source}: tài khoản "${a.username}" khai báo hai lần`);
    map.set(a.username, a);
  }
  return map;
}

/**
 * @param config where the accounts are: a file path, or the JSON itself
 * @returns the accounts (empty when neither is set: the dashboard then refuses every sign-in)
 */
export function loadAccounts(config: { accountsFile?: string; accountsJson?: string }): Map<string, AdminAccount> {
  if (config.accountsFile) return parseAccounts(readFileSync(config.accountsFile, 'utf8'), config.accountsFile);
  if (config.accountsJson) return parseAccounts(config.accountsJson, 'ADMIN_ACCOUNTS');
  return new Map();
}

/** A hash of a password nobody has, so an unknown username costs the same time as a wrong password. */
const DUMMY_HASH = hash('không-phải-mật-khẩu-của-ai');

/**
 * @param accounts the accounts
 * @param username as typed
 * @param password as typed
 * @returns the account, or null when the name or password is wrong (the caller says the same in both cases)
 */
export async function checkPassword(accounts: ReadonlyMap<string, AdminAccount>, username: string, password: string): Promise<AdminAccount | null> {
  const account = accounts.get(username.trim().toLowerCase());
  const ok = await verify(account?.passwordHash ?? (await DUMMY_HASH), password).catch(() => false);
  return account && ok ? account : null;
}

/**
 * @param password a new password
 * @returns its argon2id hash, for an accounts file
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * @param account the signed-in account
 * @param cascadeId the cascade of the page
 * @returns the account's role there, or null when it may not see it
 */
export function roleFor(account: Pick<AdminAccount, 'roles'>, cascadeId: string): AdminRole | null {
  return account.roles[cascadeId] ?? account.roles['*'] ?? null;
}
