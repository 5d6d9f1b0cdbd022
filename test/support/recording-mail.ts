/**
 * A mail activity that records what the workflows asked to send, with the
 * workflow-clock time at which they asked. Used in time-skipping tests, where
 * the question is "which email on which calendar day"; real SMTP delivery is
 * covered by test/mail and the end-to-end tests.
 */
import { Context } from '@temporalio/activity';
import type { Notification } from '../../domain/notifications';
import { dateInVietnam } from '../../domain/calendar';

/** One recorded send. */
export interface SentNotification {
  n: Notification;
  /** ISO instant (workflow clock) the activity was scheduled. */
  at: string;
  /** ISO date in Vietnam. */
  date: string;
}

/** @returns the activities to register and the list they fill */
export function createRecordingMail() {
  const sent: SentNotification[] = [];
  return {
    sent,
    activities: {
      sendNotification(n: Notification): Promise<{ messageId: string }> {
        const at = new Date(Context.current().info.scheduledTimestampMs).toISOString();
        sent.push({ n, at, date: dateInVietnam(at) });
        return Promise.resolve({ messageId: `<${n.workflowId}/${n.kind}/${n.sequence}@test>` });
      },
    },
  };
}
