/**
 * Payload encryption: every payload (workflow and activity inputs and results,
 * update arguments, query answers, memos) leaves the process as AES-256-GCM
 * ciphertext, so Temporal's history holds no names, emails or plan text.
 * Search attributes and workflow ids are not payloads: they stay slug-only.
 *
 * Runs in the worker's and clients' main thread (never inside the workflow
 * sandbox), which is why node:crypto is fine here and why it lives in runtime/.
 *
 * Key rotation: the first key of the ring encrypts; every key decrypts (the key
 * id travels in the payload's metadata). Add a new key in front, keep the old
 * ones as long as histories encrypted with them are retained.
 *
 * Payloads that were never encrypted (histories recorded before the codec)
 * pass through decode unchanged.
 *
 * Compression: a payload at least `compressAboveBytes` long is compressed with
 * Brotli before it is encrypted (a large cycle's snapshot parts and a large
 * parent's carried memory shrink several-fold; ciphertext cannot be compressed
 * afterwards). The flag is authenticated with the key id, so it cannot be
 * stripped or added. Small payloads (the Updates people send) are never
 * compressed: their lengths then say nothing about their content.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** `metadata.encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key id that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Metadata key naming the cipher (so a future change of cipher can be told apart). */
export const CIPHER_METADATA = 'encryption-cipher';
/** Metadata key naming how the plaintext was compressed before encryption (absent: not compressed). */
export const COMPRESSION_METADATA = 'encryption-compression';
const BROTLI = 'br';
/** Payloads from this size up are compressed unless the caller says otherwise. */
export const DEFAULT_COMPRESS_ABOVE_BYTES = 16 * 1024;
/** A compressed payload never expands beyond this (Temporal refuses payloads past 2 MiB anyway). */
const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One encryption key: 32 raw bytes and its id. */
export interface CodecKey {
  id: string;
  key: Uint8Array;
}

/** Keys, newest first: `[0]` encrypts, all decrypt. */
export type CodecKeyRing = readonly CodecKey[];

/** A payload cannot be decrypted: unknown key id, or altered ciphertext. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Authenticated data: the key id, and the compression when there is one. */
function aadOf(keyId: string, compression: string | undefined): Uint8Array {
  return utf8.encode(compression ? `${keyId}|${compression}` : keyId);
}

function encrypt(plain: Uint8Array, key: CodecKey, compression?: string): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  // The key id is authenticated too: a payload cannot be relabelled with another key id.
  cipher.setAAD(aadOf(key.id, compression));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(sealed: Uint8Array, key: CodecKey, compression?: string): Uint8Array {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`encrypted payload too short (${sealed.length} bytes)`);
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(aadOf(key.id, compression));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch (err) {
    throw new PayloadDecryptionError(`payload encrypted with key "${key.id}" does not authenticate (altered, or a different key under the same id)`, { cause: err });
  }
}

/** @returns whether the payload was written by {@link createEncryptionCodec} */
export function isEncrypted(payload: Payload): boolean {
  const enc = payload.metadata?.encoding;
  return enc !== undefined && enc !== null && text.decode(enc) === ENCRYPTED_ENCODING;
}

/** Options of {@link createEncryptionCodec}. */
export interface CodecOptions {
  /** Compress payloads of at least this many bytes ({@link DEFAULT_COMPRESS_ABOVE_BYTES}); 0: never. */
  compressAboveBytes?: number;
}

/**
 * @param ring keys, newest first (it encrypts); must not be empty
 * @param opts when to compress (decoding reads compressed and plain payloads alike)
 * @returns a PayloadCodec for the client's and worker's data converter
 */
export function createEncryptionCodec(ring: CodecKeyRing, opts: CodecOptions = {}): PayloadCodec {
  const compressAbove = opts.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE_BYTES;
  const current = ring[0];
  if (!current) throw new Error('payload codec needs at least one key');
  for (const k of ring) if (k.key.length !== 32) throw new Error(`payload key "${k.id}" must be 32 bytes (AES-256), got ${k.key.length}`);
  const byId = new Map(ring.map((k) => [k.id, k]));
  return {
    // async: a failure is a rejected promise, never a synchronous throw.
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return Promise.resolve(
        payloads.map((payload) => {
          const plain = temporal.api.common.v1.Payload.encode(payload).finish();
          const compress = compressAbove > 0 && plain.length >= compressAbove;
          const body = compress ? brotliCompressSync(plain, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: plain.length } }) : plain;
          return {
            metadata: {
              encoding: utf8.encode(ENCRYPTED_ENCODING),
              [KEY_ID_METADATA]: utf8.encode(current.id),
              [CIPHER_METADATA]: utf8.encode(CIPHER),
              ...(compress ? { [COMPRESSION_METADATA]: utf8.encode(BROTLI) } : {}),
            },
            data: encrypt(body, current, compress ? BROTLI : undefined),
          };
        }),
      );
    },
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return Promise.resolve(
        payloads.map((payload) => {
          if (!isEncrypted(payload)) return payload; // plain history from before the codec
          const rawId = payload.metadata?.[KEY_ID_METADATA];
          const id = rawId ? text.decode(rawId) : '';
          const key = byId.get(id);
          if (!key) throw new PayloadDecryptionError(`payload encrypted with key id "${id}", which is not configured (PAYLOAD_CODEC_KEYS)`);
          const rawCompression = payload.metadata?.[COMPRESSION_METADATA];
          const compression = rawCompression ? text.decode(rawCompression) : undefined;
          if (compression !== undefined && compression !== BROTLI) throw new PayloadDecryptionError(`payload compressed with "${compression}", which this version cannot read`);
          const opened = decrypt(payload.data ?? new Uint8Array(), key, compression);
          const plain = compression ? brotliDecompressSync(opened, { maxOutputLength: MAX_DECOMPRESSED_BYTES }) : opened;
          return temporal.api.common.v1.Payload.decode(plain);
        }),
      );
    },
  };
}
