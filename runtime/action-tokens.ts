/**
 * Signed action links. A token is a capability: whoever holds it may do one task
 * for one unit, at one revision, as one recipient, until it expires. Format:
 *
 *   v1.<kid>.<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret[kid], "v1.<kid>.<claims>"))>
 *
 * The recipient is stored as a keyed hash, never the address: links end up in
 * proxy logs and browser histories. Tokens are minted by the mail activity while
 * sending, so they never enter workflow history.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { TASK_KINDS, type TaskKind } from '../domain/actions';

const VERSION = 'v1';
/** Longest token we even try to parse; real ones are ~300 characters. */
export const MAX_TOKEN_LENGTH = 2048;

/** What a token grants. Times are whole seconds since the epoch. */
export interface ActionClaims {
  workflowId: string;
  task: TaskKind;
  revision: number;
  /** Keyed hash of the normalised recipient email (see {@link TokenSigner.recipientHash}). */
  recipientHash: string;
  issuedAt: number;
  expiresAt: number;
  /** Which mail minted it (reminder #, rung #): every reminder carries a new link. */
  sequence: string;
}

/** The outcome of {@link TokenSigner.verify}. */
export type VerifyResult =
  | { ok: true; kid: string; claims: ActionClaims }
  /** Not a token of ours, or altered: nothing in it can be trusted. */
  | { ok: false; reason: 'malformed' | 'tampered' }
  /** Genuine but past its expiry: the claims are trustworthy, so pages can say what it was for. */
  | { ok: false; reason: 'expired'; kid: string; claims: ActionClaims }
  /** Signed with a key no longer configured (rotated out). */
  | { ok: false; reason: 'unknown-key' };

const claimsSchema = z.strictObject({
  w: z.string().min(1).max(300),
  t: z.enum(TASK_KINDS),
  r: z.number().int().min(0).max(1_000_000),
  h: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  i: z.number().int().min(0),
  e: z.number().int().min(0),
  s: z.string().max(64),
});

const B64URL = /^[A-Za-z0-9_-]+$/;
const TOKEN_SHAPE = /^v1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{10,1800})\.([A-Za-z0-9_-]{43})$/;

/** Signs and verifies action tokens with a key ring (rotation: current kid signs, all verify). */
export interface TokenSigner {
  /** @returns a compact URL-safe token for the claims, signed with the current key */
  sign(claims: ActionClaims): string;
  /**
   * Never throws, whatever the input.
   * @param nowMs current time, for the expiry check
   */
  verify(token: string, nowMs: number): VerifyResult;
  /**
   * @param kid the key the hash is made with (the token's kid when checking)
   * @returns a keyed, truncated hash of the normalised email; '' if kid is unknown
   */
  recipientHash(email: string, kid?: string): string;
  /** @returns whether `email` is the recipient the token was minted for (constant-time) */
  matchesRecipient(result: { kid: string; claims: ActionClaims }, email: string): boolean;
  /**
   * A value bound to the token and a purpose, for CSRF form fields.
   * @returns base64url HMAC with the current key
   */
  bind(token: string, purpose: string): string;
  /** @returns whether `value` equals {@link bind}(token, purpose) (constant-time) */
  checkBinding(token: string, purpose: string, value: string): boolean;
}

/** Lowercased, NFC, trimmed: the form an address is hashed in. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data, 'utf8').digest();
}

/** Constant-time comparison of two strings (different lengths compare false). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compare against itself when lengths differ so the time does not depend on where they differ.
  return x.length === y.length ? timingSafeEqual(x, y) : (timingSafeEqual(x, x), false);
}

/**
 * @param keys `currentKid` signs; every entry of `secrets` verifies
 * @returns a signer over that key ring
 */
export function createTokenSigner(keys: { currentKid: string; secrets: Readonly<Record<string, string>> }): TokenSigner {
  const secrets = new Map(Object.entries(keys.secrets));
  const current = secrets.get(keys.currentKid);
  if (!current) throw new Error(`action token key "${keys.currentKid}" is not in the key ring`);

  const recipientHash = (email: string, kid = keys.currentKid): string => {
    const secret = secrets.get(kid);
    // 128 bits: enough to tell recipients apart, short enough for a link.
    return secret ? hmac(secret, `recipient:${normaliseEmail(email)}`).subarray(0, 16).toString('base64url') : '';
  };

  const signature = (secret: string, kid: string, body: string) => hmac(secret, `${VERSION}.${kid}.${body}`).toString('base64url');

  return {
    sign(c) {
      const body = Buffer.from(
        JSON.stringify({ w: c.workflowId, t: c.task, r: c.revision, h: c.recipientHash, i: c.issuedAt, e: c.expiresAt, s: c.sequence }),
        'utf8',
      ).toString('base64url');
      return `${VERSION}.${keys.currentKid}.${body}.${signature(current, keys.currentKid, body)}`;
    },

    verify(token, nowMs) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
      const m = TOKEN_SHAPE.exec(token);
      if (!m) return { ok: false, reason: 'malformed' };
      const [, kid, body, sig] = m as unknown as [string, string, string, string];
      const secret = secrets.get(kid);
      if (!secret) return { ok: false, reason: 'unknown-key' };
      // Check the signature before parsing anything: untrusted JSON is never interpreted.
      if (!safeEqual(signature(secret, kid, body), sig)) return { ok: false, reason: 'tampered' };
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const parsed = claimsSchema.safeParse(raw);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      const p = parsed.data;
      const claims: ActionClaims = { workflowId: p.w, task: p.t, revision: p.r, recipientHash: p.h, issuedAt: p.i, expiresAt: p.e, sequence: p.s };
      if (nowMs >= claims.expiresAt * 1000) return { ok: false, reason: 'expired', kid, claims };
      return { ok: true, kid, claims };
    },

    recipientHash,

    matchesRecipient({ kid, claims }, email) {
      const h = recipientHash(email, kid);
      return h !== '' && safeEqual(h, claims.recipientHash);
    },

    bind(token, purpose) {
      return hmac(current, `bind:${purpose}:${token}`).toString('base64url');
    },

    checkBinding(token, purpose, value) {
      if (typeof value !== 'string' || !B64URL.test(value)) return false;
      // Any configured key verifies, so forms rendered just before a rotation still post.
      for (const secret of secrets.values()) {
        if (safeEqual(hmac(secret, `bind:${purpose}:${token}`).toString('base64url'), value)) return true;
      }
      return false;
    },
  };
}
