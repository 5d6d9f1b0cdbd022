/**
 * What a workflow asks the mail activity to send. Only ids, names of units and
 * dates travel through workflow history; the activity looks nothing up, mints the
 * signed action link itself (so no token is ever stored in history) and renders
 * the Vietnamese templates.
 */
import type { TaskKind } from './actions';
import type { ReportDocument } from './report/model';

export const NOTIFICATION_KINDS = [
  'task-assigned',
  'reminder',
  'escalation',
  'approval-request',
  'returned',
  'approved',
  'report-request',
  'consolidated-report',
  /** To a body on "Nơi nhận" (để b/c, để p/h, để biết): the issued plan, no task. */
  'plan-issued',
  /** To each implementing unit: an action month of the plan opens. */
  'action-window',
  /** To the admins: a yearly Schedule could not start the cycle. */
  'scheduled-start-failed',
] as const;
/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Each kind as an admin reads it in a list of mails (the held copies of `cascade mail held`, the dashboard). */
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  'task-assigned': 'giao nhiệm vụ',
  reminder: 'nhắc hạn',
  escalation: 'báo quá hạn lên cấp trên',
  'approval-request': 'đề nghị phê duyệt',
  returned: 'trả lại để sửa',
  approved: 'báo đã phê duyệt',
  'report-request': 'đề nghị gửi báo cáo',
  'consolidated-report': 'báo cáo tổng hợp',
  'plan-issued': 'kế hoạch đã ban hành',
  'action-window': 'mở tháng thực hiện',
  'scheduled-start-failed': 'lịch khởi động chu kỳ bị lỗi',
};

/** A person an email goes to. */
export interface Recipient {
  name: string;
  title?: string;
  email: string;
  /** The recipient's own organisation, for the address line (when it is not the unit's). */
  organisation?: string;
  /** A person is "đồng chí"; an office is named. Without it: a recipient with a title is a person. */
  kind?: 'person' | 'office';
}

/** One email to send, with everything the template needs. */
export interface Notification {
  kind: NotificationKind;
  /** Unit workflow the link acts on. */
  workflowId: string;
  /** The task the link performs, when the email carries an action link. */
  task?: TaskKind;
  /** The task the mail is about, also when it carries no link (an escalation to a superior). */
  about?: TaskKind;
  /** Revision the link is bound to (stale links are refused). */
  revision: number;
  /** Distinguishes repeated mails of one task (reminder #, rung #): part of the Message-ID. */
  sequence: string;
  to: Recipient;
  cc?: Recipient[];
  unitName: string;
  /** e.g. "Kế hoạch số 2018/KH-BVSTBCPN" — the plan this task implements. */
  parentPlanLabel?: string;
  /** ISO instant the task is due, if any. */
  dueAt?: string;
  /** ISO instant the link stops working. */
  linkExpiresAt?: string;
  /** Free Vietnamese text: the escalation's ask, a return comment, a report summary. */
  note?: string;
  /** For the consolidated report: indicator lines already formatted. */
  lines?: string[];
  /** The report as a document: the mail attaches it as .docx. */
  report?: ReportDocument;
  /** Why an informational body receives the mail ("Nơi nhận"): để b/c, để p/h, để biết. */
  distribution?: 'report-to' | 'coordinate' | 'inform';
  /** The cycle year, when the mail speaks of it. */
  year?: number;
  /** Inclusive ISO dates: the data period of a report request, an action month's days. */
  period?: { from: string; to: string };
  /** Or: whose report to build when sending (read through queries) and attach. */
  attachReportOf?: { cascadeId: string; year: number; unitId: string };
}
