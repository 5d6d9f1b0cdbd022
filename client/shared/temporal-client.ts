/**
 * The CLI's and launchers' Temporal client: the shared connection of
 * runtime/temporal-connection.ts (address, namespace, TLS, mTLS, API key from the
 * validated config), with a message a person can act on when it fails.
 */
import { Client } from '@temporalio/client';
import type { AppConfig } from '../../runtime/config';
import { connectTemporal, TemporalConnectError } from '../../runtime/temporal-connection';

/** Temporal is unreachable or refused us: one Vietnamese line saying why and what to set. */
export class TemporalUnreachableError extends Error {
  constructor(err: TemporalConnectError) {
    super(err.vietnamese(), { cause: err });
    this.name = 'TemporalUnreachableError';
  }
}

/**
 * @param config the app config (its `temporal` part)
 * @returns a client and a function that closes its connection
 * @throws TemporalUnreachableError when no server answers or it refuses the connection
 */
export async function connectClient(config: Pick<AppConfig, 'temporal'>): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await connectTemporal(config.temporal, { connectTimeout: 5_000 }).catch((err: unknown) => {
    throw err instanceof TemporalConnectError ? new TemporalUnreachableError(err) : err;
  });
  return { client: new Client({ connection, namespace: config.temporal.namespace }), close: () => connection.close() };
}
