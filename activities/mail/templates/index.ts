/** One template per notification kind. */
import type { Notification, NotificationKind } from '../../../domain/notifications';
import type { MailContent } from './content';
import { approved, consolidatedReport, returned, scheduledStartFailed } from './outcome-mails';
import { actionWindow, planIssued } from './notice-mails';
import { approvalRequest, escalation, reminder, reportRequest, taskAssigned, type MailLink } from './task-mails';

export type { MailContent } from './content';
export type { MailLink } from './task-mails';
export { renderMail, type RenderedMail, type LayoutContext } from './layout';

/** Template for each {@link NotificationKind}. */
export const TEMPLATES: Record<NotificationKind, (n: Notification, link?: MailLink) => MailContent> = {
  'task-assigned': taskAssigned,
  reminder,
  escalation,
  'approval-request': approvalRequest,
  returned,
  approved,
  'report-request': reportRequest,
  'consolidated-report': consolidatedReport,
  'plan-issued': planIssued,
  'action-window': actionWindow,
  'scheduled-start-failed': scheduledStartFailed,
};
