// The dashboard: the report view (render/reportView.ts) as one self-contained HTML page. No
// script, no external style, font or image: charts are inline SVG, the status filter is CSS
// (dashboardCss.ts). Every user text is escaped; names and titles sit in <bdi> and free text in
// dir="auto" blocks, so right-to-left text or a stray override character cannot reorder the page.
import { chartSvg } from './chartSvg';
import { DASHBOARD_CSS } from './dashboardCss';
import { escapeHtml as esc, htmlHead } from './format';
import type { BenefitView, Fact, ReportView } from './reportView';

const bdi = (s: string) => `<bdi>${esc(s)}</bdi>`;

function factCard(f: Fact): string {
  return `<div class="fact"><div class="label">${esc(f.label)}</div><div class="value">${esc(f.value)}</div>${f.detail ? `<div class="detail">${esc(f.detail)}</div>` : ''}</div>`;
}

function benefitHtml(b: BenefitView, v: ReportView): string {
  const parts: string[] = [];
  parts.push(`<article class="benefit" id="${b.anchor}" data-status="${b.status}">`);
  parts.push(
    `<header><h2><span class="num">${b.number}.</span> ${bdi(b.title)}</h2><span class="badge status-${b.status}">${esc(b.statusLabel)}</span></header>`,
  );
  parts.push(`<p class="meta" dir="auto">${esc(b.meta)}</p>`);
  if (b.message) parts.push(`<blockquote dir="auto"><span class="visually-hidden">${esc(b.message.label)}: </span>${esc(b.message.text)}</blockquote>`);
  if (b.realization) parts.push(`<p class="realization"><span class="muted">${esc(b.realization.label)}:</span> <span dir="auto">${esc(b.realization.text)}</span></p>`);
  parts.push(`<dl class="bfacts">${b.facts.map((f) => `<dt>${esc(f.label)}</dt><dd dir="auto">${esc(f.value)}</dd>`).join('')}</dl>`);
  const c = b.chart;
  parts.push(`<figure><figcaption>${esc(c.caption)}</figcaption>${chartSvg(c, `c${b.number}`)}`);
  parts.push(
    `<ul class="legend"><li><i class="l-measured"></i>${esc(c.legend.measured)}</li><li><i class="l-expected"></i>${esc(c.legend.expected)}</li><li><i class="l-target"></i>${esc(c.legend.target)}</li>${
      c.model.now !== undefined ? `<li><i class="l-today"></i>${esc(c.legend.today)}</li>` : ''
    }${
      c.model.gaps.length ? `<li><i class="l-gap"></i>${esc(c.legend.gap)}</li>` : ''
    }</ul></figure>`,
  );
  parts.push(`<h3>${esc(b.confirmations.heading)}</h3>`);
  parts.push(
    b.confirmations.rows.length === 0
      ? `<p class="muted">${esc(b.confirmations.empty)}</p>`
      : `<ul class="records">${b.confirmations.rows
          .map((r) => `<li>${bdi(r.by)}, ${esc(r.when)}: <b>${esc(r.amount)}</b>${r.comment ? `<br><span class="comment" dir="auto">${esc(v.quote(r.comment))}</span>` : ''}</li>`)
          .join('')}</ul>`,
  );
  parts.push(`<h3>${esc(b.lessons.heading)}</h3>`);
  parts.push(
    b.lessons.rows.length === 0
      ? `<p class="muted">${esc(b.lessons.empty)}</p>`
      : `<ul class="records">${b.lessons.rows
          .map((l) => `<li><span class="muted">${bdi(l.by)}, ${esc(l.when)}${l.adjustments ? ` · ${esc(l.adjustments)}` : ''}</span><br><span dir="auto">${esc(l.text)}</span></li>`)
          .join('')}</ul>`,
  );
  parts.push('</article>');
  return parts.join('\n');
}

export function dashboardHtml(v: ReportView): string {
  const counts = new Map(v.summary.statuses.map((s) => [s.status, s.count]));
  const total = v.benefits.length;
  const radios = [
    `<input class="visually-hidden" type="radio" name="status" id="f-all" checked>`,
    ...v.summary.statuses.map((s) => `<input class="visually-hidden" type="radio" name="status" id="f-${s.status}">`),
  ].join('');
  const labels = [
    `<label for="f-all">${esc(v.filter.all)} (${total})</label>`,
    ...v.summary.statuses.map((s) => `<label for="f-${s.status}">${esc(s.label)} (${counts.get(s.status) ?? 0})</label>`),
  ].join('');
  return `${htmlHead(v.lang, `${v.dashboardTitle}: ${v.planName}`, DASHBOARD_CSS)}
<body>
<main>
<header class="top">
<div class="kicker">${esc(v.kicker)} · ${esc(v.dashboardTitle)}</div>
<h1>${bdi(v.planName)}</h1>
<div class="cover">${v.cover
    .slice(1)
    .map((f) => `<span>${esc(f.label)}: <b>${bdi(f.value)}</b></span>`)
    .join('')}</div>
</header>
<section class="summary" aria-labelledby="summary-h">
<h2 id="summary-h">${esc(v.summary.heading)}</h2>
<div class="facts">${v.summary.facts.map(factCard).join('')}</div>
<h3>${esc(v.summary.byStatusHeading)}</h3>
<ul class="statuses">${v.summary.statuses.map((s) => `<li class="badge status-${s.status}">${esc(s.label)}: ${s.count}</li>`).join('')}${
    v.summary.archived ? `<li class="badge status-noData">${esc(v.summary.archived)}</li>` : ''
  }</ul>
<ul class="notes">${v.summary.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
</section>
${radios}
<nav class="filters" aria-label="${esc(v.filter.label)}"><span class="flabel">${esc(v.filter.label)}:</span>${labels}</nav>
<div class="benefits">
${v.benefits.map((b) => benefitHtml(b, v)).join('\n')}
</div>
<footer class="page">${esc(v.dashboardGenerated)}</footer>
</main>
</body>
</html>
`;
}
