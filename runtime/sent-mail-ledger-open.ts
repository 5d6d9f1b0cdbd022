/** Opens the sent-mail ledger and the mail claims where the snapshot store is: PostgreSQL when SNAPSHOT_STORE_URL is set, else files under the data folder. */
import path from 'node:path';
import type { AppConfig } from './config';
import { createFileMailClaims, type MailClaims } from './mail-claims';
import { createPostgresMailClaims } from './mail-claims-postgres';
import { createFileSentMailLedger, type SentMailLedger } from './sent-mail-ledger';
import { createPostgresSentMailLedger } from './sent-mail-ledger-postgres';

/**
 * @param config the app config (the data folder and the snapshot store's PostgreSQL)
 * @returns the ledger every worker process of the deployment shares; close it when the process ends
 */
export function openSentMailLedger(config: Pick<AppConfig, 'dataDir' | 'snapshots'>): SentMailLedger {
  return config.snapshots.postgresUrl ? createPostgresSentMailLedger(config.snapshots.postgresUrl) : createFileSentMailLedger(sentMailDir(config.dataDir));
}

/**
 * @param config the app config (the data folder and the snapshot store's PostgreSQL)
 * @returns the claims on mail copies, next to the ledger (workers, the CLI and the dashboard share them); close when done
 */
export function openMailClaims(config: Pick<AppConfig, 'dataDir' | 'snapshots'>): MailClaims {
  return config.snapshots.postgresUrl ? createPostgresMailClaims(config.snapshots.postgresUrl) : createFileMailClaims(mailClaimsDir(config.dataDir));
}

/**
 * @param dataDir the absolute data folder
 * @returns where the file ledger lives
 */
export function sentMailDir(dataDir: string): string {
  return path.join(dataDir, 'sent-mail');
}

/**
 * @param dataDir the absolute data folder
 * @returns where the file claims live
 */
export function mailClaimsDir(dataDir: string): string {
  return path.join(dataDir, 'mail-claims');
}
