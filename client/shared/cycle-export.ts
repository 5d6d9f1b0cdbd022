/**
 * A cycle's units as a table, for `cascade cycle export` and the dashboard's
 * download buttons: CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly)
 * and XLSX (exceljs, streamed so thousands of rows stay cheap).
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { STAGE_LABELS_VI, type Stage } from '../../domain/stages';
import { formatVnShortDate } from '../../runtime/vn-format';
import type { UnitRow } from './unit-listing';

/** Export formats. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const WAITING_ON_VI: Record<string, string> = {
  parent: 'cấp trên ban hành kế hoạch',
  'unit-head': 'thủ trưởng đơn vị',
  approver: 'cấp trên phê duyệt',
  children: 'các đơn vị trực thuộc',
  nobody: '',
};

/** Column headings, in order. */
export const EXPORT_HEADINGS = ['Mã đơn vị', 'Đơn vị cấp trên', 'Cấp', 'Giai đoạn', 'Mã giai đoạn', 'Hạn', 'Quá hạn', 'Đang chờ', 'Workflow'] as const;

/**
 * @param row a listed unit
 * @returns its cells, in the order of {@link EXPORT_HEADINGS}
 */
export function exportCells(row: UnitRow): string[] {
  return [
    row.id,
    row.parentId ?? '',
    row.level ?? '',
    STAGE_LABELS_VI[row.stage as Stage] ?? row.stage,
    row.stage,
    row.dueAt ? formatVnShortDate(row.dueAt) : '',
    row.overdue ? 'có' : 'không',
    WAITING_ON_VI[row.waitingOn ?? ''] ?? row.waitingOn ?? '',
    row.workflowId,
  ];
}

function csvCell(v: string): string {
  // A leading =, +, - or @ would be run as a formula by a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * @param rows the units
 * @returns the CSV text, with a BOM and CRLF line ends (what spreadsheet programs expect)
 */
export function toCsv(rows: readonly UnitRow[]): string {
  const lines = [EXPORT_HEADINGS.join(','), ...rows.map((r) => exportCells(r).map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Writes the XLSX workbook to a stream.
 * @param rows the units
 * @param out where to write
 * @param title sheet title, e.g. the cycle "ct21-yte-thanhhoa/2027"
 * @param onRow called with the number of rows written (progress bars)
 */
export async function writeXlsx(rows: readonly UnitRow[], out: Writable, title: string, onRow?: (n: number) => void): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  book.creator = 'directive-cascade';
  const sheet = book.addWorksheet(title.replace(/[\\/*?:[\]]/g, '-').slice(0, 31));
  sheet.columns = EXPORT_HEADINGS.map((header, i) => ({ header, width: i === 8 ? 50 : i === 3 || i === 7 ? 28 : 18 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let n = 0;
  for (const r of rows) {
    sheet.addRow(exportCells(r)).commit();
    if (++n % 500 === 0) onRow?.(n);
  }
  onRow?.(n);
  sheet.commit();
  await book.commit();
}

/**
 * @returns the XLSX workbook as bytes (the dashboard's download)
 */
export async function toXlsxBuffer(rows: readonly UnitRow[], title: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeXlsx(rows, sink, title);
  await ended;
  return Buffer.concat(chunks);
}
