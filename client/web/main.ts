/** Entry of the web process: config, Temporal connection, listen, graceful shutdown. */
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../../runtime/config';
import { buildServer } from './app';
import { createTemporalGateway } from './temporal-gateway';
import { adminOptions } from './admin/options';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = await buildServer({ config, gateway: createTemporalGateway(client), admin: adminOptions(config, client) });
  if (config.actionTokens.usingDevSecret) app.log.warn('action links are signed with the built-in DEVELOPMENT secret (set ACTION_TOKEN_SECRETS)');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Let in-flight requests (an Update waiting for its answer) finish before closing the connection.
    app
      .close()
      .then(() => connection.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ host: config.web.host, port: config.web.port });
  app.log.info(`pages at ${config.web.publicBaseUrl}/a/<token>; dashboard at ${config.web.publicBaseUrl}/admin`);
}

main().catch((err: unknown) => {
  process.stderr.write(`web: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
