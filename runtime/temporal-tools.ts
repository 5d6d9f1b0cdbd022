/**
 * Finds the Temporal CLI (dev server + Web UI) and the time-skipping test server.
 * These machines reach package registries only, so the SDK's default download of
 * both fails; we build/fetch them from registries (scripts/ensure-*.sh) instead.
 *
 * CLI resolution order: TEMPORAL_CLI_PATH → `temporal` on PATH → the project's
 * built copy in .tools/ → build it from the Go module proxy when Go is present →
 * the SDK's own download (only where the internet is reachable).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Where a tool comes from; `sdk-download` means: let @temporalio/testing fetch it. */
export type ToolLocation = { kind: 'path'; path: string; source: string } | { kind: 'sdk-download'; source: string };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function runEnsureScript(script: string): string {
  // The script prints progress on stderr (inherited) and the path on stdout.
  return execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * @param env the environment to read TEMPORAL_CLI_PATH from
 * @returns where the Temporal CLI is; builds it when only Go is available
 */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): ToolLocation {
  const fromEnv = env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return { kind: 'path', path: fromEnv, source: 'TEMPORAL_CLI_PATH' };
  }
  const inPath = onPath('temporal');
  if (inPath) return { kind: 'path', path: inPath, source: 'PATH' };
  // The script reuses the built copy, or builds it when Go is present.
  if (hasBuiltCli() || onPath('go')) {
    return { kind: 'path', path: runEnsureScript('ensure-temporal-cli.sh'), source: '.tools (built from the Go module proxy)' };
  }
  return { kind: 'sdk-download', source: 'SDK download (needs the internet)' };
}

function hasBuiltCli(): boolean {
  const version = process.env.TEMPORAL_CLI_VERSION ?? '1.5.1';
  return isExecutable(path.join(PROJECT_ROOT, '.tools', 'temporal-cli', version, 'temporal'));
}

/**
 * @returns where the time-skipping test server wrapper is (TEMPORAL_TEST_SERVER_PATH,
 *   else fetched from Maven Central into .tools/), or `sdk-download` without Maven
 */
export function resolveTestServer(env: NodeJS.ProcessEnv = process.env): ToolLocation {
  const fromEnv = env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${fromEnv} is not an executable file`);
    return { kind: 'path', path: fromEnv, source: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  if (onPath('java')) return { kind: 'path', path: runEnsureScript('ensure-test-server.sh'), source: '.tools (Maven Central)' };
  return { kind: 'sdk-download', source: 'SDK download (needs the internet)' };
}
