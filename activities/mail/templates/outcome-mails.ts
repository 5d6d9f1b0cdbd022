/** Mails that tell someone what happened: returned, approved, consolidated report. */
import type { Notification } from '../../../domain/notifications';
import { deadlinePhrase } from './recipient';
import { REPORT_PURPOSE, type MailContent } from './content';
import type { MailLink } from './task-mails';

/** The plan came back with the reviewer's comment; the link re-opens the plan form. */
export function returned(n: Notification, link?: MailLink): MailContent {
  return {
    subject: `Kế hoạch của ${n.unitName} được trả lại để chỉnh sửa`,
    paragraphs: [
      `Kế hoạch của ${n.unitName} chưa được phê duyệt. Đề nghị đơn vị tiếp thu ý kiến dưới đây, chỉnh sửa và gửi lại${n.dueAt ? ` ${deadlinePhrase(n.dueAt)}` : ''}.`,
    ],
    quote: { label: 'Ý kiến của người phê duyệt:', text: n.note ?? '(không có ý kiến)' },
    ...(link ? { action: { label: 'Chỉnh sửa và gửi lại kế hoạch', url: link.url, expiresAt: link.expiresAt } } : {}),
  };
}

/** The plan is approved; nothing to do until the report request. */
export function approved(n: Notification): MailContent {
  return {
    subject: `Kế hoạch của ${n.unitName} đã được phê duyệt`,
    paragraphs: [
      `Kế hoạch của ${n.unitName}${n.parentPlanLabel ? ` thực hiện ${n.parentPlanLabel}` : ''} đã được phê duyệt. Đề nghị đơn vị tổ chức triển khai thực hiện.`,
      'Hệ thống sẽ gửi thư đề nghị báo cáo kết quả khi đến kỳ báo cáo.',
    ],
    ...(n.note ? { quote: { label: 'Ý kiến của người phê duyệt:', text: n.note } } : {}),
  };
}

/** The consolidated results of a node and its sub-units. */
export function consolidatedReport(n: Notification, link?: MailLink): MailContent {
  return {
    subject: `Báo cáo tổng hợp kết quả thực hiện – ${n.unitName}`,
    paragraphs: [
      `${n.unitName} gửi báo cáo tổng hợp kết quả thực hiện${n.parentPlanLabel ? ` ${n.parentPlanLabel}` : ''}${n.distribution ? ` ${REPORT_PURPOSE[n.distribution]}` : ''}, gồm số liệu tổng hợp từ các đơn vị trực thuộc như sau:`,
    ],
    lines: n.lines ?? [],
    ...(n.note ? { quote: { label: 'Đánh giá chung:', text: n.note } } : {}),
    ...(link && n.task ? { action: { label: 'Xem và hoàn thiện báo cáo tổng hợp', url: link.url, expiresAt: link.expiresAt } } : {}),
  };
}

/**
 * To the admins: the yearly Schedule fired but the cycle was not started; what went wrong and what to do.
 * `parentPlanLabel` carries the cycle's label here ("năm 2027"), `note` the reason.
 */
export function scheduledStartFailed(n: Notification): MailContent {
  return {
    subject: `Chưa khởi động được chu kỳ hằng năm – ${n.unitName}`,
    paragraphs: [
      `Theo lịch đã đặt, hôm nay hệ thống cần khởi động chu kỳ ${n.parentPlanLabel ?? 'năm nay'} của ${n.unitName} nhưng chưa thực hiện được, vì lý do dưới đây.`,
      'Đề nghị sửa tệp cấu hình, cập nhật lịch (cascade schedule update) rồi khởi động chu kỳ năm nay (cascade cycle start).',
    ],
    quote: { label: 'Lý do:', text: n.note ?? '(không rõ)' },
    ...(n.lines?.length ? { lines: n.lines } : {}),
  };
}
