// A benefit's chart (render/reportView ChartView) as inline SVG for the dashboard: no script, no
// external reference, presentation attributes only (no style attributes, which a strict
// Content-Security-Policy would refuse), scaled by its viewBox to any width.
import { CHART_COLORS, chartFrame } from './palette';
import { escapeHtml } from './format';
import type { ChartView } from './reportView';

const W = 640;
const H = 250;

const f = (n: number) => (Math.round(n * 10) / 10).toString();

export function chartSvg(view: ChartView, id: string): string {
  const m = view.model;
  const fr = chartFrame(W, H);
  const X = (fx: number) => fr.left + fx * fr.width;
  const Y = (fy: number) => fr.top + (1 - fy) * fr.height;
  const out: string[] = [];
  out.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title id="${id}-t">${escapeHtml(view.caption)}</title><desc id="${id}-d">${escapeHtml(view.description)}</desc>`,
  );
  // Grid and y labels.
  m.y.ticks.forEach((tk, i) => {
    const y = Y(tk.fy);
    out.push(`<line x1="${f(fr.left)}" y1="${f(y)}" x2="${f(fr.left + fr.width)}" y2="${f(y)}" stroke="${CHART_COLORS.grid}" stroke-width="1"/>`);
    out.push(`<text x="${f(fr.left - 6)}" y="${f(y + 4)}" text-anchor="end" fill="${CHART_COLORS.axisText}">${escapeHtml(view.yLabels[i] ?? '')}</text>`);
  });
  // x axis and month labels.
  const base = Y(0);
  out.push(`<line x1="${f(fr.left)}" y1="${f(base)}" x2="${f(fr.left + fr.width)}" y2="${f(base)}" stroke="${CHART_COLORS.axis}" stroke-width="1"/>`);
  m.x.ticks.forEach((tk, i) => {
    const x = X(tk.fx);
    const anchor = tk.fx < 0.04 ? 'start' : tk.fx > 0.96 ? 'end' : 'middle';
    out.push(`<line x1="${f(x)}" y1="${f(base)}" x2="${f(x)}" y2="${f(base + 4)}" stroke="${CHART_COLORS.axis}"/>`);
    out.push(`<text x="${f(x)}" y="${f(base + 18)}" text-anchor="${anchor}" fill="${CHART_COLORS.axisText}">${escapeHtml(view.xLabels[i] ?? '')}</text>`);
  });
  // Periods not measured: short marks under the axis.
  for (const g of m.gaps) {
    const x = X(g);
    out.push(`<line x1="${f(x)}" y1="${f(base + 22)}" x2="${f(x)}" y2="${f(base + 30)}" stroke="${CHART_COLORS.gap}" stroke-width="2"/>`);
  }
  if (m.now !== undefined) {
    const x = X(m.now);
    out.push(`<line x1="${f(x)}" y1="${f(fr.top)}" x2="${f(x)}" y2="${f(base)}" stroke="${CHART_COLORS.today}" stroke-width="1" stroke-dasharray="2 3"/>`);
  }
  // Target and trajectory.
  const ty = Y(m.target.fy);
  out.push(`<line class="target" x1="${f(fr.left)}" y1="${f(ty)}" x2="${f(fr.left + fr.width)}" y2="${f(ty)}" stroke="${CHART_COLORS.target}" stroke-width="2" stroke-dasharray="8 4"/>`);
  if (m.expected) {
    const { from, to } = m.expected;
    out.push(`<line class="expected" x1="${f(X(from.fx))}" y1="${f(Y(from.fy))}" x2="${f(X(to.fx))}" y2="${f(Y(to.fy))}" stroke="${CHART_COLORS.expected}" stroke-width="2" stroke-dasharray="3 3"/>`);
  }
  // Measured values.
  if (m.measured.length > 0) {
    const pts = m.measured.map((p) => `${f(X(p.fx))},${f(Y(p.fy))}`).join(' ');
    out.push(`<polyline class="measured" points="${pts}" fill="none" stroke="${CHART_COLORS.measured}" stroke-width="2.5" stroke-linejoin="round"/>`);
    const r = m.measured.length > 60 ? 1.8 : 3.2;
    for (const p of m.measured) out.push(`<circle cx="${f(X(p.fx))}" cy="${f(Y(p.fy))}" r="${r}" fill="${CHART_COLORS.measured}"/>`);
  }
  if (view.empty) {
    const cx = fr.left + fr.width / 2;
    const cy = fr.top + fr.height / 2;
    out.push(`<rect x="${f(cx - 200)}" y="${f(cy - 16)}" width="400" height="26" fill="#ffffff"/>`);
    out.push(`<text x="${f(fr.left + fr.width / 2)}" y="${f(fr.top + fr.height / 2)}" text-anchor="middle" fill="${CHART_COLORS.axisText}" font-size="14">${escapeHtml(view.empty)}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

