/**
 * `bin/cascade` starts plain node on the prebuilt bundle (dist/cascade-cli.js)
 * when it is newer than every source it was built from, builds it first when it
 * is missing or stale, and prints what the TypeScript sources print through tsx.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliRun } from '../support/cli';

const root = path.resolve(__dirname, '../..');
const bundle = path.join(root, 'dist', 'cascade-cli.js');
const help = (env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  new Promise((resolve) => {
    execFile(path.join(root, 'bin', 'cascade'), ['--help'], { encoding: 'utf8', env: { ...process.env, ...env } }, (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }));
  });
const modified = (): number => statSync(bundle).mtimeMs;

describe('bin/cascade and its prebuilt bundle', () => {
  afterAll(() => rmSync(bundle, { force: true })); // the next run builds a real one again

  it('builds the bundle when missing or older than a source, and prints what the sources print', async () => {
    rmSync(bundle, { force: true });
    const built = await help();
    expect(built).toMatchObject({ code: 0, err: '' });
    expect(built.out).toContain('cycle');
    expect(readFileSync(`${bundle}.inputs`, 'utf8').split('\n')).toEqual(expect.arrayContaining([path.join(root, 'client/cli/main.ts'), path.join(root, 'runtime/config.ts')]));

    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(bundle, old, old); // now older than every source
    expect(await help()).toEqual(built);
    expect(modified()).toBeGreaterThan(old.getTime() + 1000);

    expect(await help({ CASCADE_CLI_FROM_SOURCE: '1' })).toEqual(built);
  });

  it('runs an up-to-date bundle as it is, and builds again when one of its sources is gone', async () => {
    writeFileSync(bundle, 'process.stdout.write("from the bundle\\n");\n');
    expect((await help()).out).toBe('from the bundle\n');
    writeFileSync(`${bundle}.inputs`, `${readFileSync(`${bundle}.inputs`, 'utf8')}${path.join(root, 'client/cli/no-such-file.ts')}\n`);
    const rebuilt = await help();
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toContain('cycle');
    expect(readFileSync(`${bundle}.inputs`, 'utf8')).not.toContain('no-such-file');
  });
});
