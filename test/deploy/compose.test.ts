/**
 * Docker cannot run on these machines, so the deployment files are checked by
 * reading them: docker-compose.yml parses, has the services of the production
 * shape with healthchecks and worker replicas, and sets only environment
 * variables that runtime/config.ts knows (a typo would otherwise be silently
 * ignored and the default used). The Dockerfile runs the entries that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ALL_SEARCH_ATTRIBUTE_KEYS, CLI_TYPE_NAMES } from '../../domain/search-attributes';
import { serverConfig } from '../../runtime/cluster/server-config';
import { DEFAULT_HISTORY_SHARDS, DEFAULT_TWIN_PORTS } from '../../runtime/cluster/twin';
import { DEFAULT_POSTGRES_BIN_DIR } from '../../runtime/cluster/postgres';
import { CONFIG_VARIABLES } from '../../runtime/config';

const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, unknown>; deploy?: { replicas?: number }; healthcheck?: { test: unknown }; profiles?: string[] }>;
};
/** The variables runtime/config.ts validates. */
const configVars = new Set(CONFIG_VARIABLES);
const APP_SERVICES = ['worker', 'web'];

describe('docker-compose.yml (parsed, not run: no Docker here)', () => {
  it('reads the env schema of runtime/config.ts', () => {
    expect(configVars.size).toBeGreaterThan(10);
    expect([...configVars]).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'SMTP_HOST', 'ACTION_TOKEN_SECRETS', 'PUBLIC_BASE_URL']));
  });

  it('has the production services, each with a healthcheck', () => {
    const names = Object.keys(compose.services);
    expect(names).toEqual(expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'worker', 'web', 'mail-relay']));
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'worker', 'web', 'mail-relay']) {
      expect({ name, healthcheck: Boolean(compose.services[name]!.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });

  it('runs several worker replicas of the image built by the Dockerfile', () => {
    const worker = compose.services.worker!;
    expect(worker.deploy?.replicas).toBeGreaterThan(1);
    expect(worker.build).toBeDefined();
    expect(worker.command).toEqual(['npx', 'tsx', 'worker/main.ts']);
    expect(compose.services.web!.command).toEqual(['npx', 'tsx', 'client/web/main.ts']);
    for (const cmd of [worker.command!, compose.services.web!.command!]) expect(existsSync(path.join(ROOT, cmd.at(-1)!))).toBe(true);
  });

  it('sets only variables runtime/config.ts reads, and the ones production requires', () => {
    for (const name of APP_SERVICES) {
      const env = Object.keys(compose.services[name]!.environment ?? {});
      expect({ name, unknown: env.filter((v) => !configVars.has(v)) }).toEqual({ name, unknown: [] });
      expect(env).toEqual(expect.arrayContaining(['NODE_ENV', 'TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'SMTP_HOST', 'SMTP_SECURITY', 'ACTION_TOKEN_SECRETS', 'PUBLIC_BASE_URL']));
      expect(compose.services[name]!.environment!.NODE_ENV).toBe('production');
    }
    expect(Object.keys(compose.services.web!.environment!)).toEqual(expect.arrayContaining(['WEB_HOST', 'WEB_PORT', 'WEB_TRUST_PROXY', 'CODEC_ENDPOINT_TOKEN', 'CODEC_CORS_ORIGINS']));
    for (const name of APP_SERVICES) expect(Object.keys(compose.services[name]!.environment!)).toContain('PAYLOAD_CODEC_KEYS');
    // Never "true" (every hop trusted: a forged X-Forwarded-For would pass).
    expect(String(compose.services.web!.environment!.WEB_TRUST_PROXY)).not.toMatch(/true/);
    // The UI decodes through the web app's codec endpoint.
    expect(String(compose.services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT)).toMatch(/\/codec\/\$\{CODEC_ENDPOINT_TOKEN/);
  });

  it('registers every custom search attribute the workflows write, with its type', () => {
    const script = JSON.stringify(compose.services['temporal-search-attributes']);
    for (const k of ALL_SEARCH_ATTRIBUTE_KEYS) expect(script).toContain(`${k.name}=${CLI_TYPE_NAMES[k.type]}`);
  });
});

describe('docker-compose.yml and the production twin agree', () => {
  const ensure = readFileSync(path.join(ROOT, 'scripts/ensure-temporal-server.sh'), 'utf8');
  const pinned = (name: string) => new RegExp(`${name}="\\$\\{${name}:-([0-9.]+)\\}"`).exec(ensure)?.[1];
  const tag = (service: string) => compose.services[service]!.image!.split(':')[1];

  it('runs the same Temporal server, UI and PostgreSQL versions', () => {
    expect(pinned('TEMPORAL_SERVER_VERSION')).toBe('1.29.1');
    expect(tag('temporal')).toBe(pinned('TEMPORAL_SERVER_VERSION'));
    expect(tag('temporal-search-attributes')).toBe(pinned('TEMPORAL_SERVER_VERSION'));
    expect(tag('temporal-ui')).toBe(pinned('TEMPORAL_UI_SERVER_VERSION'));
    expect(`/usr/lib/postgresql/${tag('postgresql')}/bin`).toBe(DEFAULT_POSTGRES_BIN_DIR);
  });

  it('builds the twin and the CLI inside scripts/go-tools, whose go.mod pins the same versions as the scripts', () => {
    const goMod = readFileSync(path.join(ROOT, 'scripts/go-tools/go.mod'), 'utf8');
    const cliScript = readFileSync(path.join(ROOT, 'scripts/ensure-temporal-cli.sh'), 'utf8');
    const cliPin = /TEMPORAL_CLI_VERSION="\$\{TEMPORAL_CLI_VERSION:-([0-9.]+)\}"/.exec(cliScript)?.[1];
    const goPin = (module: string) => new RegExp(`^\\s*${module.replace(/[./]/g, '\\$&')} (v[0-9.]+)`, 'm').exec(goMod)?.[1];
    expect(goPin('go.temporal.io/server')).toBe(`v${pinned('TEMPORAL_SERVER_VERSION')}`);
    expect(goPin('github.com/temporalio/ui-server/v2')).toBe(`v${pinned('TEMPORAL_UI_SERVER_VERSION')}`);
    expect(cliPin).toBeDefined();
    expect(goPin('github.com/temporalio/cli')).toBe(`v${cliPin}`);
    for (const tool of ['github.com/temporalio/cli/cmd/temporal', 'go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql', 'github.com/temporalio/ui-server/v2/cmd/server']) {
      expect(goMod).toContain(`\t${tool}\n`);
    }
  });

  it('uses the same database plugin and number of history shards', () => {
    const env = compose.services.temporal!.environment!;
    const twin = parse(
      serverConfig({ ports: DEFAULT_TWIN_PORTS, postgres: { port: 5433, user: 'temporal', password: 'x' }, historyShards: DEFAULT_HISTORY_SHARDS, dynamicConfigFile: '/dev/null', metricsPort: 9090 }),
    ) as { persistence: { numHistoryShards: number; datastores: Record<string, { sql: { pluginName: string } }> } };
    expect(Object.values(twin.persistence.datastores).map((d) => d.sql.pluginName)).toEqual([env.DB, env.DB]);
    expect(twin.persistence.numHistoryShards).toBe(env.NUM_HISTORY_SHARDS);
  });

  it('passes the Temporal TLS / API-key variables through to the app, under the names the config reads', () => {
    const env = Object.keys(compose.services.worker!.environment!);
    const security = CONFIG_VARIABLES.filter((v) => v.startsWith('TEMPORAL_TLS') || v === 'TEMPORAL_API_KEY');
    expect(security.length).toBeGreaterThanOrEqual(6);
    expect(env).toEqual(expect.arrayContaining(security));
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  it('installs production dependencies only, on an LTS Node image pinned by digest, and copies every runtime folder', () => {
    const from = /^FROM (\S+)$/m.exec(dockerfile)?.[1] ?? '';
    // Node 20 reached end of life on 2026-04-30; 22 and 24 are LTS. The digest pins the bytes.
    expect(from).toMatch(/^node:(22|24)(\.\d+\.\d+)?-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(dockerfile).toContain('npm ci --omit=dev');
    for (const dir of ['domain', 'workflows', 'activities', 'runtime', 'worker', 'client', 'calendar']) expect(dockerfile).toContain(`COPY ${dir} ./${dir}`);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
  it('relies on tsx being a runtime dependency; the development mail catcher is not in the image', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.dependencies.maildev).toBeUndefined();
    expect(pkg.devDependencies.maildev).toBeDefined();
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    expect(lock.packages['node_modules/maildev']?.dev).toBe(true);
  });
});
