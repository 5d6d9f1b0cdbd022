/**
 * The dashboard's charts, drawn on the server as SVG (no script, no CSS needed:
 * colours are SVG attributes, which the page's CSP allows): where the units
 * stand now, one stacked bar per level; and progress over the cycle, one step
 * line per milestone over time.
 */
import { html, type SafeHtml } from '../../../runtime/html';
import { STAGE_LABELS_VI, STAGES, type Stage } from '../../../domain/stages';
import { formatVnShortDate, formatVnShortDateTime } from '../../../runtime/vn-format';
import { MILESTONE_LABELS_VI, type Milestone, type ProgressSeries } from './progress';

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

/** Line colours of the milestones, with a dash pattern each so they differ without colour too. */
const MILESTONE_STYLE: Record<Milestone, { colour: string; dash: string }> = {
  'plan-submitted': { colour: '#2563eb', dash: '' },
  'plan-approved': { colour: '#7c3aed', dash: '8 4' },
  'report-sent': { colour: '#15803d', dash: '3 3' },
};

/**
 * @param series the cumulative lines (./progress.ts)
 * @returns a standalone SVG document: one step line per milestone over time,
 *   the scale up to the number of units, dates in Vietnam time, a legend with
 *   the figures at the right edge (also in its <desc>, for screen readers)
 */
export function progressOverTimeChart(series: ProgressSeries): string {
  const W = 720;
  const [x0, x1, y0, y1] = [48, W - 16, 44, 244];
  const span = series.to - series.from;
  const x = (t: number) => (x0 + ((t - series.from) / span) * (x1 - x0)).toFixed(1);
  const top = Math.max(series.total, 1);
  const y = (n: number) => (y1 - (n / top) * (y1 - y0)).toFixed(1);
  // Within two days the day alone says nothing: show the time of day as well (and the seconds within an hour;
  // Vietnam's offset is whole hours, so UTC seconds are Vietnam's).
  const seconds = (t: number) => `:${String(new Date(t).getUTCSeconds()).padStart(2, '0')}`;
  const when = (t: number) => (span < 3_600_000 ? formatVnShortDateTime(t) + seconds(t) : span < 2 * 86_400_000 ? formatVnShortDateTime(t) : formatVnShortDate(t));
  const yTicks = [...new Set([0, Math.round(top / 2), top])];
  const xTicks = [series.from, series.from + span / 2, series.to];
  const paths = series.lines.map((l) => {
    const d = l.points.map(([t, n], i) => (i === 0 ? `M${x(t)} ${y(n)}` : `H${x(t)} V${y(n)}`)).join(' ') + ` H${x(series.to)}`;
    const s = MILESTONE_STYLE[l.milestone];
    return html`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2.5"${s.dash ? html` stroke-dasharray="${s.dash}"` : ''} data-milestone="${l.milestone}" data-final="${l.final}"/>`;
  });
  const legend = series.lines.map((l, i) => {
    const s = MILESTONE_STYLE[l.milestone];
    const ly = 290 + i * 22;
    return html`<line x1="${x0}" y1="${ly - 5}" x2="${x0 + 28}" y2="${ly - 5}" stroke="${s.colour}" stroke-width="3"${s.dash ? html` stroke-dasharray="${s.dash}"` : ''}/><text x="${x0 + 36}" y="${ly}" class="legend" data-milestone="${l.milestone}">${MILESTONE_LABELS_VI[l.milestone]}: ${l.final}/${series.total} đơn vị</text>`;
  });
  const summary = `Đến ${formatVnShortDateTime(series.to)} (giờ Việt Nam), trong ${series.total} đơn vị: ${series.lines.map((l) => `${MILESTONE_LABELS_VI[l.milestone].toLowerCase()} ${l.final}`).join('; ')}.`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${290 + series.lines.length * 22}" width="${W}" height="${290 + series.lines.length * 22}" role="img" aria-labelledby="t d" font-family="system-ui, Arial, sans-serif" font-size="13" fill="#111827">
<title id="t">Tiến độ của chu kỳ theo thời gian</title>
<desc id="d">${summary}</desc>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${x0}" y="22" font-size="15" font-weight="600">Tiến độ theo thời gian (số đơn vị)</text>
${yTicks.map((n) => html`<line x1="${x0}" y1="${y(n)}" x2="${x1}" y2="${y(n)}" stroke="#e5e7eb"/><text x="${x0 - 6}" y="${Number(y(n)) + 4}" text-anchor="end">${n}</text>`)}
${xTicks.map((t, i) => html`<text x="${x(t)}" y="${y1 + 20}" text-anchor="${i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}" class="x-tick">${when(t)}</text>`)}
<line x1="${x0}" y1="${y1}" x2="${x1}" y2="${y1}" stroke="#6b7280"/>
${paths}
${legend}
</svg>`.value;
}
