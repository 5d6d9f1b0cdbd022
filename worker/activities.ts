/**
 * Builds every activity the worker registers from the app config: mail (SMTP,
 * signed links), admin forwarding (a Temporal client) and the health probe.
 */
import type { Client } from '@temporalio/client';
import { createAdminActivities } from '../activities/admin';
import { createHealthActivities } from '../activities/health';
import { createMailActivities, createSmtpTransport } from '../activities/mail';
import { createTokenSigner } from '../runtime/action-tokens';
import { cycleReport } from '../runtime/report/collect';
import type { AppConfig } from '../runtime/config';

/**
 * @param config the validated app config
 * @param client a Temporal client for the admin activities
 * @param workerName label of this worker process (shown by the health check)
 * @returns the activities and a function closing the SMTP pool
 */
export function buildActivities(config: AppConfig, client: Client, workerName: string) {
  const transport = createSmtpTransport(config.smtp);
  const activities = {
    ...createMailActivities({
      transport,
      from: config.smtp.from,
      publicBaseUrl: config.web.publicBaseUrl,
      tokenSigner: createTokenSigner(config.actionTokens),
      linkTtlDays: config.actionTokens.linkTtlDays,
      supportContact: config.supportContact,
      // The report a body sends up is attached as it stands when the mail goes out.
      reportOf: (r) => cycleReport(client, r.cascadeId, r.year, r.unitId),
    }),
    ...createAdminActivities({ client }),
    ...createHealthActivities({ workerName }),
  };
  return { activities, close: () => transport.close() };
}
