/**
 * A content-addressed store for a cycle's cascade snapshot (inputs by
 * reference): stored once, so workflows pass a 64-character reference instead of
 * a tree that grows with the organisation. Any worker process that can reach the
 * store can load it.
 *
 * The cascade names people and their emails, so what is at rest is sealed with
 * the payload codec's keys (AES-256-GCM, the same ring that encrypts Temporal
 * payloads), and the reference is an HMAC of the content under that key rather
 * than a plain hash: a reader of the store or of a history cannot confirm a
 * guessed cascade. Equal content under the same key gives the same reference.
 *
 * Backends hold opaque sealed bytes: local files for the embedded default (under
 * the data folder) and PostgreSQL for several machines (./snapshot-store-postgres.ts).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createEncryptionCodec, KEY_ID_METADATA, type CodecKeyRing } from './payload-codec';

/** Put once, get by reference. */
export interface SnapshotStore {
  /** @returns the reference under which `value` is stored (the same value, the same reference) */
  put(value: unknown): Promise<string>;
  /** @throws SnapshotError when missing, or when the stored bytes do not open or do not match the reference */
  get<T = unknown>(ref: string): Promise<T>;
  /** Releases connections (a no-op for files). */
  close(): Promise<void>;
}

/** Where sealed snapshots live: bytes by reference, nothing else. */
export interface SnapshotBackend {
  /** @returns the sealed bytes, or undefined when nothing is stored under `ref` */
  read(ref: string): Promise<Uint8Array | undefined>;
  /** Stores the bytes under `ref`; storing the same reference twice is harmless. */
  write(ref: string, sealed: Uint8Array): Promise<void>;
  has(ref: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A missing or damaged snapshot. */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly ref: string,
  ) {
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

/** A snapshot reference: 64 lowercase hex digits. */
export const SNAPSHOT_REF = /^[0-9a-f]{64}$/;

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * @param backend where the sealed bytes go
 * @param ring the payload codec keys, newest first (it seals and names; all open)
 * @returns the store
 */
export function createSnapshotStore(backend: SnapshotBackend, ring: CodecKeyRing): SnapshotStore {
  const codec = createEncryptionCodec(ring);
  const current = ring[0]!;
  const byId = new Map(ring.map((k) => [k.id, k]));
  const refOf = (body: string, key: Uint8Array): string => createHmac('sha256', key).update(`snapshot\0${body}`, 'utf8').digest('hex');
  return {
    async put(value) {
      const body = canonicalJson(value);
      const ref = refOf(body, current.key);
      if (await backend.has(ref)) return ref; // content-addressed: already there means the same content
      const [sealed] = await codec.encode([{ metadata: {}, data: utf8.encode(body) }]);
      await backend.write(ref, temporal.api.common.v1.Payload.encode(sealed!).finish());
      return ref;
    },
    async get<T>(ref: string): Promise<T> {
      if (!SNAPSHOT_REF.test(ref)) throw new SnapshotError(`not a snapshot reference: ${ref.slice(0, 80)}`, ref);
      const bytes = await backend.read(ref);
      if (!bytes) throw new SnapshotError(`snapshot ${ref} is not in the store`, ref);
      let body: string;
      let keyId: string;
      try {
        const sealed: Payload = temporal.api.common.v1.Payload.decode(bytes);
        keyId = text.decode(sealed.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
        const [plain] = await codec.decode([sealed]);
        body = text.decode(plain!.data ?? new Uint8Array());
      } catch (err) {
        throw new SnapshotError(`snapshot ${ref} does not open with the configured keys (${err instanceof Error ? err.message : String(err)})`, ref);
      }
      const key = byId.get(keyId);
      if (!key || refOf(body, key.key) !== ref) throw new SnapshotError(`snapshot ${ref} is damaged (content does not match its reference)`, ref);
      return JSON.parse(body) as T;
    },
    close: () => backend.close(),
  };
}

/**
 * @param dir the folder (created on first write)
 * @returns a backend writing `<dir>/<first two hex>/<ref>.bin`, atomically (write then rename)
 */
export function fileSnapshotBackend(dir: string): SnapshotBackend {
  const fileOf = (ref: string) => path.join(dir, ref.slice(0, 2), `${ref}.bin`);
  return {
    async has(ref) {
      return fs.access(fileOf(ref)).then(
        () => true,
        () => false,
      );
    },
    async read(ref) {
      return fs.readFile(fileOf(ref)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
    },
    async write(ref, sealed) {
      const file = fileOf(ref);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await fs.writeFile(tmp, sealed, { mode: 0o600 });
      await fs.rename(tmp, file);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * @param dir the folder, e.g. `<data folder>/snapshots`
 * @param ring the payload codec keys
 * @returns the embedded default: sealed files under `dir`
 */
export function createFileSnapshotStore(dir: string, ring: CodecKeyRing): SnapshotStore {
  return createSnapshotStore(fileSnapshotBackend(dir), ring);
}
