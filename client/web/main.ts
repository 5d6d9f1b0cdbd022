/** Entry of the web process: config, Temporal connection, listen, graceful shutdown. */
import { loadConfigOrExit } from '../../runtime/config';
import { devSecretsWarning } from '../../runtime/data-converter';
import { createAppMetrics, startMetricsServer } from '../../runtime/metrics';
import { connectClient } from '../shared/temporal-client';
import { buildServer } from './app';
import { createTemporalGateway, gatewayOptionsOf } from './temporal-gateway';
import { adminOptions } from './admin/options';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The shared client carries the connection settings (TLS, API key) and the payload codec.
  const { client, close: closeConnection } = await connectClient(config);
  // Metrics on their own port (METRICS_PORT), never on the public one.
  const metrics = config.metrics ? createAppMetrics('web') : undefined;
  const metricsServer = config.metrics && metrics ? await startMetricsServer({ ...config.metrics, registry: metrics.registry }) : undefined;
  const app = await buildServer({
    config,
    gateway: createTemporalGateway(client, gatewayOptionsOf(config.web)),
    admin: adminOptions(config, client),
    ...(metrics ? { metrics } : {}),
  });
  const warning = devSecretsWarning(config);
  if (warning) app.log.warn(warning);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Let in-flight requests (an Update waiting for its answer) finish before closing the connection.
    app
      .close()
      .then(() => metricsServer?.close())
      .then(() => closeConnection())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ host: config.web.host, port: config.web.port });
  app.log.info(`pages at ${config.web.publicBaseUrl}/a/<token>; dashboard at ${config.web.publicBaseUrl}/admin${metricsServer ? `; metrics at ${metricsServer.url}` : ''}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`web: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
