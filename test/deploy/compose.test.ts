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
import { ALL_SEARCH_ATTRIBUTE_KEYS } from '../../domain/search-attributes';

const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, unknown>; deploy?: { replicas?: number }; healthcheck?: { test: unknown }; profiles?: string[] }>;
};
const configSource = readFileSync(path.join(ROOT, 'runtime/config.ts'), 'utf8');
/** The variables the env schema of runtime/config.ts declares. */
const configVars = new Set([...configSource.slice(configSource.indexOf('const envSchema'), configSource.indexOf('});', configSource.indexOf('const envSchema'))).matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
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

  it('registers every custom search attribute the workflows write', () => {
    const script = JSON.stringify(compose.services['temporal-search-attributes']);
    for (const k of ALL_SEARCH_ATTRIBUTE_KEYS) expect(script).toContain(`${k.name}=`);
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
