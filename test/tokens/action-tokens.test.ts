import fc from 'fast-check';
import { createTokenSigner, type ActionClaims } from '../../runtime/action-tokens';

const NOW = Date.UTC(2026, 10, 1, 3, 0, 0);
const secretA = 'a'.repeat(40);
const secretB = 'b'.repeat(40);
const signer = createTokenSigner({ currentKid: 'k2', secrets: { k2: secretB, k1: secretA } });

function claims(over: Partial<ActionClaims> = {}): ActionClaims {
  return {
    workflowId: 'cascade/ct21-yte-thanhhoa/2026/unit/bv-da-khoa-tinh',
    task: 'draft-plan',
    revision: 0,
    recipientHash: signer.recipientHash('Giam.Doc@BVDK.example.vn'),
    issuedAt: NOW / 1000,
    expiresAt: NOW / 1000 + 86_400,
    sequence: 'assigned',
    ...over,
  };
}

describe('action tokens', () => {
  it('round-trips claims, URL-safe and compact', () => {
    const token = signer.sign(claims());
    expect(token).toMatch(/^v1\.k2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(400);
    expect(token).not.toContain('Giam');
    const r = signer.verify(token, NOW);
    expect(r).toEqual({ ok: true, kid: 'k2', claims: claims() });
  });

  it('binds the recipient by keyed hash, case-insensitively', () => {
    const r = signer.verify(signer.sign(claims()), NOW);
    if (!r.ok) throw new Error('expected ok');
    expect(signer.matchesRecipient(r, 'giam.doc@bvdk.example.vn')).toBe(true);
    expect(signer.matchesRecipient(r, 'pho.giam.doc@bvdk.example.vn')).toBe(false);
  });

  it('reports expiry only for genuine tokens, with their claims', () => {
    const token = signer.sign(claims());
    const r = signer.verify(token, NOW + 86_400_000);
    expect(r).toMatchObject({ ok: false, reason: 'expired', claims: { task: 'draft-plan' } });
  });

  it('detects tampering with the claims, the kid and the signature', () => {
    const token = signer.sign(claims());
    const [v, kid, body, sig] = token.split('.') as [string, string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), r: 7 })).toString('base64url');
    expect(signer.verify(`${v}.${kid}.${forged}.${sig}`, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(signer.verify(`${v}.k1.${body}.${sig}`, NOW)).toEqual({ ok: false, reason: 'tampered' });
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(signer.verify(`${v}.${kid}.${body}.${flipped}`, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(signer.verify(`${v}.k9.${body}.${sig}`, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('rotates: old keys verify, only the current key signs', () => {
    const old = createTokenSigner({ currentKid: 'k1', secrets: { k1: secretA } });
    const oldToken = old.sign(claims({ recipientHash: old.recipientHash('x@example.vn') }));
    const r = signer.verify(oldToken, NOW);
    expect(r).toMatchObject({ ok: true, kid: 'k1' });
    if (r.ok) expect(signer.matchesRecipient(r, 'x@example.vn')).toBe(true);
    const retired = createTokenSigner({ currentKid: 'k2', secrets: { k2: secretB } });
    expect(retired.verify(oldToken, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('binds CSRF values to token and purpose', () => {
    const t = signer.sign(claims());
    const v = signer.bind(t, 'form');
    expect(signer.checkBinding(t, 'form', v)).toBe(true);
    expect(signer.checkBinding(t, 'other', v)).toBe(false);
    expect(signer.checkBinding(signer.sign(claims({ sequence: 'r1' })), 'form', v)).toBe(false);
    expect(signer.checkBinding(t, 'form', '')).toBe(false);
  });

  it('fuzz: arbitrary strings never throw and never verify', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^v1\.k2\.[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{43}$/)), (s) => {
        const r = signer.verify(s, NOW);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('fuzz: any single-character change of a valid token never verifies', () => {
    const token = signer.sign(claims());
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'abcXYZ019-_.~%'), (i, ch) => {
        fc.pre(token[i] !== ch);
        const mutated = token.slice(0, i) + ch + token.slice(i + 1);
        expect(signer.verify(mutated, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
