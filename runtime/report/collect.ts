/**
 * The report of the root (or of one body) as a document, at any time of the year,
 * read through workflow queries: `cascade cycle report` and the mail that sends a
 * body's consolidated report up both use it. Before the body has reported it is a
 * progress report: what is in so far, who is missing, by name.
 */
import type { Client } from '@temporalio/client';
import { dateInVietnam } from '../../domain/calendar';
import { cycleWorkflowId, unitWorkflowId } from '../../domain/ids';
import { buildReport } from '../../domain/report/build';
import type { ReportDocument, UnitEntry } from '../../domain/report/model';
import { mapLimit } from '../map-limit';
import { cycleReportQuery } from '../../workflows/cascade-cycle';
import { unitStateQuery, type UnitState } from '../../workflows/unit-messages';

/** The unit asked for is not part of the cycle. */
export class UnknownReportUnitError extends Error {}

/**
 * @param client a connected Temporal client
 * @param unitId the body whose report it is; the cycle's root when absent
 * @returns the report document, built from every unit's state as it is now
 * @throws UnknownReportUnitError when the unit is not part of the cycle
 */
export async function cycleReport(client: Client, cascadeId: string, year: number, unitId?: string): Promise<ReportDocument> {
  const ctx = await client.workflow.getHandle(cycleWorkflowId(cascadeId, year)).query(cycleReportQuery);
  const issuerId = unitId ?? ctx.setup.units[0]!.id;
  if (!ctx.setup.units.some((u) => u.id === issuerId)) {
    throw new UnknownReportUnitError(`--unit: không có đơn vị "${issuerId}" trong chu kỳ ${cascadeId}/${year}`);
  }
  const states = await mapLimit(ctx.setup.units, 16, async (u) =>
    client.workflow
      .getHandle(unitWorkflowId(cascadeId, year, u.id))
      .query(unitStateQuery)
      .catch((): UnitState | undefined => undefined), // not started yet: it has reported nothing
  );
  const entries: UnitEntry[] = states.flatMap((s) =>
    s?.report
      ? [{ unitId: s.unitId, unitName: s.unitName, values: s.report.values, narrative: s.report.narrative, ...(s.report.sections ? { sections: s.report.sections } : {}), late: s.report.late ?? false, submittedAt: s.report.submittedAt ?? '' }]
      : [],
  );
  const issuer = states.find((s) => s?.unitId === issuerId);
  return buildReport({
    setup: ctx.setup,
    issuerId,
    entries,
    ...(issuer?.consolidationNarrative ? { assessment: { narrative: issuer.consolidationNarrative } } : {}),
    date: dateInVietnam(new Date()),
    progress: issuer?.stage !== 'reported',
    removedUnitIds: [...ctx.removedUnitIds, ...states.flatMap((s) => (s?.stage === 'cancelled' ? [s.unitId] : []))],
  });
}
