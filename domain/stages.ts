/**
 * Stages of a unit's yearly work, as readable strings: they appear as-is in the
 * Temporal Web UI (search attribute `CascadeStage`) and in `cascade cycle status`.
 */
export const STAGES = [
  'waiting',
  'drafting',
  'in-review',
  'implementing',
  'reporting',
  'consolidating',
  'reported',
  'cancelled',
] as const;

/** One of {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/** Stages after which nothing more is expected from the unit. */
export const FINAL_STAGES: readonly Stage[] = ['reported', 'cancelled'];

/** Vietnamese label for each stage, for pages, emails and the Web UI details. */
export const STAGE_LABELS_VI: Record<Stage, string> = {
  waiting: 'Chờ kế hoạch cấp trên',
  drafting: 'Đang xây dựng kế hoạch',
  'in-review': 'Chờ phê duyệt kế hoạch',
  implementing: 'Đang triển khai thực hiện',
  reporting: 'Đang lập báo cáo kết quả',
  consolidating: 'Đang tổng hợp báo cáo',
  reported: 'Đã báo cáo',
  cancelled: 'Đã hủy',
};

/** Who the unit's current step is waiting on (search attribute `CascadeWaitingOn`). */
export const WAITING_ON = ['parent', 'unit-head', 'approver', 'children', 'nobody'] as const;
/** One of {@link WAITING_ON}. */
export type WaitingOn = (typeof WAITING_ON)[number];
