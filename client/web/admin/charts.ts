/**
 * The progress chart: one stacked bar per level (and one for the whole cycle),
 * each stage a colour along the pipeline, as inline SVG (no script, no CSS
 * needed: colours are SVG attributes, which the page's CSP allows).
 */
import { html, type SafeHtml } from '../../../runtime/html';
import { STAGE_LABELS_VI, STAGES, type Stage } from '../../../domain/stages';

/** Fill colour per stage (AA contrast against white text is not needed: labels sit beside the bars). */
export const STAGE_COLOURS: Record<Stage, string> = {
  waiting: '#9ca3af',
  drafting: '#2563eb',
  'in-review': '#7c3aed',
  implementing: '#0d9488',
  reporting: '#d97706',
  consolidating: '#ea580c',
  reported: '#16a34a',
  cancelled: '#4b5563',
};

/** One bar of the chart. */
export interface ChartBar {
  label: string;
  byStage: Partial<Record<Stage, number>>;
  total: number;
}

/**
 * @param bars the bars, top to bottom
 * @returns an SVG element, scaled to the width of its container
 */
export function progressChart(bars: readonly ChartBar[]): SafeHtml {
  const rowH = 34;
  const labelW = 170;
  const barW = 420;
  const height = bars.length * rowH + 12;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 8;
    let x = labelW;
    const rects = STAGES.filter((s) => b.byStage[s]).map((s) => {
      const w = b.total ? ((b.byStage[s] ?? 0) / b.total) * barW : 0;
      const r = html`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="22" fill="${STAGE_COLOURS[s]}"><title>${b.label}: ${b.byStage[s] ?? 0} ${STAGE_LABELS_VI[s].toLowerCase()}</title></rect>`;
      x += w;
      return r;
    });
    return html`<text x="0" y="${y + 16}" font-size="13" fill="#111827">${b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}</text>${rects}<text x="${labelW + barW + 6}" y="${y + 16}" font-size="13" fill="#111827">${b.total}</text>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${labelW + barW + 40} ${height}" role="img" aria-labelledby="chart-title"><title id="chart-title">Tiến độ: số đơn vị ở từng giai đoạn, theo cấp</title>${rows}</svg>`;
}

/** @returns the legend as HTML (wraps on a phone, unlike SVG text) */
export function chartLegend(): SafeHtml {
  return html`<ul class="legend">${STAGES.map((s) => html`<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${STAGE_COLOURS[s]}"></rect></svg> ${STAGE_LABELS_VI[s]}</li>`)}</ul>`;
}
