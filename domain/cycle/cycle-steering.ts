/**
 * Pure checks of an admin's steering of a cycle (before it is forwarded to a
 * unit): the input's shape, the cycle still running, the unit known.
 */
import type { z } from 'zod';
import { describeZodError } from '../zod-issues';
import { ERROR_TYPES } from '../errors';
import type { Refusal } from './unit-machine';

/** What the cycle knows when it checks a steering command. */
export interface CycleFacts {
  cascadeId: string;
  year: number;
  outcome: 'running' | 'reported' | 'cancelled';
  rootId: string;
  /** A unit of the cycle, not removed. */
  isUnit(id: string): boolean;
  /** An id the cycle has ever had (removed units' ids stay taken). */
  exists(id: string): boolean;
}

/**
 * @param schema the command's zod schema
 * @param raw what the admin sent
 * @param facts the cycle's state
 * @param opts `unit`: the command names a unit to check; `notRoot`: the root is refused; `newUnitId`: an id that must be new
 * @returns the parsed command, or why it is refused
 */
export function checkSteering<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  facts: CycleFacts,
  opts: { unitId?: (v: T) => string; notRoot?: boolean; newUnitId?: (v: T) => string } = {},
): { ok: true; value: T } | { ok: false; refusal: Refusal } {
  const refuse = (type: Refusal['type'], message: string) => ({ ok: false as const, refusal: { type, message } });
  if (facts.outcome !== 'running') return refuse(ERROR_TYPES.WrongStage, `Chu kỳ ${facts.year} đã kết thúc (${facts.outcome}).`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return refuse(ERROR_TYPES.InvalidInput, describeZodError(parsed.error).join('; '));
  const unitId = opts.unitId?.(parsed.data);
  if (unitId !== undefined && !facts.isUnit(unitId)) return refuse(ERROR_TYPES.UnknownUnit, `unitId: không có đơn vị "${unitId}" trong chu kỳ ${facts.cascadeId}/${facts.year}`);
  if (opts.notRoot && unitId === facts.rootId) return refuse(ERROR_TYPES.InvalidInput, 'unitId: không thể rút đơn vị gốc; hãy hủy cả chu kỳ');
  const newId = opts.newUnitId?.(parsed.data);
  if (newId !== undefined && facts.exists(newId)) return refuse(ERROR_TYPES.InvalidInput, `node.id: đã có đơn vị "${newId}" trong chu kỳ này`);
  return { ok: true, value: parsed.data };
}
