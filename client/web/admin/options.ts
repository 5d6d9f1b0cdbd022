/** The dashboard's options from the validated config and a Temporal client (used by ../main.ts and `npm start`). */
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../../runtime/config';
import { openMailClaims } from '../../../runtime/sent-mail-ledger-open';
import { loadAccounts } from './accounts';
import { createTemporalAdminGateway } from './gateway';
import type { AdminRoutesOptions } from './routes';

/**
 * @param config the app config
 * @param client a connected client
 * @returns the options of the admin routes
 * @throws Error naming the accounts file (or ADMIN_ACCOUNTS) and its first problem
 */
export function adminOptions(config: Pick<AppConfig, 'admin' | 'web' | 'temporal' | 'dataDir' | 'snapshots'>, client: Client): AdminRoutesOptions {
  return {
    accounts: loadAccounts(config.admin),
    gateway: createTemporalAdminGateway(client),
    ...(config.admin.sessionSecret ? { sessionSecret: config.admin.sessionSecret } : {}),
    secureCookies: config.web.publicBaseUrl.startsWith('https:'),
    temporalUiUrl: config.admin.temporalUiUrl,
    namespace: config.temporal.namespace,
    // Where the workers keep them (the snapshot store's PostgreSQL, or the data folder).
    heldMail: openMailClaims(config),
  };
}
