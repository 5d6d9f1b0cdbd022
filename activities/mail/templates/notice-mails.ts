/**
 * Mails that carry no task: the issued plan to a body on its "Nơi nhận" that does
 * not carry it out, and the notice that an action month of the plan opens.
 */
import type { Notification } from '../../../domain/notifications';
import { REPORT_PURPOSE, type MailContent } from './content';
import { deadlinePhrase, recipientKind, you } from './recipient';

/** "để báo cáo", "để phối hợp thực hiện", "để biết": why a body on "Nơi nhận" receives the plan. */
const PURPOSE = { 'report-to': 'để báo cáo', coordinate: 'để phối hợp thực hiện', inform: 'để biết' } as const;

const dmy = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};
const span = (p: { from: string; to: string }): string => `từ ngày ${dmy(p.from)} đến ngày ${dmy(p.to)}`;

/** The issued plan, sent to a body that reports on it, coordinates it or is kept informed. */
export function planIssued(n: Notification): MailContent {
  const purpose = PURPOSE[n.distribution ?? 'inform'];
  const reportPurpose = REPORT_PURPOSE[n.distribution ?? 'inform'];
  const plan = n.parentPlanLabel ?? 'kế hoạch của đơn vị';
  const year = n.year ? ` năm ${n.year}` : '';
  const period = n.period ? ` (kỳ số liệu ${span(n.period)})` : '';
  const due = n.dueAt ? ` ${deadlinePhrase(n.dueAt)}` : '';
  // An office is written to by its name; a person as "đồng chí".
  const receiver = recipientKind(n) === 'office' ? n.to.name : 'đồng chí';
  const ask =
    n.distribution === 'coordinate'
      ? [`Đề nghị ${you(n)} phối hợp chỉ đạo, theo dõi việc thực hiện kế hoạch trong phạm vi chức năng, nhiệm vụ được giao.`]
      : [];
  return {
    subject: `Triển khai thực hiện${year} ${plan}`,
    paragraphs: [
      `${n.unitName} trân trọng gửi ${plan} ${purpose}.`,
      `Trong${year || ' năm'}, các đơn vị trực thuộc triển khai thực hiện kế hoạch và báo cáo kết quả${period}; ${n.unitName} tổng hợp báo cáo kết quả thực hiện${due} và gửi báo cáo tổng hợp đến ${receiver} ${reportPurpose}.`,
      ...ask,
    ],
    ...(n.lines?.length ? { lines: n.lines } : {}),
  };
}

/** An action month of the plan opens: each implementing unit organises its activities. */
export function actionWindow(n: Notification): MailContent {
  const name = n.note ?? 'Tháng hành động';
  const when = n.period ? ` ${span(n.period)}` : '';
  const year = n.year ? ` năm ${n.year}` : '';
  return {
    subject: `${name}${year} – ${n.unitName}`,
    paragraphs: [
      `${n.parentPlanLabel ? `Thực hiện ${n.parentPlanLabel}, ` : ''}${name}${year} diễn ra${when}.`,
      `Đề nghị ${you(n)} chỉ đạo ${n.unitName} chủ động tổ chức các hoạt động hưởng ứng phù hợp với tình hình thực tế của đơn vị, theo nội dung kế hoạch đã được phê duyệt; lưu lại số liệu các hoạt động để báo cáo kết quả theo kỳ báo cáo.`,
    ],
  };
}
