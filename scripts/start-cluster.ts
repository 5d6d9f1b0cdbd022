/**
 * `npm run start:cluster`: the production topology on this machine (the "twin").
 * PostgreSQL 15 (data under .data/cluster/), Temporal server 1.29.1 on it for
 * persistence and visibility, the standalone Web UI, two worker processes, the web
 * app, the mail catcher and the example cycle, with the same URLs as `npm start`.
 * `--separate-services` runs frontend, history, matching and worker as four
 * processes, as a real cluster does. Ctrl-C stops everything; the next start
 * reuses the data. Binaries are built once into .tools/ (scripts/ensure-temporal-server.sh).
 */
import path from 'node:path';
import { preparePostgres } from '../runtime/cluster/postgres';
import { DEFAULT_TWIN_PORTS, startTwin, type Twin, type TwinPorts } from '../runtime/cluster/twin';
import { isPortFree, PortInUseError } from '../runtime/temporal-dev-server';
import { PROJECT_ROOT, resolveClusterTools } from '../runtime/temporal-tools';
import { codecEndpointUrl, intEnv, prepareAppEnv, printUrls, say, startApp, stopOnSignals, type AppProcesses } from './launcher';

/** The twin's ports: defaults, gRPC/UI/PostgreSQL/metrics movable by variables; the rest follow the gRPC port. */
function twinPorts(): TwinPorts {
  const d = DEFAULT_TWIN_PORTS;
  const frontend = intEnv('TEMPORAL_PORT', d.frontend);
  const shift = frontend - d.frontend;
  const metrics = intEnv('TEMPORAL_METRICS_PORT', d.metrics.frontend);
  return {
    frontend,
    frontendHttp: d.frontendHttp + shift,
    history: d.history + shift,
    matching: d.matching + shift,
    worker: d.worker + shift,
    membership: { frontend: d.membership.frontend + shift, history: d.membership.history + shift, matching: d.membership.matching + shift, worker: d.membership.worker + shift },
    metrics: { frontend: metrics, history: metrics + 1, matching: metrics + 2, worker: metrics + 3 },
    postgres: intEnv('POSTGRES_PORT', d.postgres),
    ui: intEnv('TEMPORAL_UI_PORT', d.ui ?? 8233),
  };
}

async function refuseTakenPorts(ports: TwinPorts): Promise<void> {
  const named: Array<[number, string, string]> = [
    [ports.frontend, 'Temporal gRPC', 'TEMPORAL_PORT'],
    [ports.frontendHttp, 'Temporal HTTP', 'TEMPORAL_PORT'],
    [ports.history, 'Temporal history', 'TEMPORAL_PORT'],
    [ports.matching, 'Temporal matching', 'TEMPORAL_PORT'],
    [ports.worker, 'Temporal worker service', 'TEMPORAL_PORT'],
    ...Object.values(ports.membership).map((p): [number, string, string] => [p, 'Temporal membership', 'TEMPORAL_PORT']),
    ...Object.values(ports.metrics).map((p): [number, string, string] => [p, 'Temporal metrics', 'TEMPORAL_METRICS_PORT']),
    [ports.postgres, 'PostgreSQL', 'POSTGRES_PORT'],
    ...(ports.ui === null ? [] : [[ports.ui, 'Temporal Web UI', 'TEMPORAL_UI_PORT'] as [number, string, string]]),
  ];
  for (const [port, what, envVar] of named) if (!(await isPortFree(port))) throw new PortInUseError(port, what, envVar);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const separateServices = process.argv.includes('--separate-services');
  const dataDir = path.resolve(PROJECT_ROOT, process.env.DATA_DIR ?? '.data', 'cluster');
  const ports = twinPorts();
  // A database left running by a launcher that was killed holds its port: stop it first.
  const leftover = await preparePostgres({ dataDir, port: ports.postgres });
  if (await leftover.isRunning()) {
    say('stopping the PostgreSQL server a previous start left running…');
    await leftover.stop('fast');
  }
  await refuseTakenPorts(ports);
  const appPorts = await prepareAppEnv(`127.0.0.1:${ports.frontend}`, ports.ui ?? 8233);

  // Filled as the parts start, so Ctrl-C during start-up stops what is up already.
  const running: { twin?: Twin; app?: AppProcesses } = {};
  const signals = stopOnSignals(async () => {
    await running.app?.stop();
    await running.twin?.stop();
    say(`stopped; data kept in ${path.relative(PROJECT_ROOT, dataDir)}/`);
  });

  const tools = resolveClusterTools();
  say(`tools: ${tools.sources.join(', ')}`);
  const codecToken = appPorts.config.codec.endpointToken;
  const uiCodecEndpoint = codecToken ? codecEndpointUrl(process.env.PUBLIC_BASE_URL!, codecToken) : undefined;
  const twin = (running.twin = await startTwin({ dataDir, tools, ports, separateServices, log: say, ...(uiCodecEndpoint ? { uiCodecEndpoint } : {}) }));
  let app: AppProcesses;
  try {
    app = running.app = await startApp(appPorts, 2, { mailDirectory: path.join(dataDir, 'mail'), ...(twin.uiUrl ? { temporalUiUrl: twin.uiUrl } : {}) });
  } catch (err) {
    await twin.stop();
    throw err;
  }
  printUrls(
    [
      `  Temporal Web UI   ${twin.uiUrl}   (workflows, search: CascadeCycle, CascadeStage, CascadeOverdue …)`,
      `  Temporal gRPC     ${twin.address}   (PostgreSQL 15 on 127.0.0.1:${ports.postgres}, persistence + visibility)`,
      `  Server metrics    ${twin.metricsUrls.join(' ')}`,
    ],
    app,
    `${path.relative(PROJECT_ROOT, dataDir)}/`,
  );
  say(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  signals.watch(app);
}

main().catch((err: unknown) => {
  process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
