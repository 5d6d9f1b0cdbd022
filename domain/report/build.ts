/**
 * Builds the yearly results report of one body from its subtree's reports: the
 * elements of Decree 30/2020 art. 8 (or the Party's rules for a party body) and
 * the usual outline of a results report. Pure: the cycle workflow builds the final
 * report with it, and the CLI a progress report at any time.
 */
import type { ReportSections } from '../actions';
import { indicatorResults } from './indicators';
import type { ReportBlock, ReportDocument, ReportTableRow, UnitEntry } from './model';
import type { ReportSetup, ReportUnit } from './setup';
import { formatVnNumber, formatVnShortDate, placeDateLine } from './vn-number';

/** Input of {@link buildReport}. */
export interface BuildReportInput {
  setup: ReportSetup;
  /** The body whose report this is (the root for the final report). */
  issuerId: string;
  /** Own reports of units in the issuer's subtree (the issuer's own included), any order. */
  entries: UnitEntry[];
  /** The issuer's overall assessment (its consolidation), if given. */
  assessment?: { narrative: string; sections?: ReportSections };
  /** ISO date of the document. */
  date: string;
  /** A progress report: marked as such, with the figures "so far". */
  progress?: boolean;
  /** Units removed from the cycle: not expected. */
  removedUnitIds?: string[];
}

const SECTION_KEYS = ['shortcomings', 'directions', 'recommendations'] as const;

function subtree(setup: ReportSetup, rootId: string, removed: Set<string>): ReportUnit[] {
  const out: ReportUnit[] = [];
  const visit = (id: string): void => {
    if (removed.has(id)) return;
    const u = setup.units.find((x) => x.id === id);
    if (!u) return;
    out.push(u);
    for (const c of setup.units.filter((x) => x.parentId === id)) visit(c.id);
  };
  visit(rootId);
  return out;
}

const paragraphs = (text: string): ReportBlock[] =>
  text
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: 'paragraph' as const, text: t }));

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string): string => s.toUpperCase();
const names = (units: { name: string }[]): string => units.map((u) => u.name).join('; ');

/**
 * @param input setup, issuer, the subtree's reports and the date
 * @returns the report document, ready to render
 * @throws Error when the issuer is not a unit of the setup
 */
export function buildReport(input: BuildReportInput): ReportDocument {
  const { setup, date } = input;
  const issuer = setup.units.find((u) => u.id === input.issuerId);
  if (!issuer) throw new Error(`unit "${input.issuerId}" is not part of this cycle`);
  const expected = subtree(setup, issuer.id, new Set(input.removedUnitIds ?? []));
  const order = new Map(expected.map((u, i) => [u.id, i]));
  const entries = input.entries.filter((e) => order.has(e.unitId)).sort((a, b) => order.get(a.unitId)! - order.get(b.unitId)!);
  const reported = new Set(entries.map((e) => e.unitId));
  const missing = expected.filter((u) => !reported.has(u.id));
  const late = entries.filter((e) => e.late);
  const year = setup.year;
  const body: ReportBlock[] = [];

  const period = `từ ngày ${formatVnShortDate(setup.dataPeriod.from)} đến ngày ${formatVnShortDate(setup.dataPeriod.to)}`;
  body.push({
    kind: 'paragraph',
    text: `Thực hiện ${issuer.planLabel}, ${issuer.name} báo cáo kết quả thực hiện năm ${year} (kỳ số liệu ${period}) như sau:`,
  });
  if (input.progress) {
    body.push({ kind: 'paragraph', italic: true, text: `Báo cáo tiến độ: số liệu tổng hợp từ các báo cáo đã nhận đến ngày ${formatVnShortDate(date)}.` });
  }

  body.push({ kind: 'heading', level: 1, text: 'I. KẾT QUẢ THỰC HIỆN' });
  let n = 0;
  if (expected.length > 1) {
    body.push({ kind: 'heading', level: 2, text: `${++n}. Tình hình báo cáo của các đơn vị` });
    const lateText = late.length ? ` Báo cáo gửi sau thời hạn (${formatVnNumber(late.length)} đơn vị): ${names(late.map((e) => ({ name: e.unitName })))}.` : '';
    body.push({ kind: 'paragraph', text: `Đã nhận báo cáo của ${formatVnNumber(entries.length)}/${formatVnNumber(expected.length)} đơn vị.${lateText}` });
    body.push({
      kind: 'paragraph',
      text: missing.length ? `Đơn vị chưa gửi báo cáo (${formatVnNumber(missing.length)} đơn vị): ${names(missing)}.` : 'Tất cả các đơn vị đã gửi báo cáo.',
    });
  }
  body.push({ kind: 'heading', level: 2, text: `${++n}. Đánh giá chung` });
  const ownEntry = entries.find((e) => e.unitId === issuer.id);
  const overall = input.assessment?.narrative ?? (expected.length === 1 ? ownEntry?.narrative : undefined);
  body.push(...(overall ? paragraphs(overall) : [{ kind: 'paragraph' as const, italic: true, text: `${issuer.name} chưa có đánh giá chung.` }]));

  body.push({ kind: 'heading', level: 2, text: `${++n}. Kết quả theo nhóm hoạt động và chỉ tiêu` });
  const results = indicatorResults(setup.indicators, entries.map((e) => e.values)).filter((r) => r.indicator.type !== 'text');
  const rows: ReportTableRow[] = [];
  let stt = 0;
  const groups: { id: string | undefined; title: string }[] = [...setup.activityGroups.map((g) => ({ id: g.id, title: `Nhóm ${g.id}. ${g.title}` })), { id: undefined, title: 'Chỉ tiêu chung' }];
  for (const g of groups) {
    const inGroup = results.filter((r) => (r.indicator.group && setup.activityGroups.some((x) => x.id === r.indicator.group) ? r.indicator.group : undefined) === g.id);
    if (!inGroup.length) continue;
    rows.push({ kind: 'group', text: g.title });
    for (const r of inGroup) rows.push({ kind: 'cells', cells: [String(++stt), r.indicator.label, r.text, formatVnNumber(r.reported)] });
  }
  body.push({ kind: 'table', header: ['STT', 'Chỉ tiêu', 'Kết quả', 'Số đơn vị báo cáo'], rows, widths: [8, 50, 27, 15] });

  const textIndicators = setup.indicators.filter((i) => i.type === 'text');
  if (entries.length) {
    body.push({ kind: 'heading', level: 2, text: `${++n}. Kết quả của từng đơn vị` });
    entries.forEach((e, i) => {
      body.push({ kind: 'heading', level: 3, text: `${n}.${i + 1}. ${e.unitName}${e.late ? ' (gửi sau thời hạn)' : ''}` });
      body.push(...paragraphs(e.narrative));
      const items = textIndicators.flatMap((t) => {
        const v = e.values[t.id];
        return typeof v === 'string' && v.trim() ? [`${t.label}: ${v.trim()}`] : [];
      });
      if (e.assessment && e.unitId !== issuer.id) items.push(`Đánh giá chung của ${e.unitName}: ${e.assessment.narrative}`);
      if (items.length) body.push({ kind: 'bullets', items });
    });
  }

  const sectionTitles: Record<(typeof SECTION_KEYS)[number], { heading: string; none: string }> = {
    shortcomings: { heading: 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', none: 'Chưa có đơn vị nêu tồn tại, hạn chế.' },
    directions: { heading: `III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM ${year + 1}`, none: 'Chưa có đơn vị nêu phương hướng, nhiệm vụ năm sau.' },
    recommendations: { heading: 'IV. KIẾN NGHỊ, ĐỀ XUẤT', none: 'Không có kiến nghị, đề xuất.' },
  };
  for (const key of SECTION_KEYS) {
    body.push({ kind: 'heading', level: 1, text: sectionTitles[key].heading });
    const own = input.assessment?.sections?.[key]?.trim();
    const fromUnits = entries.flatMap((e) => {
      const texts = [e.sections?.[key], e.unitId !== issuer.id ? e.assessment?.sections?.[key] : undefined].filter((t): t is string => !!t?.trim());
      return texts.map((t) => `${e.unitName}: ${t.trim()}`);
    });
    if (own) body.push(...paragraphs(own));
    if (fromUnits.length) body.push({ kind: 'bullets', items: fromUnits });
    if (!own && !fromUnits.length) body.push({ kind: 'paragraph', italic: true, text: sectionTitles[key].none });
  }
  body.push({ kind: 'paragraph', text: `Trên đây là báo cáo kết quả thực hiện năm ${year} của ${issuer.name}./.` });

  const parent = issuer.parentId ? setup.units.find((u) => u.id === issuer.parentId) : undefined;
  const roleText = { 'report-to': 'để b/c', coordinate: 'để p/h', inform: 'để biết', implement: 'để t/h' } as const;
  const recipients = [
    `${parent ? parent.name : setup.finalRecipient} (để b/c);`,
    ...(parent ? [] : setup.informational.map((r) => `${r.name} (${roleText[r.role]});`)),
    `Lưu: VT, ${issuer.symbol}.`,
  ].map((text) => ({ text: `- ${text}` }));

  const party = issuer.system === 'party';
  const title = /^thực hiện/i.test(setup.cascadeName) ? lowerFirst(setup.cascadeName) : `thực hiện ${setup.cascadeName}`;
  return {
    system: issuer.system,
    nationalHeading: party ? ['ĐẢNG CỘNG SẢN VIỆT NAM'] : ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    ...(issuer.parentBody ? { parentBody: upper(issuer.parentBody) } : {}),
    issuingBody: upper(issuer.name),
    // The number is given by the clerk when the report is registered; the symbol is known.
    numberLine: party ? `Số      -BC/${issuer.symbol}` : `Số:      /BC-${issuer.symbol}`,
    placeDateLine: placeDateLine(issuer.place, date),
    ...(input.progress ? { draftMark: 'BÁO CÁO TIẾN ĐỘ' } : {}),
    typeName: 'BÁO CÁO',
    summary: `${input.progress ? 'Tình hình, kết quả' : 'Kết quả'} ${title} năm ${year}`,
    body,
    signature: { lines: issuer.signature, name: issuer.headName },
    recipients,
    digest: {
      expected: expected.length,
      received: entries.length,
      missing: missing.map((u) => u.name),
      late: late.map((e) => e.unitName),
      indicators: results.map((r) => ({ id: r.indicator.id, label: r.indicator.label, text: r.text })),
    },
    fileName: `bao-cao-${year}-${issuer.id}${input.progress ? '-tien-do' : ''}`,
  };
}
