/**
 * The cycle's last mails: the root body's consolidated report to the final
 * recipient's organisation (and, with no task, to the bodies on the "Nơi nhận"
 * for coordination or information), as the cycle workflow sends them. Pure.
 */
import type { Notification } from '../notifications';
import { cycleWorkflowId } from '../ids';
import { buildReport } from '../report/build';
import { finalReportMailParts } from '../report/mail-parts';
import type { ReportSetup } from '../report/setup';
import type { Cascade } from '../cascade/schema';
import type { ChildReport, UnitNode } from './types';

/** What the final mails are built from. */
export interface FinalReportFacts {
  cascade: Cascade;
  year: number;
  setup: ReportSetup;
  planLabel: string;
  root: Pick<UnitNode, 'id' | 'name'>;
  report: ChildReport;
  removedUnitIds: string[];
  /** The report's date (Vietnam), YYYY-MM-DD. */
  today: string;
  /** Also mail the informational recipients (patched 'final-report-informational'). */
  informational: boolean;
}

/**
 * @param f the cycle's facts at the end of the year
 * @returns the notifications: the final recipient's first, then one per informational body
 */
export function finalReportNotifications(f: FinalReportFacts): Notification[] {
  const { cascade, year, setup, report, root } = f;
  // Too large a tree to carry every unit's report: the mail activity builds the document through queries.
  const document = report.units
    ? buildReport({ setup, issuerId: root.id, entries: report.units, ...(report.assessment ? { assessment: report.assessment } : {}), date: f.today, removedUnitIds: f.removedUnitIds })
    : undefined;
  const body = document
    ? { ...finalReportMailParts(document, report.assessment?.narrative), report: document }
    : { ...(report.assessment ? { note: report.assessment.narrative } : {}), attachReportOf: { cascadeId: cascade.id, year, unitId: root.id } };
  const base = { kind: 'consolidated-report' as const, workflowId: cycleWorkflowId(cascade.id, year), revision: 0, unitName: root.name, parentPlanLabel: f.planLabel, ...body };
  const person = cascade.cycle.finalRecipient.person;
  // The root's body sends its report, signed by its head, to the final recipient's organisation.
  const final: Notification = { ...base, sequence: 'final', to: { ...person, organisation: cascade.cycle.finalRecipient.organisation } };
  const others = f.informational ? setup.informational.map((r): Notification => ({
        ...base,
        sequence: `final-${r.id}`,
        to: { ...r.head, organisation: r.name },
        // The other members of a body on "Nơi nhận" (a committee's members) in copy.
        ...(r.substitutes?.length ? { cc: r.substitutes.map((p) => ({ ...p, organisation: r.name })) } : {}),
        distribution: r.role === 'implement' ? 'inform' : r.role,
      })) : [];
  return [final, ...others];
}
