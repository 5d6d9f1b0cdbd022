/**
 * The report document as a Word file in the layout of Decree 30/2020/NĐ-CP
 * appendix I: A4, Times New Roman, margins top/bottom 20 mm, left 30 mm, right
 * 15 mm, page numbers centred at the top from page 2, the two-column header
 * (issuing body | quốc hiệu and tiêu ngữ), and the "Nơi nhận" | signature block.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlign,
  WidthType,
  type ITableCellBorders,
} from 'docx';
import type { ReportBlock, ReportDocument } from '../../domain/report/model';

/** Twentieths of a point per millimetre. */
const MM = 56.7;
/** Decree 30 appendix I margins, within its ranges (top/bottom 20–25, left 30–35, right 15–20 mm). */
export const PAGE_MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
const A4 = { width: 11906, height: 16838 };
const TEXT_WIDTH = Math.round(A4.width - (PAGE_MARGINS_MM.left + PAGE_MARGINS_MM.right) * MM);
const FONT = 'Times New Roman';
/** Half-points: body text 14 pt; header texts 13 pt; "Nơi nhận" 12/11 pt (appendix I sizes). */
const PT = (pt: number) => pt * 2;

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders: ITableCellBorders = { top: none, bottom: none, left: none, right: none };
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const thinBorders: ITableCellBorders = { top: thin, bottom: thin, left: thin, right: thin };

function run(text: string, o: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: PT(o.size ?? 14),
    ...(o.bold ? { bold: true } : {}),
    ...(o.italic ? { italics: true } : {}),
    ...(o.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
  });
}

function centred(text: string, o: Parameters<typeof run>[1] & { after?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: o.after ?? 0 }, children: [run(text, o)] });
}

/** A short horizontal rule under a centred heading (drawn as a bottom border). */
function rule(widthTwips: number, cellTwips: number): Paragraph {
  const indent = Math.max(0, Math.round((cellTwips - widthTwips) / 2));
  return new Paragraph({ indent: { left: indent, right: indent }, spacing: { after: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [] });
}

function cell(children: (Paragraph | Table)[], widthTwips: number, borders: ITableCellBorders = noBorders): TableCell {
  return new TableCell({ children, width: { size: widthTwips, type: WidthType.DXA }, borders, verticalAlign: VerticalAlign.TOP });
}

function grid(columns: number[], rows: TableCell[][], borders = noBorders): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: { top: borders.top!, bottom: borders.bottom!, left: borders.left!, right: borders.right!, insideHorizontal: borders.top!, insideVertical: borders.top! },
    rows: rows.map((cells) => new TableRow({ children: cells, cantSplit: true })),
  });
}

function headerBlock(d: ReportDocument): Table {
  const left = Math.round(TEXT_WIDTH * 0.4);
  const right = TEXT_WIDTH - left;
  const leftCell = [
    ...(d.parentBody ? [centred(d.parentBody, { size: 13 })] : []),
    centred(d.issuingBody, { size: 13, bold: true }),
    ...(d.system === 'party' ? [centred('*', { size: 13 })] : [rule(Math.round(left * 0.4), left)]),
    centred(d.numberLine, { size: 13 }),
  ];
  const rightCell = [
    ...(d.system === 'party'
      ? [centred(d.nationalHeading[0]!, { size: 15, bold: true, underline: true, after: 240 })]
      : [centred(d.nationalHeading[0]!, { size: 12, bold: true }), centred(d.nationalHeading[1]!, { size: 13, bold: true }), rule(Math.round(right * 0.62), right)]),
    centred(d.placeDateLine, { size: 14, italic: true }),
  ];
  return grid([left, right], [[cell(leftCell, left), cell(rightCell, right)]]);
}

function bodyParagraph(text: string, italic = false): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: Math.round(10 * MM) },
    spacing: { before: 60, after: 60, line: 300 },
    children: [run(text, { italic })],
  });
}

function blockToDocx(b: ReportBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: Math.round(10 * MM) }, spacing: { before: 120, after: 60 }, keepNext: true, children: [run(b.text, { bold: true, italic: b.level === 3 })] })];
    case 'paragraph':
      return [bodyParagraph(b.text, b.italic)];
    case 'bullets':
      return b.items.map((t) => bodyParagraph(`- ${t}`));
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      const cols = b.widths.map((w) => Math.floor((TEXT_WIDTH * w) / total));
      const p = (t: string, o: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
        new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, spacing: { before: 40, after: 40 }, children: [run(t, { size: 13, bold: o.bold })] });
      const header = b.header.map((h, i) => cell([p(h, { bold: true, align: AlignmentType.CENTER })], cols[i]!, thinBorders));
      const rows = b.rows.map((r) =>
        r.kind === 'group'
          ? [new TableCell({ children: [p(r.text, { bold: true })], columnSpan: cols.length, borders: thinBorders })]
          : r.cells.map((c, i) => cell([p(c, { align: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER })], cols[i]!, thinBorders)),
      );
      return [grid(cols, [header, ...rows], thinBorders), new Paragraph({ spacing: { after: 60 }, children: [] })];
    }
  }
}

function signatureBlock(d: ReportDocument): Table {
  const left = Math.round(TEXT_WIDTH * 0.5);
  const right = TEXT_WIDTH - left;
  const recipients = [
    new Paragraph({ spacing: { before: 120 }, children: [run('Nơi nhận:', { size: 12, bold: true, italic: true })] }),
    ...d.recipients.map((r) => new Paragraph({ children: [run(r.text, { size: 11 })] })),
  ];
  const sign = [
    ...d.signature.lines.map((l) => centred(l, { size: 14, bold: true })),
    new Paragraph({ spacing: { before: 1400 }, children: [] }),
    centred(d.signature.name, { size: 14, bold: true }),
  ];
  return grid([left, right], [[cell(recipients, left), cell([new Paragraph({ spacing: { before: 120 }, children: [] }), ...sign], right)]]);
}

/**
 * @param d the report document
 * @returns the document as an in-memory .docx file
 */
export async function renderReportDocx(d: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    headerBlock(d),
    ...(d.draftMark ? [centred(d.draftMark, { size: 13, bold: true, after: 0 })] : []),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: [run(d.typeName, { bold: true })] }),
    centred(d.summary, { bold: true }),
    rule(Math.round(TEXT_WIDTH * 0.25), TEXT_WIDTH),
    ...d.body.flatMap(blockToDocx),
    signatureBlock(d),
  ];
  const doc = new Document({
    creator: d.issuingBody,
    title: `${d.typeName} ${d.summary}`,
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: {
          // The first page has no number; the others carry it centred at the top.
          titlePage: true,
          page: {
            size: A4,
            margin: {
              top: Math.round(PAGE_MARGINS_MM.top * MM),
              bottom: Math.round(PAGE_MARGINS_MM.bottom * MM),
              left: Math.round(PAGE_MARGINS_MM.left * MM),
              right: Math.round(PAGE_MARGINS_MM.right * MM),
              header: Math.round(10 * MM),
              footer: Math.round(10 * MM),
            },
          },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(14) })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
