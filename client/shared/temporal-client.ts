/**
 * The one way the CLI and the web app reach Temporal: address, namespace and
 * task queue from the validated config, the payload codec (data converter)
 * from the same config, and a message a person can act on when the server is
 * not there.
 */
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';

/** Temporal is unreachable: says where we looked and how to start it. */
export class TemporalUnreachableError extends Error {
  constructor(address: string, cause: unknown) {
    super(`không kết nối được Temporal tại ${address} — máy chủ đã chạy chưa? (npm start, hoặc đặt TEMPORAL_ADDRESS)`, { cause });
    this.name = 'TemporalUnreachableError';
  }
}

/**
 * @param config the app config (its `temporal` part)
 * @returns a client and a function that closes its connection
 * @throws TemporalUnreachableError when no server answers
 */
export async function connectClient(config: Pick<AppConfig, 'temporal' | 'codec'>): Promise<{ client: Client; close: () => Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 5_000 });
  } catch (err) {
    throw new TemporalUnreachableError(config.temporal.address, err);
  }
  // Every payload is encrypted on its way out and decrypted on its way in (runtime/payload-codec.ts).
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) });
  return { client, close: () => connection.close() };
}
