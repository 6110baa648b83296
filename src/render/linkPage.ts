// The small page a report link answers with when it opens no file: the plan was archived (the
// link is revoked), or too many reports were built just now. Self-contained like the dashboard:
// one inline stylesheet allowed by its hash, no script, nothing loaded from anywhere. Every text
// is escaped; the plan's name sits in <bdi>.
import { createHash } from 'node:crypto';
import type { Language } from '../domain/types';
import { t, type Params } from '../i18n';
import { escapeHtml as esc, htmlHead } from './format';

const CSS = `
body{margin:0;padding:0 12px;background:#f6f8fa;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:560px;margin:12vh auto 0;padding:24px 20px;background:#fff;border:1px solid #d0d7de;border-radius:8px}
.kicker{color:#57606a;font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
h1{font-size:1.4rem;line-height:1.3;margin:4px 0 12px}
p{margin:0 0 10px;overflow-wrap:anywhere}
`;

const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every such page goes out with (the server adds Content-Type and Cache-Control). */
export const LINK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export interface LinkPage {
  lang: Language;
  /** Catalogue keys of the heading and of each paragraph, with their parameters. */
  title: string;
  paragraphs: Array<{ key: string; params?: Params }>;
  /** The plan's name, where a text says {plan}. */
  plan: string;
}

// Stands for the plan's name while the text is escaped; private use, so no catalogue text has it.
const PLAN_MARK = '\uE000';

export function linkPageHtml(page: LinkPage): string {
  const text = (key: string, params: Params = {}) =>
    esc(t(page.lang, key, { ...params, plan: PLAN_MARK }))
      .split(PLAN_MARK)
      .join(`<bdi>${esc(page.plan)}</bdi>`);
  const title = t(page.lang, page.title, { plan: page.plan });
  return `${htmlHead(page.lang, title, CSS)}
<body>
<main>
<div class="kicker">Gevinstbot</div>
<h1>${text(page.title)}</h1>
${page.paragraphs.map((p) => `<p>${text(p.key, p.params)}</p>`).join('\n')}
</main>
</body>
</html>
`;
}
