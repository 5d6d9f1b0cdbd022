/**
 * Mails that ask someone to act: task assigned, reminder, escalation, approval
 * request, report request. Wording follows the register of administrative
 * letters ("Thực hiện …, đề nghị … hoàn thành trước …").
 */
import type { Notification } from '../../../domain/notifications';
import { TASK_BUTTON, TASK_PHRASE, type MailContent } from './content';
import { deadlineDay, deadlinePhrase, recipientKind, you } from './recipient';

/** The signed link a template may show. */
export interface MailLink {
  url: string;
  expiresAt: string;
}

const basis = (n: Notification) => (n.parentPlanLabel ? `Thực hiện ${n.parentPlanLabel}, ` : '');
const due = (n: Notification) => (n.dueAt ? ` ${deadlinePhrase(n.dueAt)}` : '');
const dmy = (iso: string): string => iso.split('-').reverse().join('/');
/** The data period of a report request, as its own sentence. */
const period = (n: Notification): string[] => (n.period ? [`Số liệu báo cáo tính từ ngày ${dmy(n.period.from)} đến ngày ${dmy(n.period.to)}.`] : []);
/** The task a mail is about: the link's task, or the one named for a mail without a link. */
const taskOf = (n: Notification) => n.task ?? n.about;
const action = (n: Notification, link?: MailLink) =>
  link && n.task ? { action: { label: TASK_BUTTON[n.task], url: link.url, expiresAt: link.expiresAt } } : {};

/** A task given to a unit head: drafting the plan, or consolidating the units' reports. */
export function taskAssigned(n: Notification, link?: MailLink): MailContent {
  if (n.task === 'consolidate') return consolidationRequest(n, link);
  return {
    subject: `Đề nghị xây dựng kế hoạch thực hiện${n.parentPlanLabel ? ` ${n.parentPlanLabel}` : ''} – ${n.unitName}`,
    paragraphs: [
      `${basis(n)}đề nghị ${n.unitName} căn cứ chức năng, nhiệm vụ xây dựng kế hoạch của đơn vị cho phù hợp với tình hình thực tế, gửi về cơ quan cấp trên${due(n)}.`,
      'Kế hoạch cần nêu số, ký hiệu, trích yếu, nội dung tóm tắt và các hoạt động cụ thể theo từng nhóm nội dung; có thể dẫn chiếu văn bản đã ban hành (nếu có).',
    ],
    ...(n.note ? { quote: { label: 'Lưu ý của cơ quan giao nhiệm vụ:', text: n.note } } : {}),
    ...action(n, link),
  };
}

/** A reminder before (or at) the due date; each carries a fresh link. */
export function reminder(n: Notification, link?: MailLink): MailContent {
  const task = taskOf(n);
  const what = task ? TASK_PHRASE[task] : 'thực hiện nhiệm vụ được giao';
  return {
    subject: `Nhắc việc: ${what} – ${n.unitName}`,
    paragraphs: [
      `${basis(n)}hệ thống ghi nhận ${n.unitName} chưa hoàn thành việc ${what}.`,
      `Đề nghị ${you(n)} khẩn trương hoàn thành${due(n)}. Trường hợp đã thực hiện, xin bỏ qua thư này.`,
    ],
    ...(n.note ? { quote: { label: 'Ghi chú:', text: n.note } } : {}),
    ...action(n, link),
  };
}

/** An escalation rung: overdue, sent to the head or up the hierarchy. */
export function escalation(n: Notification, link?: MailLink): MailContent {
  const task = taskOf(n);
  const what = task ? TASK_PHRASE[task] : 'thực hiện nhiệm vụ được giao';
  // The late unit's own head is asked to finish; a superior to direct it; an office to follow it up.
  const ask = link && n.task
    ? `Đề nghị ${you(n)} khẩn trương hoàn thành và chịu trách nhiệm về tiến độ thực hiện của đơn vị.`
    : recipientKind(n) === 'office'
      ? `Đề nghị ${you(n)} theo dõi, tham mưu đôn đốc ${n.unitName} hoàn thành ngay.`
      : `Đề nghị ${you(n)} chỉ đạo, đôn đốc ${n.unitName} hoàn thành ngay.`;
  return {
    subject: `Đôn đốc: ${n.unitName} chưa hoàn thành việc ${what} đúng hạn`,
    paragraphs: [`${basis(n)}đến nay ${n.unitName} chưa hoàn thành việc ${what}${n.dueAt ? `; thời hạn đã hết vào ${deadlineDay(n.dueAt)}` : ''}.`, ask],
    ...(n.note ? { quote: { label: 'Nội dung đôn đốc:', text: n.note } } : {}),
    ...action(n, link),
  };
}

/** A plan waits for the approver. */
export function approvalRequest(n: Notification, link?: MailLink): MailContent {
  return {
    subject: `Đề nghị phê duyệt kế hoạch của ${n.unitName}`,
    paragraphs: [
      `${n.unitName} đã gửi kế hoạch${n.parentPlanLabel ? ` thực hiện ${n.parentPlanLabel}` : ''}. Đề nghị ${you(n)} xem xét, phê duyệt hoặc trả lại kèm ý kiến để đơn vị chỉnh sửa${due(n)}.`,
    ],
    ...(n.note ? { quote: { label: 'Tóm tắt kế hoạch:', text: n.note } } : {}),
    ...action(n, link),
  };
}

/** The yearly results report is due. */
export function reportRequest(n: Notification, link?: MailLink): MailContent {
  return {
    subject: `Đề nghị báo cáo kết quả thực hiện – ${n.unitName}`,
    paragraphs: [
      `${basis(n)}đề nghị ${n.unitName} báo cáo kết quả thực hiện kế hoạch của đơn vị, gồm số liệu các chỉ tiêu và đánh giá chung${due(n)}, để cơ quan cấp trên tổng hợp báo cáo theo quy định.`,
      ...period(n),
    ],
    ...(n.note ? { quote: { label: 'Ghi chú:', text: n.note } } : {}),
    ...action(n, link),
  };
}

/** A body with units under it consolidates their reports and sends the roll-up up. */
export function consolidationRequest(n: Notification, link?: MailLink): MailContent {
  return {
    subject: `Đề nghị tổng hợp báo cáo kết quả thực hiện – ${n.unitName}`,
    paragraphs: [
      `${basis(n)}đề nghị ${n.unitName} tổng hợp báo cáo kết quả thực hiện của các đơn vị trực thuộc (hệ thống đã cộng gộp số liệu các chỉ tiêu và liệt kê đơn vị chưa báo cáo), bổ sung đánh giá chung và gửi cơ quan cấp trên${due(n)}.`,
      ...period(n),
    ],
    ...(n.note ? { quote: { label: 'Ghi chú:', text: n.note } } : {}),
    ...action(n, link),
  };
}
