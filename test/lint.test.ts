/**
 * The lint rules that guard the workflow sandbox really fire: a workflow that
 * imports Node built-ins or an I/O package, or drops a promise, fails `npm run lint`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(__dirname, '..');
const badSource = fs.readFileSync(path.join(__dirname, 'lint-fixtures', 'bad-workflow.ts'), 'utf8');

/** Runs the project's real `eslint` on the text as if it were that file (nothing is written). */
function lintAs(relativePath: string, source: string): Promise<string[]> {
  const run = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', relativePath, '--format', 'json'], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return Promise.resolve(result!.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe('lint guards the workflow sandbox', () => {
  it('rejects Node built-ins, I/O packages and floating promises in workflows/', async () => {
    const messages = await lintAs('workflows/health-check.ts', badSource);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-restricted-imports: 'node:fs' import is restricted/),
        expect.stringMatching(/^no-restricted-imports: 'nodemailer' import is restricted/),
        expect.stringMatching(/^@typescript-eslint\/no-floating-promises/),
      ]),
    );
  });

  it('rejects the same imports in domain/, and allows them in activities/', async () => {
    const domain = (await lintAs('domain/stages.ts', badSource)).filter((m) => m.startsWith('no-restricted-imports'));
    // domain/ may not even use the workflow SDK: it is shared by clients and activities too.
    expect(domain.map((m) => m.split("'")[1])).toEqual(['node:fs', 'nodemailer', '@temporalio/workflow']);
    expect((await lintAs('activities/health/index.ts', badSource)).filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('passes the real workflows', async () => {
    const source = fs.readFileSync(path.join(root, 'workflows/health-check.ts'), 'utf8');
    expect(await lintAs('workflows/health-check.ts', source)).toEqual([]);
  });
});
