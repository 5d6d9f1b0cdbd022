/**
 * A content-addressed store for a cycle's cascade snapshot (issue 9 item 3,
 * inputs by reference): stored once under the SHA-256 of its canonical JSON, so
 * workflows can pass a 64-character hash instead of a tree that grows with the
 * organisation. Any worker process that can reach the store can load it.
 *
 * This is the embedded default: local files (under `.data/snapshots` for
 * `npm start`). Several machines need a store they all reach: the PostgreSQL the
 * Temporal cluster already runs (one table `snapshot(hash text primary key, body
 * jsonb)`, no new service to operate) or an S3-compatible bucket; either keeps
 * this interface. Not yet wired into the workflows (see the engine report).
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Put once, get by hash. */
export interface SnapshotStore {
  /** @returns the hash under which `value` is stored (the same value, the same hash) */
  put(value: unknown): Promise<string>;
  /** @throws SnapshotError when missing or when the stored bytes do not match the hash */
  get<T = unknown>(hash: string): Promise<T>;
}

/** A missing or damaged snapshot. */
export class SnapshotError extends Error {
  constructor(message: string, readonly hash: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** @returns JSON with object keys sorted at every level, so equal values give equal bytes */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * @param dir the folder (created on first put)
 * @returns a store writing `<dir>/<first two hex>/<hash>.json`, atomically (write then rename)
 */
export function createFileSnapshotStore(dir: string): SnapshotStore {
  const fileOf = (hash: string) => path.join(dir, hash.slice(0, 2), `${hash}.json`);
  return {
    async put(value) {
      const body = canonicalJson(value);
      const hash = createHash('sha256').update(body, 'utf8').digest('hex');
      const file = fileOf(hash);
      try {
        await fs.access(file);
        return hash; // content-addressed: already there means the same bytes
      } catch {
        // not stored yet
      }
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await fs.writeFile(tmp, body, 'utf8');
      await fs.rename(tmp, file);
      return hash;
    },
    async get<T>(hash: string): Promise<T> {
      if (!HASH.test(hash)) throw new SnapshotError(`not a snapshot hash: ${hash.slice(0, 80)}`, hash);
      let body: string;
      try {
        body = await fs.readFile(fileOf(hash), 'utf8');
      } catch {
        throw new SnapshotError(`snapshot ${hash} is not in the store`, hash);
      }
      if (createHash('sha256').update(body, 'utf8').digest('hex') !== hash) throw new SnapshotError(`snapshot ${hash} is damaged (content does not match its hash)`, hash);
      return JSON.parse(body) as T;
    },
  };
}
