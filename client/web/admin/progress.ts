/**
 * Progress over the cycle: how many units had submitted their plan, had it
 * approved and had sent their report, at each moment since the cycle started.
 * Derived from what each unit workflow records itself: who did each action and
 * when ("task:revision" → actor and time, in the unit's state). Nothing is
 * estimated: a unit counts from the time its own first such action was recorded.
 */
import type { ActionRecord } from '../../../domain/cycle/unit-memory';

/** The milestones drawn, in pipeline order. */
export const MILESTONES = ['plan-submitted', 'plan-approved', 'report-sent'] as const;
/** One of {@link MILESTONES}. */
export type Milestone = (typeof MILESTONES)[number];

/** Vietnamese names of the milestones (legend, table). */
export const MILESTONE_LABELS_VI: Record<Milestone, string> = {
  'plan-submitted': 'Đã gửi dự thảo kế hoạch',
  'plan-approved': 'Kế hoạch đã được phê duyệt',
  'report-sent': 'Đã gửi báo cáo',
};

/**
 * @param actions a unit's action records, keyed "task:revision"
 * @returns the time (epoch ms) the unit first reached each milestone, where it did
 */
export function milestonesOf(actions: Readonly<Record<string, ActionRecord>> | undefined): Partial<Record<Milestone, number>> {
  const out: Partial<Record<Milestone, number>> = {};
  const reach = (m: Milestone, at: string) => {
    const t = Date.parse(at);
    if (!Number.isNaN(t) && (out[m] === undefined || t < out[m])) out[m] = t;
  };
  for (const [key, rec] of Object.entries(actions ?? {})) {
    const task = key.slice(0, key.lastIndexOf(':'));
    if (task === 'draft-plan') reach('plan-submitted', rec.at);
    else if (task === 'review-plan' && rec.decision === 'approve') reach('plan-approved', rec.at);
    else if (task === 'report' || task === 'consolidate') reach('report-sent', rec.at);
  }
  return out;
}

/** A cumulative count over time: steps at the listed instants. */
export interface ProgressLine {
  milestone: Milestone;
  /** [epoch ms, units that had reached the milestone by then], in time order, starting at `from`. */
  points: [number, number][];
  /** Units at the milestone at `to`. */
  final: number;
}

/** Everything the chart draws. */
export interface ProgressSeries {
  /** Epoch ms of the left edge (the cycle's start) and the right edge (now, or the last action). */
  from: number;
  to: number;
  /** Units in the cycle (the top of the scale). */
  total: number;
  lines: ProgressLine[];
}

/**
 * @param perUnit each unit's milestones (see {@link milestonesOf})
 * @param total units in the cycle
 * @param from epoch ms the cycle started
 * @param to epoch ms of the right edge (now)
 * @returns one cumulative line per milestone
 */
export function progressSeries(perUnit: readonly Partial<Record<Milestone, number>>[], total: number, from: number, to: number): ProgressSeries {
  const times = perUnit.flatMap((u) => Object.values(u));
  const left = Math.min(from, ...times);
  const right = Math.max(to, left + 1, ...times);
  const lines = MILESTONES.map((milestone): ProgressLine => {
    const reached = perUnit.flatMap((u) => (u[milestone] === undefined ? [] : [u[milestone]])).sort((a, b) => a - b);
    const points: [number, number][] = [[left, 0]];
    reached.forEach((t, i) => {
      // Several units at the same instant make one step.
      if (points.at(-1)![0] === t) points.at(-1)![1] = i + 1;
      else points.push([t, i + 1]);
    });
    return { milestone, points, final: reached.length };
  });
  return { from: left, to: right, total, lines };
}
