/**
 * The README's commands exist: every `npm run <script>` it names is a script of
 * package.json, and every file it names under scripts/, bench/ or bin/ is in the
 * repository. A branch lost in a merge once left the README describing a bench
 * command that no longer existed; this catches that in CI.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('README commands', () => {
  it('names only npm scripts that package.json defines', () => {
    const named = [...new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it('names only scripts/, bench/ and bin/ files that exist', () => {
    const named = [...new Set([...readme.matchAll(/\b((?:scripts|bench|bin)\/[\w./-]+\.(?:ts|sh|js)|bin\/cascade)\b/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((f) => !existsSync(path.join(ROOT, f)))).toEqual([]);
  });
});
