/**
 * Parsers for the security settings of runtime/config.ts (kept apart so the
 * one config module stays readable): trusted proxies, payload codec keys,
 * the codec endpoint, and the public base URL's shape.
 */
import net from 'node:net';
import type { CodecKeyRing } from './payload-codec';

/**
 * Which hops may set X-Forwarded-For: none (`false`), the last `n` hops, or
 * these addresses/ranges. Never "every hop": then anyone could forge their address.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [ip, bits, ...rest] = entry.split('/');
  if (rest.length || !ip) return false;
  const family = net.isIP(ip);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * @param raw `false`, a hop count (1–10), or comma-separated addresses / CIDR ranges
 *   (`loopback`, `linklocal`, `uniquelocal` allowed)
 * @returns the setting, or a problem message
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | string {
  const value = (raw ?? 'false').trim();
  if (value === 'false' || value === '0') return false;
  if (value === 'true') {
    return 'true would trust every hop, so a forged X-Forwarded-For would pass as the client address: give the number of proxies in front of the app (e.g. 1) or their addresses (e.g. 10.0.0.5 or 10.0.0.0/24)';
  }
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n >= 1 && n <= 10 ? n : 'a hop count must be 1–10';
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.find((e) => !isAddressOrRange(e));
  if (bad !== undefined || !entries.length) return `"${bad ?? value}" is neither false, a hop count (1–10) nor an IP address or CIDR range`;
  return entries;
}

/**
 * Parses `kid:base64key[,kid:base64key]`, newest first (it encrypts; all decrypt).
 * @returns the key ring, or a problem message
 */
export function parseCodecKeys(raw: string): CodecKeyRing | string {
  const ring: { id: string; key: Uint8Array }[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const b64 = colon > 0 ? entry.slice(colon + 1) : '';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) return 'each entry must be kid:base64key, kid of 1–32 letters, digits, - or _';
    if (!/^[A-Za-z0-9+/]{43}=$/.test(b64)) return `key "${id}" must be 32 random bytes in base64 (44 characters; e.g. openssl rand -base64 32)`;
    if (ring.some((k) => k.id === id)) return `key id "${id}" is listed twice`;
    ring.push({ id, key: Buffer.from(b64, 'base64') });
  }
  return ring.length ? ring : 'must list at least one kid:base64key';
}

/**
 * @param raw comma-separated origins of the Temporal UI (scheme://host[:port])
 * @returns the origins, or a problem message
 */
export function parseOrigins(raw: string): string[] | string {
  const out: string[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return `"${entry}" is not an origin (e.g. https://temporal-ui.example.gov.vn)`;
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) return `"${entry}" must be an origin only: scheme://host[:port], no path`;
    out.push(url.origin);
  }
  return out;
}

/**
 * Links in mails are built from PUBLIC_BASE_URL: credentials there would be
 * mailed to every recipient, and a query or fragment would break every link.
 * @returns a problem message, or undefined when the URL is fit
 */
export function publicBaseUrlProblem(raw: string): string | undefined {
  const url = new URL(raw);
  if (url.username || url.password) return 'must not contain a user name or password (they would be mailed in every link)';
  if (url.search || raw.includes('?')) return 'must not contain a query (?…): links are built by appending /a/<token>';
  if (url.hash || raw.includes('#')) return 'must not contain a fragment (#…): links are built by appending /a/<token>';
  return undefined;
}
