/**
 * Synthetic cascades for scale tests: deterministic for a given seed, so a
 * failing benchmark or test can be reproduced exactly.
 */
import type { z } from 'zod';
import type { cascadeSchema, OrgNode } from './schema';

/** The input shape of a cascade file (what YAML/JSON decodes to), with the org tree typed. */
export type CascadeInput = Omit<z.input<typeof cascadeSchema>, 'org'> & { org: OrgNode };
type OrgInput = OrgNode;

/** Options of {@link generateCascade}. */
export interface GenerateOptions {
  /** Units below the root. */
  units: number;
  /** Maximum levels below the root. */
  depth: number;
  /** Children per node (the last node of a level may get fewer). */
  fanout: number;
  /** PRNG seed; same seed, same file. Default 1. */
  seed?: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Mai', 'Trịnh'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Thu', 'Ngọc', 'Đức', 'Thanh', 'Quốc', 'Hồng'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hạnh', 'Hòa', 'Hương', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phương', 'Quân', 'Thảo', 'Trang', 'Tuấn', 'Yến'];
const KINDS = ['Bệnh viện', 'Trung tâm Y tế', 'Trạm Y tế', 'Phòng khám Đa khoa khu vực', 'Trung tâm Kiểm soát bệnh tật'];
const TITLES = ['Giám đốc', 'Phó Giám đốc', 'Trưởng trạm', 'Trưởng ban Vì sự tiến bộ của phụ nữ'];

/**
 * mulberry32: tiny, fast, good enough to vary names or pace faults; the same seed
 * gives the same sequence, so a generated cascade or a fault run is reproducible.
 * @returns a seeded random source in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds a cascade of `units` units below one root, filled breadth-first
 * (each level full before the next), every node with up to `fanout` children.
 * @returns the decoded-file form, ready for `parseCascade` or `YAML.stringify`
 * @throws RangeError when the numbers are not positive integers or the tree cannot hold `units`
 */
export function generateCascade({ units, depth, fanout, seed = 1 }: GenerateOptions): CascadeInput {
  for (const [k, v] of Object.entries({ units, depth, fanout })) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} phải là số nguyên dương`);
  }
  let capacity = 0;
  for (let d = 1, level = 1; d <= depth && capacity < units; d++) capacity += level *= fanout;
  if (capacity < units) throw new RangeError(`cây sâu ${depth} cấp, mỗi nút ${fanout} con chỉ chứa được ${capacity} đơn vị (< ${units})`);

  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const person = (id: string, title: string) => ({
    name: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
    title,
    email: `${id}@units.example`,
  });
  const node = (id: string, name: string, level: string): OrgInput => ({ id, name, level, head: person(id, pick(TITLES)), role: 'implement' });

  const root = node('root', 'Ban Vì sự tiến bộ của phụ nữ (tổng hợp)', 'Sở');
  let frontier: OrgInput[] = [root];
  let made = 0;
  for (let d = 1; d <= depth && made < units; d++) {
    const next: OrgInput[] = [];
    for (const parent of frontier) {
      parent.children = [];
      for (let i = 0; i < fanout && made < units; i++) {
        made++;
        const child = node(`u${made}`, `${pick(KINDS)} số ${made}`, `Cấp ${d}`);
        parent.children.push(child);
        next.push(child);
      }
      if (made >= units) break;
    }
    frontier = next;
  }
  return {
    schemaVersion: 1,
    id: `synthetic-${units}-${depth}-${fanout}-${seed}`,
    name: `Hệ thống thử nghiệm ${units} đơn vị`,
    directive: { system: 'party', number: '21-CT/TW', issuer: 'Ban Bí thư', issuedOn: '2018-01-20', title: 'Về tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới' },
    parentPlans: [],
    org: root,
    offices: [{ id: 'van-phong', name: 'Văn phòng', email: 'van-phong@units.example' }],
    cycle: {
      draftingWorkingDays: 15,
      approvalWorkingDays: 5,
      report: {
        due: { month: 11, day: 25 },
        wording: 'trước ngày 25/11',
        interpretation: 'end-of-previous-day',
        levelLeadWorkingDays: 3,
        consolidationWorkingDays: 5,
        dataPeriod: { fromPreviousYear: { month: 12, day: 15 }, to: { month: 12, day: 14 } },
      },
      reminderWorkingDaysBefore: [5, 1],
      escalation: [
        { afterWorkingDays: 1, to: 'unit-head', ask: 'Đề nghị gửi báo cáo ngay.' },
        { afterWorkingDays: 3, to: 'superior', ask: 'Đề nghị đôn đốc đơn vị gửi báo cáo.' },
        { afterWorkingDays: 7, to: 'office', officeId: 'van-phong', ask: 'Đề nghị theo dõi, xử lý.' },
      ],
      actionWindows: [{ name: 'Tháng hành động', from: { month: 11, day: 15 }, to: { month: 12, day: 15 } }],
      activityGroups: [{ id: 'II.1', title: 'Nâng cao nhận thức' }],
      indicators: [{ id: 'so_su_kien', label: 'Số sự kiện truyền thông', type: 'number', rollup: 'sum' }],
      finalRecipient: { organisation: 'Sở Nội vụ', person: { name: 'Nguyễn Văn An', title: 'Giám đốc', email: 'giam-doc@units.example' } },
    },
  };
}
