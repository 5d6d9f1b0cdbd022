/**
 * One connection per CLI command: config from the environment, a clear line
 * when Temporal is not there, and the server's refusals turned into user
 * messages (one line, exit 1) rather than stack traces.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { loadConfig, ConfigError, type AppConfig } from '../../runtime/config';
import { UsageError } from '../shared/cascade-file';
import { connectClient } from '../shared/temporal-client';

/**
 * @param fn the command's work, given a client, the task queue and the config
 * @returns what `fn` returns; the connection is closed afterwards
 */
export async function withClient<T>(fn: (client: Client, taskQueue: string, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadCliConfig();
  const { client, close } = await connectClient(config).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  try {
    return await fn(client, config.temporal.taskQueue, config);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string } | undefined;
      throw new UsageError(`bị từ chối: ${cause?.message ?? err.message}`);
    }
    if (err instanceof WorkflowNotFoundError) throw new UsageError(`không tìm thấy chu kỳ: ${err.message}`);
    throw err;
  } finally {
    await close();
  }
}

/**
 * @returns the config from the environment
 * @throws UsageError naming each bad variable (one line, no stack: it is the admin's input)
 */
export function loadCliConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    throw err;
  }
}
