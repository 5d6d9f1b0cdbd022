/** The content-addressed snapshot store (inputs by reference) and paging a unit out of a stored cascade. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import type { UnitNode } from '../../domain/cycle/types';
import { buildUnitTree } from '../../domain/cycle/unit-tree';
import { indexUnits, unitPage, type UnitPage } from '../../domain/cycle/unit-page';
import { canonicalJson, createFileSnapshotStore, SnapshotError } from '../../runtime/snapshot-store';
import { loadExample } from '../support/example';

describe('file snapshot store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores a cascade once by content hash; key order does not change the hash; the value comes back equal', async () => {
    const store = createFileSnapshotStore(dir);
    const tree = buildUnitTree(loadExample(), 2027, SHIPPED_CALENDAR);
    const [a, b] = await Promise.all([store.put(tree), store.put(JSON.parse(canonicalJson(tree)))]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await store.put({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(await store.put({ a: [2, { c: 4, d: 3 }], b: 1 }));
    expect(await store.get<UnitNode>(a)).toEqual(tree);
    expect(fs.readdirSync(path.join(dir, a.slice(0, 2)))).toEqual([`${a}.json`]);
  });

  it('refuses a missing, malformed or damaged snapshot with a clear error', async () => {
    const store = createFileSnapshotStore(dir);
    const hash = await store.put({ x: 1 });
    await expect(store.get('0'.repeat(64))).rejects.toThrow(new SnapshotError(`snapshot ${'0'.repeat(64)} is not in the store`, ''));
    await expect(store.get('../etc/passwd')).rejects.toThrow(/not a snapshot hash/);
    fs.writeFileSync(path.join(dir, hash.slice(0, 2), `${hash}.json`), '{"x":2}');
    await expect(store.get(hash)).rejects.toThrow(`snapshot ${hash} is damaged (content does not match its hash)`);
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
