/**
 * The report document as one self-contained HTML page (a preview of the .docx in
 * a browser or a mail client): same header, body and signature layout, A4-like width.
 */
import type { ReportBlock, ReportDocument } from '../../domain/report/model';
import { html, raw, type SafeHtml } from '../html';

const STYLE = `body{font-family:"Times New Roman",Times,serif;font-size:14pt;color:#000;background:#eee;margin:0}
.page{background:#fff;max-width:165mm;margin:1em auto;padding:20mm 15mm 20mm 30mm;box-shadow:0 0 4px #999}
.head{display:grid;grid-template-columns:40% 60%;text-align:center;font-size:13pt}
.head p{margin:0}.b{font-weight:bold}.i{font-style:italic}.rule{border-bottom:1px solid #000;width:40%;margin:4px auto 8px}
.title{text-align:center;margin-top:1.5em}.title p{margin:0;font-weight:bold}
.body p{text-align:justify;text-indent:10mm;margin:4px 0;line-height:1.3}.body h2,.body h3,.body h4{font-size:14pt;margin:8px 0 4px;text-indent:10mm}
.body h4{font-style:italic}table.t{border-collapse:collapse;width:100%;font-size:13pt;margin:6px 0}
table.t th,table.t td{border:1px solid #000;padding:2px 4px;vertical-align:top}table.t td.c{text-align:center}
.foot{display:grid;grid-template-columns:50% 50%;margin-top:1em}.foot .r{text-align:center}.sign{height:30mm}
.to{font-size:11pt}.to p{margin:0}.draft{text-align:center;font-weight:bold;border:1px solid #000;width:50%;margin:8px auto}`;

function block(b: ReportBlock): SafeHtml {
  switch (b.kind) {
    case 'heading':
      return b.level === 1 ? html`<h2>${b.text}</h2>` : b.level === 2 ? html`<h3>${b.text}</h3>` : html`<h4>${b.text}</h4>`;
    case 'paragraph':
      return b.italic ? html`<p class="i">${b.text}</p>` : html`<p>${b.text}</p>`;
    case 'bullets':
      return html`${b.items.map((t) => html`<p>- ${t}</p>`)}`;
    case 'table':
      return html`<table class="t"><thead><tr>${b.header.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>
${b.rows.map((r) => (r.kind === 'group' ? html`<tr><td colspan="${b.header.length}" class="b">${r.text}</td></tr>` : html`<tr>${r.cells.map((c, i) => (i === 1 ? html`<td>${c}</td>` : html`<td class="c">${c}</td>`))}</tr>`))}
</tbody></table>`;
  }
}

/**
 * @param d the report document
 * @returns a complete HTML page (Vietnamese, UTF-8)
 */
export function renderReportHtml(d: ReportDocument): string {
  const national =
    d.system === 'party'
      ? html`<p class="b" style="text-decoration:underline">${d.nationalHeading[0]}</p>`
      : html`<p class="b" style="font-size:12pt">${d.nationalHeading[0]}</p><p class="b">${d.nationalHeading[1]}</p><div class="rule" style="width:62%"></div>`;
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${d.typeName} ${d.summary}</title><style>${raw(STYLE)}</style></head>
<body><main class="page">
<div class="head"><div>${d.parentBody ? html`<p>${d.parentBody}</p>` : ''}<p class="b">${d.issuingBody}</p>${d.system === 'party' ? html`<p>*</p>` : html`<div class="rule"></div>`}<p>${d.numberLine}</p></div>
<div>${national}<p class="i">${d.placeDateLine}</p></div></div>
${d.draftMark ? html`<p class="draft">${d.draftMark}</p>` : ''}
<div class="title"><p>${d.typeName}</p><p>${d.summary}</p><div class="rule" style="width:25%"></div></div>
<div class="body">${d.body.map(block)}</div>
<div class="foot"><div class="to"><p class="b i" style="font-size:12pt">Nơi nhận:</p>${d.recipients.map((r) => html`<p>${r.text}</p>`)}</div>
<div class="r">${d.signature.lines.map((l) => html`<p class="b" style="margin:0">${l}</p>`)}<div class="sign"></div><p class="b">${d.signature.name}</p></div></div>
</main></body></html>`.toString();
}
