/** The cycle's last mail: the consolidated report to the final recipient, as the cycle workflow sends it. */
import type { Cascade } from '../cascade/schema';
import { cycleWorkflowId } from '../ids';
import type { Notification } from '../notifications';
import type { ChildReport } from './types';

/** @returns "12", "Có"/"Không", or "(không có số liệu)" for an indicator value */
export function formatIndicatorValue(v: ChildReport['values'][string] | undefined): string {
  if (v === undefined) return '(không có số liệu)';
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  return String(v);
}

/**
 * @param cascade the cycle's cascade (final recipient, indicators)
 * @param year the cycle's year
 * @param planLabel the plan the cycle carries out
 * @param report the root's consolidated report
 * @returns the notification to the final recipient, one line per indicator and the units still missing
 */
export function finalReportNotification(cascade: Cascade, year: number, planLabel: string, report: ChildReport): Notification {
  return {
    kind: 'consolidated-report',
    workflowId: cycleWorkflowId(cascade.id, year),
    revision: 0,
    sequence: 'final',
    to: cascade.cycle.finalRecipient.person,
    unitName: cascade.cycle.finalRecipient.organisation,
    parentPlanLabel: planLabel,
    note: report.missingUnitIds.length ? `Đơn vị chưa báo cáo: ${report.missingUnitIds.join(', ')}` : undefined,
    lines: cascade.cycle.indicators.map((i) => `${i.label}: ${formatIndicatorValue(report.values[i.id])}${i.unit ? ` ${i.unit}` : ''}`),
  };
}
