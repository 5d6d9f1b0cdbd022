/** The content-addressed snapshot store (inputs by reference) and paging a unit out of a stored cascade. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import type { UnitNode } from '../../domain/cycle/types';
import { buildUnitTree } from '../../domain/cycle/unit-tree';
import { indexUnits, unitPage, type UnitPage } from '../../domain/cycle/unit-page';
import { canonicalJson, createFileSnapshotStore, SnapshotError } from '../../runtime/snapshot-store';
import { loadExample } from '../support/example';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('file snapshot store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const stored = (ref: string) => path.join(dir, ref.slice(0, 2), `${ref}.bin`);

  it('stores a cascade once by content; key order does not change the reference; the value comes back equal', async () => {
    const store = createFileSnapshotStore(dir, [key('k1')]);
    const tree = buildUnitTree(loadExample(), 2027, SHIPPED_CALENDAR);
    const [a, b] = await Promise.all([store.put(tree), store.put(JSON.parse(canonicalJson(tree)))]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await store.put({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(await store.put({ a: [2, { c: 4, d: 3 }], b: 1 }));
    expect(await store.get<UnitNode>(a)).toEqual(tree);
    expect(fs.readdirSync(path.join(dir, a.slice(0, 2)))).toEqual([`${a}.bin`]);
  });

  it('keeps personal data encrypted at rest, and the reference is no plain hash of the content', async () => {
    const store = createFileSnapshotStore(dir, [key('k1')]);
    const cascade = loadExample();
    const ref = await store.put(cascade);
    const bytes = fs.readFileSync(stored(ref));
    const email = cascade.org.head.email;
    expect(bytes.includes(Buffer.from(email))).toBe(false);
    expect(bytes.includes(Buffer.from(cascade.org.name))).toBe(false);
    expect(ref).not.toBe(createHash('sha256').update(canonicalJson(cascade)).digest('hex'));
    // Another key names the same content differently, and cannot open what the first sealed.
    const other = createFileSnapshotStore(dir, [key('k2')]);
    expect(await other.put(cascade)).not.toBe(ref);
    await expect(other.get(ref)).rejects.toThrow(/does not open with the configured keys/);
  });

  it('opens snapshots sealed with an older key after a rotation', async () => {
    const old = key('k1');
    const ref = await createFileSnapshotStore(dir, [old]).put({ x: 1 });
    const rotated = createFileSnapshotStore(dir, [key('k2'), old]);
    expect(await rotated.get(ref)).toEqual({ x: 1 });
  });

  it('refuses a missing, malformed or damaged snapshot with a clear error', async () => {
    const k = key('k1');
    const store = createFileSnapshotStore(dir, [k]);
    const ref = await store.put({ x: 1 });
    await expect(store.get('0'.repeat(64))).rejects.toThrow(new SnapshotError(`snapshot ${'0'.repeat(64)} is not in the store`, ''));
    await expect(store.get('../etc/passwd')).rejects.toThrow(/not a snapshot reference/);
    // Another snapshot's (valid) bytes under this reference: it opens, but is not this content.
    const otherRef = await store.put({ x: 2 });
    fs.copyFileSync(stored(otherRef), stored(ref));
    await expect(store.get(ref)).rejects.toThrow(`snapshot ${ref} is damaged (content does not match its reference)`);
    const bytes = fs.readFileSync(stored(otherRef));
    bytes[bytes.length - 3]! ^= 0xff;
    fs.writeFileSync(stored(otherRef), bytes);
    await expect(store.get(otherRef)).rejects.toThrow(/does not open with the configured keys/);
  });
});

describe('a unit paged out of a snapshot', () => {
  it('gives its own node without the subtree and its children ids page by page', () => {
    const tree = buildUnitTree(loadExample(), 2027, SHIPPED_CALENDAR);
    const byId = indexUnits(tree);
    const ids: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: UnitPage = unitPage(byId, tree.id, offset, 20)!;
      expect(page.node.children).toEqual([]);
      expect(page.childIds.length).toBeLessThanOrEqual(20);
      ids.push(...page.childIds);
      offset = page.nextOffset;
      pages++;
    }
    expect(ids).toEqual(tree.children.map((c) => c.id));
    expect(pages).toBe(Math.ceil(tree.children.length / 20));
    expect(unitPage(byId, 'tyt-hoang-tien', 0, 10)).toMatchObject({ node: { id: 'tyt-hoang-tien', children: [] }, childIds: [], totalChildren: 0, nextOffset: null });
    expect(unitPage(byId, 'khong-co', 0, 10)).toBeUndefined();
  });
});
