/**
 * Who a mail speaks to, and how: a person is addressed by name, position and their
 * own organisation and called "đồng chí" in the text; an office is addressed by its
 * name. Deadlines read as an official would write them.
 */
import type { Notification } from '../../../domain/notifications';

/** Kinds whose recipient is the unit's own head (or substitute): their organisation is the unit. */
const TO_UNIT_HEAD = new Set(['task-assigned', 'reminder', 'report-request', 'returned', 'approved', 'action-window']);

/** @returns 'office' for an office, 'person' otherwise (a recipient with a title is a person) */
export function recipientKind(n: Notification): 'person' | 'office' {
  return n.to.kind ?? (n.to.title ? 'person' : 'office');
}

/**
 * @returns the recipient's own organisation when known: given explicitly, or the unit
 *   when the mail goes to the unit's own head; undefined for a superior whose body is not named
 */
export function recipientOrganisation(n: Notification): string | undefined {
  if (n.to.organisation) return n.to.organisation;
  // Only the late unit's own head gets an escalation with a link.
  if (TO_UNIT_HEAD.has(n.kind) || (n.kind === 'escalation' && n.task)) return n.unitName;
  return undefined;
}

/** @returns "Kính gửi: Lê Văn Hùng – Giám đốc, Bệnh viện Đa khoa tỉnh", or "Kính gửi: Văn phòng Sở Y tế" */
export function addressLine(n: Notification): string {
  if (recipientKind(n) === 'office') return `Kính gửi: ${n.to.name}`;
  const org = recipientOrganisation(n);
  return `Kính gửi: ${n.to.title ? `${n.to.name} – ${n.to.title}` : n.to.name}${org ? `, ${org}` : ''}`;
}

/** @returns how the text calls the recipient: "đồng chí", or the office's name */
export function you(n: Notification): string {
  return recipientKind(n) === 'office' ? n.to.name : 'đồng chí';
}

const VN_OFFSET_MS = 7 * 3600_000;

/**
 * @param iso the last on-time instant
 * @returns "chậm nhất trong ngày 24 tháng 11 năm 2026" for a deadline at the end of a day,
 *   else "trước 17 giờ 00 ngày 24 tháng 11 năm 2026" (Vietnam time, which every recipient uses)
 */
export function deadlinePhrase(iso: string): string {
  const v = new Date(Date.parse(iso) + VN_OFFSET_MS);
  const d = v.getUTCDate();
  const m = v.getUTCMonth() + 1;
  const date = `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? `0${m}` : m} năm ${v.getUTCFullYear()}`;
  if (v.getUTCHours() === 23 && v.getUTCMinutes() === 59) return `chậm nhất trong ${date}`;
  return `trước ${String(v.getUTCHours()).padStart(2, '0')} giờ ${String(v.getUTCMinutes()).padStart(2, '0')} ${date}`;
}

/**
 * @param iso the last on-time instant
 * @returns "ngày 24 tháng 11 năm 2026" (the day the time ran out)
 */
export function deadlineDay(iso: string): string {
  return deadlinePhrase(iso).replace(/^(chậm nhất trong|trước \d{2} giờ \d{2}) /, '');
}
