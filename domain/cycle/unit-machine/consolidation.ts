/** The roll-up a node with children sends up: its own report and its children's, by each indicator's rule. */
import { rollUp } from '../rollup';
import type { ChildReport, UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { missingNames } from '../../report/carry';
import { missingChildIds } from './memory-ops';

/** A node's consolidated values and who is missing. */
export interface Consolidation {
  values: ChildReport['values'];
  /** Direct children not reported, then the missing units their reports listed. */
  missingUnitIds: string[];
  /** Their names, in the same order (ids where a name is not known: reports of older runs). */
  missingUnitNames: string[];
  coveredUnits: number;
}

/** @returns the roll-up of the unit's own report and its (not removed) children's reports */
export function consolidationOf(m: UnitMemory, input: UnitWorkflowInput): Consolidation {
  const reports = Object.values(m.childReports).filter((r) => !m.removedChildIds.includes(r.unitId));
  const inputs = [...(m.report ? [{ values: m.report.values, weight: 1 }] : []), ...reports.map((r) => ({ values: r.values, weight: r.coveredUnits }))];
  return {
    values: rollUp(input.context.template.indicators, inputs),
    missingUnitIds: [...missingChildIds(m), ...reports.flatMap((r) => r.missingUnitIds)],
    missingUnitNames: missingNames(missingChildIds(m), m.childNames, reports),
    coveredUnits: (m.report ? 1 : 0) + reports.reduce((s, r) => s + r.coveredUnits, 0),
  };
}
