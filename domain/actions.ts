/**
 * Payloads of the human actions (Temporal Updates on the unit workflow). The same
 * zod schemas validate the web forms and the workflow's update validators, so a
 * person gets one consistent, field-specific message wherever the input arrives.
 */
import { z } from 'zod';
import { TASK_KINDS } from './tasks';

export { TASK_KINDS, TASK_LABELS_VI, TASK_STAGE, type ActionResult, type TaskKind } from './tasks';
export { describeZodError } from './zod-issues';

const text = (max: number) => z.string().trim().min(1, 'không được để trống').max(max, `tối đa ${max} ký tự`);

/** Binds an action to the task and revision the person was shown (stale forms are refused). */
export const taskRefSchema = z.object({
  task: z.enum(TASK_KINDS),
  revision: z.number().int().min(0),
  /** Email of the person acting (from the signed link), recorded in the history. */
  actor: z.email(),
});

export const submitPlanSchema = taskRefSchema.extend({
  task: z.literal('draft-plan'),
  planNumber: text(40),
  title: text(300),
  summary: text(4000),
  /** Chosen activities per activity group id (e.g. "II.1": ["Hội nghị quán triệt ..."]). */
  activities: z.record(z.string(), z.array(text(500)).max(50)),
  /** A reference to a document stored elsewhere (never the bytes). */
  attachmentRef: z.string().trim().max(500).optional(),
});
export type SubmitPlanInput = z.infer<typeof submitPlanSchema>;

export const reviewPlanSchema = taskRefSchema
  .extend({
    task: z.literal('review-plan'),
    decision: z.enum(['approve', 'return']),
    comment: z.string().trim().max(4000).default(''),
  })
  .refine((v) => v.decision === 'approve' || v.comment.length > 0, {
    path: ['comment'],
    message: 'cần ghi rõ lý do trả lại để đơn vị chỉnh sửa',
  });
export type ReviewPlanInput = z.infer<typeof reviewPlanSchema>;

/** The two counts of a ratio indicator (e.g. 12 women among 34 leaders). */
export const ratioValueSchema = z.strictObject({ numerator: z.number().min(0), denominator: z.number().min(0) });
export type RatioValue = z.infer<typeof ratioValueSchema>;

/** A reported indicator value: number (also percent), ratio, yes/no, or text. */
export const indicatorValueSchema = z.union([z.number(), z.boolean(), z.string().max(4000), ratioValueSchema]);
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

/**
 * The parts of a yearly report beyond the results (what an outline of a results
 * report asks for). Optional: a unit may put everything in its narrative.
 */
export const reportSectionsSchema = z.strictObject({
  /** Tồn tại, hạn chế và nguyên nhân. */
  shortcomings: z.string().trim().max(8000).optional(),
  /** Phương hướng, nhiệm vụ năm sau. */
  directions: z.string().trim().max(8000).optional(),
  /** Kiến nghị, đề xuất với cấp trên. */
  recommendations: z.string().trim().max(8000).optional(),
});
export type ReportSections = z.infer<typeof reportSectionsSchema>;

export const submitReportSchema = taskRefSchema.extend({
  task: z.literal('report'),
  values: z.record(z.string(), indicatorValueSchema),
  narrative: text(20000),
  sections: reportSectionsSchema.optional(),
});
export type SubmitReportInput = z.infer<typeof submitReportSchema>;

export const submitConsolidationSchema = taskRefSchema.extend({
  task: z.literal('consolidate'),
  /** The consolidator's overall assessment (Đánh giá chung). */
  narrative: text(20000),
  sections: reportSectionsSchema.optional(),
});
export type SubmitConsolidationInput = z.infer<typeof submitConsolidationSchema>;
