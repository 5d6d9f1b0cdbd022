/**
 * Admin steering of a running cycle (CLI and dashboard → cycle workflow Updates).
 * Every action names the unit, says why, and who did it: the cycle's history is
 * the audit trail of how a year was steered.
 */
import { z } from 'zod';
import { TASK_KINDS } from './tasks';
import { personSchema, slugSchema } from './cascade/schema';

const reason = z.string().trim().min(3, 'cần ghi lý do (ít nhất 3 ký tự)').max(1000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải theo dạng YYYY-MM-DD');
const base = { unitId: slugSchema, reason, actor: z.string().trim().min(1).max(200) };

export const extendDeadlineSchema = z.object({
  ...base,
  /** Which task's deadline; default: the task open now. */
  task: z.enum(TASK_KINDS).optional(),
  newDueDate: isoDate,
});
export type ExtendDeadlineInput = z.infer<typeof extendDeadlineSchema>;

export const reassignSchema = z
  .object({ ...base, head: personSchema.optional(), substitutes: z.array(personSchema).max(5).optional() })
  .refine((v) => v.head || v.substitutes, { message: 'cần ít nhất người đứng đầu mới hoặc danh sách người thay thế', path: ['head'] });
export type ReassignInput = z.infer<typeof reassignSchema>;

export const remindNowSchema = z.object(base);
export type RemindNowInput = z.infer<typeof remindNowSchema>;

export const removeUnitSchema = z.object(base);
export type RemoveUnitInput = z.infer<typeof removeUnitSchema>;

/** Adds a leaf unit under an existing node (`unitId` is the parent). */
export const addUnitSchema = z.object({
  ...base,
  node: z.object({
    id: slugSchema,
    name: z.string().trim().min(1).max(300),
    level: z.string().trim().min(1).max(80),
    head: personSchema,
    substitutes: z.array(personSchema).max(5).default([]),
  }),
});
export type AddUnitInput = z.infer<typeof addUnitSchema>;

export const cancelCycleSchema = z.object({ reason, actor: z.string().trim().min(1).max(200) });
export type CancelCycleInput = z.infer<typeof cancelCycleSchema>;

/** Answer of every admin Update. */
export interface AdminResult {
  ok: true;
  message: string;
}
