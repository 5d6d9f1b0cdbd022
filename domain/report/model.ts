/**
 * A yearly results report as an administrative document (Decree 30/2020/NĐ-CP art. 8
 * for state bodies; the Party's document rules for party bodies), as plain data.
 * Renderers (.docx, HTML, mail lines) only lay it out: every word is decided here.
 */
import type { IndicatorValue, ReportSections } from '../actions';

/** One unit's own yearly report, carried up through every level by name. */
export interface UnitEntry {
  unitId: string;
  unitName: string;
  values: Record<string, IndicatorValue>;
  narrative: string;
  sections?: ReportSections;
  /** A consolidating unit's overall assessment of its own subtree. */
  assessment?: { narrative: string; sections?: ReportSections };
  late: boolean;
  /** ISO instant the unit's report was received. */
  submittedAt: string;
}

/** A block of the document body, in reading order. */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; header: string[]; rows: ReportTableRow[]; widths: number[] };

/** A table row; a group row spans the table and names an activity group. */
export type ReportTableRow = { kind: 'group'; text: string } | { kind: 'cells'; cells: string[] };

/** One line of "Nơi nhận". */
export interface ReportRecipientLine {
  text: string;
}

/** The figures of a report in short. */
export interface ReportDigest {
  /** Units expected in the issuer's subtree (the issuer included), and how many reported. */
  expected: number;
  received: number;
  /** Names of the units that have not reported, and of those that reported late. */
  missing: string[];
  late: string[];
  /** Every non-text indicator as printed. */
  indicators: { id: string; label: string; text: string }[];
}

/** The whole document. */
export interface ReportDocument {
  system: 'state' | 'party';
  /** Top right: quốc hiệu and tiêu ngữ (state), or "ĐẢNG CỘNG SẢN VIỆT NAM" (party). */
  nationalHeading: string[];
  /** Top left, in capitals: the governing body (may be absent) and the issuing body. */
  parentBody?: string;
  issuingBody: string;
  /** "Số:     /BC-BVSTBCPN" (state) or "Số     -BC/TU" (party): the number is given at registration. */
  numberLine: string;
  /** "Thanh Hóa, ngày 20 tháng 11 năm 2027". */
  placeDateLine: string;
  /** Shown above the document when it is a progress report, not the one sent. */
  draftMark?: string;
  typeName: string;
  /** Trích yếu. */
  summary: string;
  body: ReportBlock[];
  signature: { lines: string[]; name: string };
  recipients: ReportRecipientLine[];
  /** The figures in short, for the covering mail, the JSON output and checks. */
  digest: ReportDigest;
  /** File name without extension, ASCII only, e.g. "bao-cao-2027-ban-vstbcpn-nganh-y-te". */
  fileName: string;
}
