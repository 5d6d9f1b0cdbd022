/**
 * The cascade file: what an admin writes once and the engine runs every year.
 * Shape only; cross-field rules (unique ids, deadline order down the tree, ...)
 * live in ./validate.ts. JSON Schema is exported from this model (`cascade schema`).
 * Objects are strict: an unknown key is almost always a typo ("emial") that
 * would otherwise be dropped silently, so it is reported instead.
 */
import { z } from 'zod';
import { DUE_INTERPRETATIONS, NON_WORKING_DAY_RULES } from './due-rules';
import { SLUG_PATTERN } from '../ids';

const MAX_TEXT = 1000;
const name = z.string().trim().min(1, 'không được để trống').max(300, 'tối đa 300 ký tự');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải theo dạng YYYY-MM-DD');
/** A calendar day in the year, e.g. { month: 11, day: 25 }. */
export const monthDaySchema = z.strictObject({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});
export type MonthDay = z.infer<typeof monthDaySchema>;

export const slugSchema = z
  .string()
  .max(80, 'tối đa 80 ký tự')
  // A copy: zod resets `lastIndex` on the pattern it is given, and the workflow bundle
  // shares domain/ids frozen across runs (workflows/preloaded-modules.ts).
  .regex(new RegExp(SLUG_PATTERN), 'chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối (vd. "bv-da-khoa-tinh")');

/** Party documents (Số 90-KH/TU) and state documents (Số 135/KH-UBND) follow different rules. */
export const DOCUMENT_SYSTEMS = ['party', 'state'] as const;

/** A document already issued: the directive or a plan above the units. */
export const documentRefSchema = z.strictObject({
  system: z.enum(DOCUMENT_SYSTEMS),
  /** Number and symbol as printed, e.g. "21-CT/TW", "135/KH-UBND". */
  number: z.string().trim().min(1).max(60),
  issuer: name,
  issuedOn: isoDate,
  title: z.string().trim().min(1).max(MAX_TEXT),
});
export type DocumentRef = z.infer<typeof documentRefSchema>;

export const personSchema = z.strictObject({
  name,
  title: z.string().trim().min(1).max(200),
  email: z.email('địa chỉ email không hợp lệ'),
});
export type Person = z.infer<typeof personSchema>;

/** How a node receives its parent's plan ("Nơi nhận": để t/h, b/c, p/h, để biết). */
export const DISTRIBUTION_ROLES = ['implement', 'report-to', 'coordinate', 'inform'] as const;
export type DistributionRole = (typeof DISTRIBUTION_ROLES)[number];

/**
 * How a body signs its documents (Decree 30/2020 art. 8): the governing body printed
 * above it, the abbreviation in "Số: …/BC-<symbol>", the place of the date line and
 * the position lines above the signature. Inherited down the tree where missing.
 */
export const documentProfileSchema = z.strictObject({
  /** Governing body printed above the issuer, e.g. "Sở Y tế Thanh Hóa". */
  parentBody: z.string().trim().min(1).max(300).optional(),
  /** Issuer abbreviation, e.g. "BVSTBCPN" (capitals, digits, Đ and hyphens). */
  symbol: z
    .string()
    .trim()
    .regex(/^[A-ZĐ0-9][A-ZĐ0-9-]{0,29}$/, 'ký hiệu viết hoa không dấu (có thể có Đ, chữ số, dấu gạch nối), tối đa 30 ký tự')
    .optional(),
  /** Place of the date line, e.g. "Thanh Hóa". */
  place: z.string().trim().min(1).max(80).optional(),
  /** Position lines above the signature, e.g. ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]. */
  signature: z.array(z.string().trim().min(1).max(200)).min(1).max(4).optional(),
});
export type DocumentProfile = z.infer<typeof documentProfileSchema>;

/** An organisation node: a body or unit, of any depth. */
export interface OrgNode {
  id: string;
  name: string;
  shortName?: string;
  level: string;
  head: Person;
  substitutes?: Person[];
  role?: DistributionRole;
  /** The node's plan is already issued (it does not draft one in the cycle). */
  issuedPlan?: DocumentRef;
  /** Overrides the computed report due date of this node (must still precede its parent's). */
  reportDue?: MonthDay;
  /** How this body's reports are headed and signed (see {@link documentProfileSchema}). */
  document?: DocumentProfile;
  children?: OrgNode[];
}

export const orgNodeSchema: z.ZodType<OrgNode> = z.lazy(() =>
  z.strictObject({
    id: slugSchema,
    name,
    shortName: z.string().trim().min(1).max(60).optional(),
    level: z.string().trim().min(1).max(80),
    head: personSchema,
    substitutes: z.array(personSchema).max(5).optional(),
    role: z.enum(DISTRIBUTION_ROLES).optional(),
    issuedPlan: documentRefSchema.optional(),
    reportDue: monthDaySchema.optional(),
    document: documentProfileSchema.optional(),
    children: z.array(orgNodeSchema).optional(),
  }),
).meta({ id: 'OrgNode', description: 'Một đơn vị trong cây tổ chức (độ sâu bất kỳ)' });

/** Whom an escalation rung writes to, relative to the late unit. */
export const ESCALATION_TARGETS = ['unit-head', 'superior', 'superior-of-superior', 'office'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const escalationRungSchema = z.strictObject({
  /** Working days after the due date. */
  afterWorkingDays: z.number().int().min(0).max(60),
  to: z.enum(ESCALATION_TARGETS),
  /** Required when `to` is "office": an id from `offices`. */
  officeId: slugSchema.optional(),
  /** What is asked, in Vietnamese, quoted in the email. */
  ask: z.string().trim().min(1).max(MAX_TEXT),
  /** What is asked when the late task is the plan (drafting or approving it); `ask` otherwise. */
  askPlan: z.string().trim().min(1).max(MAX_TEXT).optional(),
});
export type EscalationRung = z.infer<typeof escalationRungSchema>;

/**
 * `ratio` is reported as numerator and denominator (women leaders / all leaders) and
 * rolled up by summing both parts, so a commune station does not weigh as much as a
 * provincial hospital.
 */
export const INDICATOR_TYPES = ['number', 'percent', 'ratio', 'boolean', 'text'] as const;
export const ROLLUPS = ['sum', 'mean', 'min', 'max', 'all', 'any', 'list', 'ratio'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export type Rollup = (typeof ROLLUPS)[number];

export const indicatorSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'mã chỉ tiêu gồm chữ thường, chữ số và dấu gạch dưới'),
  label: z.string().trim().min(1).max(MAX_TEXT),
  type: z.enum(INDICATOR_TYPES),
  rollup: z.enum(ROLLUPS),
  unit: z.string().trim().max(40).optional(),
  /** Activity group (e.g. "II.3") the report shows this indicator under. */
  group: z.string().trim().min(1).max(20).optional(),
  /** For a ratio: what the two parts count, e.g. "nữ lãnh đạo" / "cán bộ lãnh đạo". */
  parts: z.strictObject({ numerator: z.string().trim().min(1).max(200), denominator: z.string().trim().min(1).max(200) }).optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export { DUE_INTERPRETATIONS, NON_WORKING_DAY_RULES, type NonWorkingDayRule } from './due-rules';

export const cycleTemplateSchema = z.strictObject({
  /** Working days a unit has to draft, counted from the day its parent's plan is approved. */
  draftingWorkingDays: z.number().int().min(1).max(120),
  /** Working days the parent's head has to approve or return a plan. */
  approvalWorkingDays: z.number().int().min(1).max(60),
  report: z.strictObject({
    /** Due date of the reports sent to the root, as a day of the cycle year. */
    due: monthDaySchema,
    /** Original wording, e.g. "trước ngày 25/11". */
    wording: z.string().trim().min(1).max(200),
    interpretation: z.enum(DUE_INTERPRETATIONS),
    /** A last on-time day that is not a working day: keep it (when absent), or move it. */
    nonWorkingDay: z.enum(NON_WORKING_DAY_RULES).optional(),
    /** Each level deeper reports this many working days before its parent's due date. */
    levelLeadWorkingDays: z.number().int().min(1).max(60),
    /** Working days the root has to consolidate after its units' due date. */
    consolidationWorkingDays: z.number().int().min(1).max(60),
    /** Data period: from a day of the previous year to a day of the cycle year. */
    dataPeriod: z.strictObject({ fromPreviousYear: monthDaySchema, to: monthDaySchema }),
  }),
  /** Working days before each due date on which a reminder goes out, e.g. [5, 1]. */
  reminderWorkingDaysBefore: z.array(z.number().int().min(0).max(60)).max(10),
  escalation: z.array(escalationRungSchema).max(10),
  actionWindows: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(300), from: monthDaySchema, to: monthDaySchema }))
    .max(20),
  activityGroups: z
    .array(z.strictObject({ id: z.string().trim().min(1).max(20), title: z.string().trim().min(1).max(MAX_TEXT) }))
    .min(1)
    .max(20),
  indicators: z.array(indicatorSchema).min(1).max(100),
  /** Who receives the root's consolidated report (an organisation, not hard-coded). */
  finalRecipient: z.strictObject({ organisation: name, person: personSchema }),
  /** Hours an email action link stays valid after it is sent. */
  linkValidityHours: z.number().int().min(1).max(24 * 90).default(24 * 21),
  /** Working days before its report is due on which a unit is asked for it (the report form opens). */
  reportRequestWorkingDaysBefore: z.number().int().min(0).max(120).default(15),
});
export type CycleTemplate = z.infer<typeof cycleTemplateSchema>;

export const officeSchema = z.strictObject({ id: slugSchema, name, email: z.email('địa chỉ email không hợp lệ') });
export type Office = z.infer<typeof officeSchema>;

export const cascadeSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Slug used in workflow ids, e.g. "ct21-yte-thanhhoa". */
  id: slugSchema,
  name,
  directive: documentRefSchema,
  /** Plans already issued between the directive and the units, top-down. */
  parentPlans: z.array(documentRefSchema).max(20),
  org: orgNodeSchema,
  offices: z.array(officeSchema).max(50).default([]),
  cycle: cycleTemplateSchema,
});
/** A parsed, shape-valid cascade file. */
export type Cascade = z.infer<typeof cascadeSchema>;
