/**
 * The one data converter of every Temporal client and worker of the project
 * (worker, web app, CLI, `npm start`, scripts, benchmarks): the default
 * payload converter, then the encryption codec over the configured keys.
 */
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from './config';
import { createEncryptionCodec } from './payload-codec';

/**
 * @param config the app config (its `codec` part)
 * @returns the data converter to pass to `new Client(...)` and `Worker.create(...)`
 */
export function dataConverterFor(config: Pick<AppConfig, 'codec'>): DataConverter {
  return { payloadCodecs: [createEncryptionCodec(config.codec.keys, { compressAboveBytes: config.codec.compressAboveBytes })] };
}

/**
 * @returns one warning line when this process runs on secrets generated for
 *   the data folder (development), else undefined
 */
export function devSecretsWarning(config: Pick<AppConfig, 'actionTokens' | 'codec' | 'dataDir'>): string | undefined {
  if (!config.actionTokens.usingDevSecret && !config.codec.usingDevKeys) return undefined;
  return `development secrets from ${config.dataDir}/keys.json sign links and encrypt payloads (set ACTION_TOKEN_SECRETS and PAYLOAD_CODEC_KEYS outside development)`;
}
