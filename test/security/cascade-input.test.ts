/** Hostile cascade files: prototype keys and oversized files are refused with one clear line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCATED_MAX_BYTES, loadCascadeFile, MAX_FILE_BYTES, parseCascadeBytes } from '../../client/shared/cascade-file';
import { generateCascade } from '../../domain/cascade';
import { formatPath } from '../../domain/cascade';

const mini = (orgExtra: string) => `schemaVersion: 1
id: mini
name: Thử
directive: { system: party, number: 21-CT/TW, issuer: Ban Bí thư, issuedOn: "2018-01-20", title: Về công tác phụ nữ }
parentPlans: []
org:
  id: goc
  name: Ban
  level: Sở
${orgExtra}
  head: { name: Lê Thị Hà, title: Trưởng ban, email: ha@so.example }
cycle: {}
`;

/** @returns "path: message" of every error */
function errors(text: string, format: 'yaml' | 'json' = 'yaml'): string[] {
  const r = parseCascadeBytes(Buffer.from(text), format);
  return r.ok ? [] : r.problems.filter((p) => p.severity === 'error').map((p) => `${formatPath(p.path)}: ${p.message}`);
}

describe('prototype keys in a cascade file', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('"%s" is refused where it stands, in YAML', (key) => {
    const found = errors(mini(`  ${key}: { shortName: Giả mạo }`));
    expect(found).toContain(`org.${key}: khóa "${key}" không được phép (tên dành riêng của JavaScript)`);
  });

  it('"__proto__" is refused in JSON too, and cannot smuggle fields past the strict-key check', () => {
    const json = JSON.stringify({ schemaVersion: 1, id: 'x' }).replace('{', '{"__proto__":{"shortName":"Giả mạo"},');
    expect(errors(json, 'json')).toContain('__proto__: khóa "__proto__" không được phép (tên dành riêng của JavaScript)');
  });
});

describe('file size', () => {
  it('a 25.2 MB file is refused from its size, before it is read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascade-big-'));
    try {
      const file = path.join(dir, 'big.yaml');
      const line = '# chú thích dài để làm tệp lớn, không có nội dung thật\n';
      writeFileSync(file, line.repeat(Math.ceil(25.2e6 / Buffer.byteLength(line))));
      const heapBefore = process.memoryUsage().heapUsed;
      const r = loadCascadeFile(file);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^tệp quá lớn \(\d+ byte, tối đa 25165824 byte\)$/)]);
      // Not read: the heap did not grow by the file's size.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8e6);
      expect(MAX_FILE_BYTES).toBe(24 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a cascade of 50,000 units (the most a file may hold)', () => {
  // About 10 MB as JSON: over the size up to which problems are located by line.
  const text = JSON.stringify(generateCascade({ units: 49_999, depth: 1, fanout: 49_999 }));

  it('loads, without building the positional document', () => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(LOCATED_MAX_BYTES);
    const r = parseCascadeBytes(Buffer.from(text), 'json');
    expect(r.ok && r.value.org.children?.length).toBe(49_999);
  });

  it('with a mistake past the located size: the problem by its path, and one line saying why there is no line number', () => {
    // A small cascade padded past the size (as cheap to parse as it gets) with one wrong address.
    const small = generateCascade({ units: 2_000, depth: 1, fanout: 2_000 });
    const broken = JSON.stringify(small).replace('"u1337@units.example"', '"không phải địa chỉ thư"') + ' '.repeat(LOCATED_MAX_BYTES);
    expect(broken).toContain('không phải địa chỉ thư');
    const r = parseCascadeBytes(Buffer.from(broken), 'json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.severity} ${formatPath(p.path)}: ${p.message}`.slice(0, 200))).toEqual([
      expect.stringMatching(/^warning \(gốc\): tệp lớn \(\d+ byte, trên 8388608 byte\): lỗi được nêu theo đường dẫn, không kèm số dòng$/),
      expect.stringMatching(/^error org\.children\[1336\]\.head\.email: /),
    ]);
    expect(r.problems[1]!.line).toBeUndefined();
  });

  it('with a syntax error: one problem, with its line and column', () => {
    const r = parseCascadeBytes(Buffer.from(`${text.slice(0, -1)},}`), 'json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ severity: 'error', line: 1, column: expect.any(Number) });
  });

  it('in YAML with a syntax error past the located size: js-yaml names the line', () => {
    const yaml = `${mini('')}# ${'x'.repeat(LOCATED_MAX_BYTES)}\nbad: [unclosed\n`;
    const r = parseCascadeBytes(Buffer.from(yaml), 'yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.severity, p.line])).toEqual([['warning', undefined], ['error', 15]]);
    expect(r.problems[1]!.message).toMatch(/^lỗi cú pháp: /);
  });
});
