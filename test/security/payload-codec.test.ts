import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CIPHER_METADATA, COMPRESSION_METADATA, createEncryptionCodec, DEFAULT_COMPRESS_ABOVE_BYTES, ENCRYPTED_ENCODING, isEncrypted, KEY_ID_METADATA } from '../../runtime/payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const SECRET = { name: 'Lê Văn Hùng', email: 'giamdoc.bvdk@yte.thanhhoa.example.vn', plan: 'Kế hoạch số 15/KH-BVĐK' };

describe('payload codec (AES-256-GCM)', () => {
  it('encrypts every payload, names the key id, and round-trips', async () => {
    const k1 = key('k2026');
    const codec = createEncryptionCodec([k1]);
    const plain = defaultPayloadConverter.toPayload(SECRET);
    const [sealed] = await codec.encode([plain, plain]).then((p) => { expect(p).toHaveLength(2); return p; });
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('k2026');
    expect(text(sealed!.metadata![CIPHER_METADATA])).toBe('AES-256-GCM');
    expect(text(sealed!.data)).not.toContain('Hùng');
    expect(text(sealed!.data)).not.toContain('example.vn');
    const [back] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(back!)).toEqual(SECRET);
    // A fresh IV each time: the same value never gives the same ciphertext.
    const [again] = await codec.encode([plain]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(sealed!.data!))).toBe(false);
  });

  it('rotates by adding a key: the newest encrypts, every key decrypts', async () => {
    const old = key('k2025');
    const fresh = key('k2026');
    const [byOld] = await createEncryptionCodec([old]).encode([defaultPayloadConverter.toPayload('cũ')]);
    const rotated = createEncryptionCodec([fresh, old]);
    const [byNew] = await rotated.encode([defaultPayloadConverter.toPayload('mới')]);
    expect(text(byNew!.metadata![KEY_ID_METADATA])).toBe('k2026');
    const decoded = await rotated.decode([byOld!, byNew!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['cũ', 'mới']);
  });

  it('passes plain payloads (histories from before the codec) through unchanged', async () => {
    const plain: Payload = defaultPayloadConverter.toPayload({ a: 1 });
    const [out] = await createEncryptionCodec([key('k')]).decode([plain]);
    expect(out).toBe(plain);
    expect(isEncrypted(plain)).toBe(false);
  });

  it('refuses an unknown key id, altered ciphertext, and a relabelled key id', async () => {
    const a = key('a');
    const b = key('b');
    const [sealed] = await createEncryptionCodec([a]).encode([defaultPayloadConverter.toPayload(SECRET)]);
    await expect(createEncryptionCodec([b]).decode([sealed!])).rejects.toThrow('payload encrypted with key id "a", which is not configured (PAYLOAD_CODEC_KEYS)');
    const altered = Buffer.from(sealed!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(createEncryptionCodec([a]).decode([{ ...sealed!, data: altered }])).rejects.toThrow('payload encrypted with key "a" does not authenticate');
    // Same key bytes under another id: the id is authenticated data, so this fails too.
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await expect(createEncryptionCodec([{ id: 'b', key: a.key }]).decode([relabelled])).rejects.toThrow('does not authenticate');
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createEncryptionCodec([{ id: 'k', key: randomBytes(16) }])).toThrow('payload key "k" must be 32 bytes (AES-256), got 16');
    expect(() => createEncryptionCodec([])).toThrow('payload codec needs at least one key');
  });

  describe('compression of large payloads', () => {
    // What a parent with many children carries: ids and names, as in a large flat cycle.
    const children = Array.from({ length: 5_000 }, (_, i) => ({ id: `tyt-xa-${i}`, name: `Trạm Y tế xã số ${i}` }));
    const large = defaultPayloadConverter.toPayload({ startedChildIds: children.map((c) => c.id), childNames: Object.fromEntries(children.map((c) => [c.id, c.name])) });
    const plainBytes = large.data!.length;

    it('compresses a payload from the threshold up, several-fold, and round-trips it', async () => {
      const codec = createEncryptionCodec([key('k')]);
      const [sealed] = await codec.encode([large]);
      expect(text(sealed!.metadata![COMPRESSION_METADATA])).toBe('br');
      expect(sealed!.data!.length).toBeLessThan(plainBytes / 4);
      expect(text(sealed!.data)).not.toContain('Trạm Y tế');
      const [back] = await codec.decode([sealed!]);
      expect(defaultPayloadConverter.fromPayload(back!)).toEqual(defaultPayloadConverter.fromPayload(large));
    });

    it('leaves small payloads (what people submit) uncompressed, and never compresses when set to 0', async () => {
      const [small] = await createEncryptionCodec([key('k')]).encode([defaultPayloadConverter.toPayload(SECRET)]);
      expect(small!.metadata![COMPRESSION_METADATA]).toBeUndefined();
      const [off] = await createEncryptionCodec([key('k')], { compressAboveBytes: 0 }).encode([large]);
      expect(off!.metadata![COMPRESSION_METADATA]).toBeUndefined();
      expect(off!.data!.length).toBeGreaterThan(plainBytes);
      expect(plainBytes).toBeGreaterThan(DEFAULT_COMPRESS_ABOVE_BYTES);
    });

    it('reads payloads written before compression existed, with the same keys', async () => {
      const k = key('k');
      const [old] = await createEncryptionCodec([k], { compressAboveBytes: 0 }).encode([large]);
      const [back] = await createEncryptionCodec([k]).decode([old!]);
      expect(defaultPayloadConverter.fromPayload(back!)).toEqual(defaultPayloadConverter.fromPayload(large));
    });

    it('refuses a payload whose compression flag was stripped or is unknown', async () => {
      const k = key('k');
      const codec = createEncryptionCodec([k]);
      const [sealed] = await codec.encode([large]);
      const stripped = { ...sealed!, metadata: { ...sealed!.metadata } };
      delete stripped.metadata[COMPRESSION_METADATA];
      await expect(codec.decode([stripped])).rejects.toThrow('payload encrypted with key "k" does not authenticate');
      const unknown = { ...sealed!, metadata: { ...sealed!.metadata, [COMPRESSION_METADATA]: Buffer.from('zstd') } };
      await expect(codec.decode([unknown])).rejects.toThrow('payload compressed with "zstd", which this version cannot read');
    });
  });
});
