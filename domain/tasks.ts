/**
 * The tasks a person is asked to do and what an action answers, as plain
 * constants and types. The action schemas (`./actions`) build on them; workflow
 * code reads them without evaluating zod (see `workflows/schemas-on-demand.ts`).
 */

/** The tasks a person can be asked to do, one per stage that waits on a human. */
export const TASK_KINDS = ['draft-plan', 'review-plan', 'report', 'consolidate'] as const;
/** One of {@link TASK_KINDS}. */
export type TaskKind = (typeof TASK_KINDS)[number];

/** A task named in a Vietnamese sentence ("việc xây dựng kế hoạch"). */
export const TASK_LABELS_VI = {
  'draft-plan': 'xây dựng kế hoạch',
  'review-plan': 'phê duyệt kế hoạch',
  report: 'báo cáo kết quả thực hiện',
  consolidate: 'tổng hợp báo cáo',
} as const satisfies Record<TaskKind, string>;

/** Which stage each task belongs to. */
export const TASK_STAGE = {
  'draft-plan': 'drafting',
  'review-plan': 'in-review',
  report: 'reporting',
  consolidate: 'consolidating',
} as const satisfies Record<TaskKind, string>;

/** What every human-action update returns to the person. */
export interface ActionResult {
  outcome: 'accepted' | 'already-recorded';
  /** Stage after the action. */
  stage: string;
  /** Vietnamese sentence to show the person. */
  message: string;
}
