import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkCascade, DEFAULT_LIMITS, formatPath, generateCascade, parseCascade } from '../../domain/cascade';

const example = parse(readFileSync('examples/ct21-yte-thanhhoa.yaml', 'utf8'));

function paths(input: unknown): string[] {
  const r = parseCascade(input);
  return r.ok ? [] : r.problems.map((p) => formatPath(p.path));
}

describe('parseCascade', () => {
  it('accepts the shipped example, with NFC text and ~70 units', () => {
    const r = parseCascade(example);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.cascade.org.children!.length).toBeGreaterThanOrEqual(65);
    expect(r.cascade.org.issuedPlan!.number).toBe('2018/KH-BVSTBCPN');
    expect(r.cascade.cycle.activityGroups.map((g) => g.id)).toEqual(['II.1', 'II.2', 'II.3', 'II.4', 'II.5']);
  });

  it('normalises strings to NFC', () => {
    const input = structuredClone(example);
    input.org.name = 'Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa'.normalize('NFD');
    const r = parseCascade(input);
    expect(r.ok && r.cascade.org.name).toBe('Ban Vì sự tiến bộ của phụ nữ ngành Y tế Thanh Hóa'.normalize('NFC'));
  });

  it('reports a cyclic object graph instead of overflowing the stack', () => {
    const input = structuredClone(example);
    input.org.children[0].children = [input.org];
    expect(paths(input)).toEqual(['org.children[0].children[0]']);
  });

  it('reports every problem with its exact path', () => {
    const input = structuredClone(example);
    input.org.children[3].head.email = 'khong-hop-le';
    input.org.children[5].id = input.org.children[4].id;
    input.cycle.escalation[3].officeId = 'khong-co';
    expect(paths(input)).toEqual(['org.children[3].head.email']);
    input.org.children[3].head.email = 'a@b.example';
    expect(paths(input)).toEqual(['cycle.escalation[3].officeId', 'org.children[5].id']);
  });

  it('bounds the tree size', () => {
    const big = generateCascade({ units: 60, depth: 2, fanout: 10 });
    const r = parseCascade(big, { ...DEFAULT_LIMITS, maxUnits: 50 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/tối đa 50 đơn vị/);
  });
});

describe('checkCascade', () => {
  it('finds nothing wrong in a generated cascade', () => {
    const r = parseCascade(generateCascade({ units: 300, depth: 3, fanout: 7, seed: 42 }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(checkCascade(r.cascade)).toEqual([]);
  });
});

describe('generateCascade', () => {
  it('is deterministic per seed and fills levels breadth-first', () => {
    const a = generateCascade({ units: 100, depth: 3, fanout: 5, seed: 7 });
    expect(generateCascade({ units: 100, depth: 3, fanout: 5, seed: 7 })).toEqual(a);
    expect(generateCascade({ units: 100, depth: 3, fanout: 5, seed: 8 })).not.toEqual(a);
    expect(a.org.children).toHaveLength(5);
    expect(a.org.children![0]!.children).toHaveLength(5);
  });
  it('refuses a shape that cannot hold the units', () => {
    expect(() => generateCascade({ units: 100, depth: 2, fanout: 5 })).toThrow(RangeError);
  });
});

describe('formatPath', () => {
  it('writes paths as people read them', () => {
    expect(formatPath(['org', 'children', 3, 'head', 'email'])).toBe('org.children[3].head.email');
    expect(formatPath(['years', '2026'])).toBe('years["2026"]');
    expect(formatPath([])).toBe('(gốc)');
  });
});
