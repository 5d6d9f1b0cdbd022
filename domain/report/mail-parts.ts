/**
 * The covering mail of a report: its indicator lines and the overall assessment,
 * taken from the report document so the mail and the attachment never disagree.
 */
import type { ReportDocument } from './model';
import { formatVnNumber } from './vn-number';

/**
 * @param d the report document
 * @param assessment the issuer's overall assessment, if any
 * @returns `lines` and `note` of the consolidated-report notification
 */
export function finalReportMailParts(d: ReportDocument, assessment: string | undefined): { lines: string[]; note?: string } {
  const g = d.digest;
  const lines = [
    ...g.indicators.map((i) => `${i.label}: ${i.text}`),
    `Số đơn vị đã báo cáo: ${formatVnNumber(g.received)}/${formatVnNumber(g.expected)}`,
    ...(g.missing.length ? [`Đơn vị chưa báo cáo: ${g.missing.join('; ')}`] : []),
  ];
  return { lines, ...(assessment ? { note: assessment } : {}) };
}
