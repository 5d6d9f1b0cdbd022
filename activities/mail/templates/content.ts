/**
 * The shape every mail template produces. Templates return plain text pieces
 * only; ./layout.ts turns them into HTML (escaping everything) and plain text,
 * so the two bodies never drift apart and no template writes raw HTML.
 */
import type { TaskKind } from '../../../domain/actions';

/** Words for a task as used inside a sentence ("đề nghị … xây dựng kế hoạch"). */
export const TASK_PHRASE: Record<TaskKind, string> = {
  'draft-plan': 'xây dựng kế hoạch thực hiện của đơn vị',
  'review-plan': 'xem xét, phê duyệt kế hoạch của đơn vị',
  report: 'báo cáo kết quả thực hiện',
  consolidate: 'tổng hợp báo cáo kết quả thực hiện của các đơn vị trực thuộc',
};

/** Button label per task. */
export const TASK_BUTTON: Record<TaskKind, string> = {
  'draft-plan': 'Xây dựng và gửi kế hoạch',
  'review-plan': 'Xem và phê duyệt kế hoạch',
  report: 'Lập và gửi báo cáo',
  consolidate: 'Tổng hợp và gửi báo cáo',
};

/** Why a body on "Nơi nhận" receives the year's consolidated report. */
export const REPORT_PURPOSE = { 'report-to': 'để báo cáo', coordinate: 'để phối hợp', inform: 'để biết' } as const;

/** A rendered email's content, before layout. */
export interface MailContent {
  /** Subject line, without the system prefix. */
  subject: string;
  /** Paragraphs of the body, in order. */
  paragraphs: string[];
  /** A quoted block: the reviewer's comment, the escalation's ask. */
  quote?: { label: string; text: string };
  /** A bullet list, e.g. consolidated indicator lines. */
  lines?: string[];
  /** The action button, when the mail carries a link. */
  action?: { label: string; url: string; expiresAt: string };
}
