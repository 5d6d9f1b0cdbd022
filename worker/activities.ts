/**
 * Builds every activity the worker registers from the app config: mail (SMTP,
 * signed links, the sent-mail ledger and the claims on uncertain copies), admin forwarding (a Temporal client),
 * reading cycle inputs stored by reference (the snapshot store) and the health probe.
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createAdminActivities } from '../activities/admin';
import { createHealthActivities } from '../activities/health';
import { createSnapshotActivities } from '../activities/snapshot';
import { openSnapshotStore } from '../runtime/snapshot-store-open';
import { openMailClaims, openSentMailLedger } from '../runtime/sent-mail-ledger-open';
import { SENT_MAIL_PRUNE_EVERY_MS, SENT_MAIL_RETENTION_DAYS, type SentMailLedger } from '../runtime/sent-mail-ledger';
import { createMailActivities, createSmtpTransport } from '../activities/mail';
import { createTokenSigner } from '../runtime/action-tokens';
import { cycleReport } from '../runtime/report/collect';
import type { AppConfig } from '../runtime/config';
import type { AppMetrics } from '../runtime/metrics';
import type { Notification } from '../domain/notifications';
import { ERROR_TYPES } from '../domain/errors';
import type { MailClaims } from '../runtime/mail-claims';

/**
 * @param config the validated app config
 * @param client a Temporal client for the admin activities
 * @param workerName label of this worker process (shown by the health check)
 * @param metrics counters to keep (mails sent and failed), when metrics are on
 * @returns the activities and a function closing the SMTP pool, the snapshot store and the sent-mail ledger
 */
export function buildActivities(config: AppConfig, client: Client, workerName: string, metrics?: AppMetrics) {
  const transport = createSmtpTransport(config.smtp);
  const snapshots = openSnapshotStore(config);
  // Shared by every worker process, where the snapshot store is (its PostgreSQL, or the data folder).
  const ledger = openSentMailLedger(config);
  // Opened under either policy: the CLI and the dashboard list what an earlier "hold" left.
  const claims = openMailClaims(config);
  const pruning = keepPruned(ledger, claims);
  const mail = createMailActivities({
    transport,
    from: config.smtp.from,
    publicBaseUrl: config.web.publicBaseUrl,
    tokenSigner: createTokenSigner(config.actionTokens),
    linkTtlDays: config.actionTokens.linkTtlDays,
    supportContact: config.supportContact,
    // The report a body sends up is attached as it stands when the mail goes out.
    reportOf: (r) => cycleReport(client, r.cascadeId, r.year, r.unitId),
    ledger,
    claims,
    uncertainCopies: config.mail,
  });
  const activities = {
    ...mail,
    ...(metrics ? { sendNotification: countedSend((n: Notification) => mail.sendNotification(n), metrics) } : {}),
    ...createAdminActivities({ client }),
    ...createSnapshotActivities({ store: snapshots }),
    ...createHealthActivities({ workerName }),
  };
  return {
    activities,
    close: () => {
      clearInterval(pruning);
      transport.close();
      void snapshots.close();
      void ledger.close();
      void claims.close();
    },
  };
}

/**
 * Prunes the ledger now and every few hours, so it holds about two weeks of mail
 * (runtime/sent-mail-ledger.ts says why that is enough). Each worker prunes; doing
 * it twice at once is harmless, and a failure only delays it to the next round.
 * @returns the timer, to clear on close
 */
function keepPruned(ledger: SentMailLedger, claims: MailClaims): NodeJS.Timeout {
  const prune = () => {
    const before = new Date(Date.now() - SENT_MAIL_RETENTION_DAYS * 86_400_000);
    for (const [what, store] of [['sent-mail ledger', ledger], ['mail claims', claims]] as const) {
      void store.prune(before).catch((err: unknown) => {
        process.stderr.write(`worker: ${what} not pruned (next try in ${SENT_MAIL_PRUNE_EVERY_MS / 3_600_000} h): ${err instanceof Error ? err.message : String(err)}\n`);
      });
    }
  };
  prune();
  const timer = setInterval(prune, SENT_MAIL_PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}

/** Counts each delivery attempt's outcome; the activity's behaviour is unchanged. */
function countedSend<N extends { kind: string }, R>(send: (n: N) => Promise<R>, metrics: AppMetrics): (n: N) => Promise<R> {
  return async (n) => {
    try {
      const result = await send(n);
      metrics.mailsSent.inc({ kind: n.kind });
      return result;
    } catch (err) {
      // A held copy is the policy at work, not a failure of the mail.
      (err instanceof ApplicationFailure && err.type === ERROR_TYPES.MailHeld ? metrics.mailsHeld : metrics.mailsFailed).inc({ kind: n.kind });
      throw err;
    }
  };
}
