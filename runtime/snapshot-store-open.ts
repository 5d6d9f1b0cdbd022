/** Opens the snapshot store the configuration names (PostgreSQL when a URL is set, else files under the data folder). */
import type { AppConfig } from './config';
import { createFileSnapshotStore, type SnapshotStore } from './snapshot-store';
import { createPostgresSnapshotStore } from './snapshot-store-postgres';

/**
 * @param config the app config (the store's place and the payload codec keys that seal it)
 * @returns the store; close it when the process ends
 */
export function openSnapshotStore(config: Pick<AppConfig, 'snapshots' | 'codec'>): SnapshotStore {
  const { snapshots, codec } = config;
  return snapshots.postgresUrl ? createPostgresSnapshotStore(snapshots.postgresUrl, codec.keys) : createFileSnapshotStore(snapshots.dir, codec.keys);
}
