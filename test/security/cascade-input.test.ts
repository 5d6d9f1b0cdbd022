/** Hostile cascade files: prototype keys and oversized files are refused with one clear line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCascadeFile, MAX_FILE_BYTES, parseCascadeBytes } from '../../client/shared/cascade-file';
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
  it('a 15.6 MB file is refused from its size, before it is read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascade-big-'));
    try {
      const file = path.join(dir, 'big.yaml');
      const line = '# chú thích dài để làm tệp lớn, không có nội dung thật\n';
      writeFileSync(file, line.repeat(Math.ceil(15.6e6 / Buffer.byteLength(line))));
      const heapBefore = process.memoryUsage().heapUsed;
      const r = loadCascadeFile(file);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^tệp quá lớn \(\d+ byte, tối đa 8388608 byte\)$/)]);
      // Not read: the heap did not grow by the file's size.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8e6);
      expect(MAX_FILE_BYTES).toBe(8 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
