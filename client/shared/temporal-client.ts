/**
 * The CLI's, web app's and launchers' Temporal client: the shared connection of
 * runtime/temporal-connection.ts (address, namespace, TLS, mTLS, API key from the
 * validated config), the payload codec (data converter) from the same config,
 * and a message a person can act on when the server is not there or refuses us.
 */
import { Client } from '@temporalio/client';
import type { AppConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { connectTemporal, TemporalConnectError } from '../../runtime/temporal-connection';

/** Temporal is unreachable or refused us: one Vietnamese line saying why and what to set. */
export class TemporalUnreachableError extends Error {
  constructor(err: TemporalConnectError) {
    super(err.vietnamese(), { cause: err });
    this.name = 'TemporalUnreachableError';
  }
}

/**
 * @param config the app config (its `temporal` and `codec` parts)
 * @returns a client and a function that closes its connection
 * @throws TemporalUnreachableError when no server answers or it refuses the connection
 */
export async function connectClient(config: Pick<AppConfig, 'temporal' | 'codec'>): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await connectTemporal(config.temporal, { connectTimeout: 5_000 }).catch((err: unknown) => {
    throw err instanceof TemporalConnectError ? new TemporalUnreachableError(err) : err;
  });
  // Every payload is encrypted on its way out and decrypted on its way in (runtime/payload-codec.ts).
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) });
  return { client, close: () => connection.close() };
}
