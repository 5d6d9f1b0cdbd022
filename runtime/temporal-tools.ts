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

/** The production twin's binaries and the schemas of the pinned server version. */
export interface ClusterTools {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** Folder holding `postgresql/v12/...` of the server's version. */
  schemaDir: string;
  /** Where each came from, for the launcher's output. */
  sources: string[];
}

const CLUSTER_TOOLS = [
  { key: 'server', envVar: 'TEMPORAL_SERVER_PATH', name: 'temporal-server' },
  { key: 'sqlTool', envVar: 'TEMPORAL_SQL_TOOL_PATH', name: 'temporal-sql-tool' },
  { key: 'uiServer', envVar: 'TEMPORAL_UI_SERVER_PATH', name: 'temporal-ui-server' },
] as const;

/**
 * Same order as the CLI, for each of the twin's binaries: its env variable
 * (TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH) → on PATH
 * (temporal-server, temporal-sql-tool, temporal-ui-server) → the built copy in
 * .tools/ → built from the Go module proxy by scripts/ensure-temporal-server.sh.
 * Schemas: TEMPORAL_SCHEMA_DIR, else the copy the script keeps in .tools/.
 * @param env the environment to read the variables from
 * @returns the paths
 * @throws when a given path is not executable, or building is impossible (no Go)
 */
export function resolveClusterTools(env: NodeJS.ProcessEnv = process.env): ClusterTools {
  const found: Partial<Record<(typeof CLUSTER_TOOLS)[number]['key'], string>> = {};
  const sources: string[] = [];
  for (const tool of CLUSTER_TOOLS) {
    const fromEnv = env[tool.envVar];
    if (fromEnv) {
      if (!isExecutable(fromEnv)) throw new Error(`${tool.envVar}=${fromEnv} is not an executable file`);
      found[tool.key] = fromEnv;
      sources.push(`${tool.name}: ${tool.envVar}`);
      continue;
    }
    const inPath = onPath(tool.name);
    if (inPath) {
      found[tool.key] = inPath;
      sources.push(`${tool.name}: PATH`);
    }
  }
  let schemaDir = env.TEMPORAL_SCHEMA_DIR;
  if (!found.server || !found.sqlTool || !found.uiServer || !schemaDir) {
    // The script reuses built copies and builds only what is missing (needs Go then).
    const built = Object.fromEntries(
      runEnsureScript('ensure-temporal-server.sh')
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    for (const [key, scriptKey] of [['server', 'server'], ['sqlTool', 'sql'], ['uiServer', 'ui']] as const) {
      if (!found[key]) {
        found[key] = built[scriptKey];
        sources.push(`${path.basename(built[scriptKey] ?? key)}: .tools (built from the Go module proxy)`);
      }
    }
    schemaDir ??= built.schema;
  }
  if (!found.server || !found.sqlTool || !found.uiServer || !schemaDir) throw new Error('ensure-temporal-server.sh did not report every tool');
  return { server: found.server, sqlTool: found.sqlTool, uiServer: found.uiServer, schemaDir, sources };
}
