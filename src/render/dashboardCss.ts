// The dashboard's one stylesheet, inlined in the page, and its SHA-256 for the page's
// Content-Security-Policy (`style-src 'sha256-…'`): the page runs no script and loads nothing,
// and a style attribute or <style> that a hostile text might smuggle in would not apply.
// The status filter is CSS only: radio buttons before the list, `:checked ~` selectors hide the
// benefits of other statuses. Printing shows everything and drops the filter.
import { createHash } from 'node:crypto';
import { STATUSES } from '../domain/reportModel';
import { STATUS_COLORS as STATUS_STYLE } from './palette';


const filterRules = STATUSES.map(
  (s) =>
    `#f-${s}:checked~.benefits .benefit:not([data-status="${s}"]){display:none}` +
    `#f-${s}:checked~.filters label[for="f-${s}"]{background:#0b5cad;color:#fff;border-color:#0b5cad}`,
).join('\n');

const statusRules = STATUSES.map((s) => `.status-${s}{color:${STATUS_STYLE[s].fg};background:${STATUS_STYLE[s].bg}}`).join('\n');

export const DASHBOARD_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f6f8fa;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:20px 16px 48px}
h1,h2,h3,p,dl,dd,figure,ul{margin:0}
h1,h2,h3,p,dd,li,td,figcaption,.meta,.value,.detail{overflow-wrap:anywhere;word-break:break-word}
header.top{padding:8px 0 16px}
.kicker{color:#57606a;font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
h1{font-size:1.75rem;line-height:1.25;margin-top:4px}
.sub{color:#57606a;margin-top:6px}
.cover{display:flex;flex-wrap:wrap;gap:4px 20px;margin-top:8px;color:#57606a;font-size:.95rem}
.cover b{color:#1f2328;font-weight:600}
section.summary{margin-top:8px}
h2{font-size:1.25rem;line-height:1.3}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px;margin-top:10px}
.fact{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 14px}
.fact .label{color:#57606a;font-size:.85rem}
.fact .value{font-size:1.35rem;font-weight:650;line-height:1.3;margin-top:2px}
.fact .detail{color:#57606a;font-size:.85rem;margin-top:4px}
.statuses{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px;padding:0;list-style:none}
.badge{display:inline-block;border-radius:999px;padding:2px 10px;font-size:.85rem;font-weight:600;white-space:nowrap}
.notes{margin-top:12px;color:#57606a;font-size:.85rem;padding-left:18px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:24px 0 12px}
.filters .flabel{color:#57606a;font-size:.9rem;margin-right:4px}
.filters label{cursor:pointer;border:1px solid #d0d7de;background:#fff;border-radius:999px;padding:4px 12px;font-size:.9rem}
#f-all:checked~.filters label[for="f-all"]{background:#0b5cad;color:#fff;border-color:#0b5cad}
input[name="status"]:focus-visible~.filters{outline:2px solid #0b5cad;outline-offset:4px;border-radius:8px}
.benefits{display:grid;gap:16px}
.benefit{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:16px}
.benefit header{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:baseline;justify-content:space-between}
.benefit h2 .num{color:#57606a}
.meta{color:#57606a;font-size:.9rem;margin-top:4px}
blockquote{margin:12px 0 0;padding:8px 12px;border-left:4px solid #0b5cad;background:#f0f6fc;font-style:italic}
.realization{margin-top:8px;font-size:.95rem}
dl.bfacts{display:grid;grid-template-columns:minmax(140px,max-content) 1fr;gap:4px 16px;margin-top:12px}
dl.bfacts dt{color:#57606a}
figure{margin-top:14px}
svg.chart{display:block;width:100%;height:auto;max-height:320px}
figcaption{color:#57606a;font-size:.85rem;margin-bottom:4px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;color:#57606a;font-size:.8rem;margin-top:4px;padding:0;list-style:none}
.legend i{display:inline-block;width:18px;height:0;border-top:3px solid;vertical-align:middle;margin-right:6px}
.legend .l-measured{border-color:#0b5cad}
.legend .l-expected{border-color:#6e7781;border-top-style:dotted}
.legend .l-target{border-color:#1a7f37;border-top-style:dashed}
.legend .l-today{width:0;height:12px;border-top:0;border-left:1px dashed #8c959f}
.legend .l-gap{width:3px;height:10px;border-top:0;background:#c4432b}
h3{font-size:1rem;margin-top:16px}
ul.records{margin-top:6px;padding-left:18px}
ul.records li{margin-top:4px}
.comment{color:#1f2328}
.muted{color:#57606a}
footer.page{margin-top:28px;color:#57606a;font-size:.85rem}
${statusRules}
${filterRules}
@media (max-width:560px){
main{padding:12px 10px 32px}
h1{font-size:1.4rem}
dl.bfacts{grid-template-columns:1fr}
dl.bfacts dd{margin-bottom:6px}
.fact .value{font-size:1.2rem}
svg.chart text{font-size:17px}
}
@media print{
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.filters{display:none}
.benefit{display:block!important;break-inside:avoid;page-break-inside:avoid;border-color:#999}
.fact{break-inside:avoid;border-color:#999}
a{color:inherit;text-decoration:none}
}
`;

export const DASHBOARD_CSS_HASH = createHash('sha256').update(DASHBOARD_CSS, 'utf8').digest('base64');

/** The page's policy: nothing but its own inline stylesheet; no script, no request anywhere. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${DASHBOARD_CSS_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
