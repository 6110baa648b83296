// The dashboard page and the document's words without storage: hostile text is escaped, the page
// loads nothing from anywhere, its one stylesheet matches the policy's hash, negative figures get
// the true minus sign and dates stay dates.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildReportModel } from '../../../src/domain/reportModel';
import type { Benefit, PeriodRecord, Plan } from '../../../src/domain/types';
import { DASHBOARD_CSP } from '../../../src/render/dashboardCss';
import { dashboardHtml } from '../../../src/render/dashboardHtml';
import { MINUS } from '../../../src/domain/numbers';
import { escapeHtml, money, plainText, value } from '../../../src/render/format';
import { buildReportView } from '../../../src/render/reportView';
import { reportDocument } from '../../../src/i18n/document';

const HOSTILE = `<img src=x onerror="alert(1)"> «Tittel» & 'sitat' \u202Eevil\u202C שלום ${'x'.repeat(150)}`;
const kari = { id: '29:kari', name: 'Kari <b>Nordmann</b>' };
const plan: Plan = {
  tenantId: 't',
  id: 'p',
  name: 'Plan </title><script>alert(2)</script>',
  channel: { conversationId: 'c', botId: 'b', serviceUrl: 'x' },
  digest: 'fri 14:00',
  timezone: 'Europe/Oslo',
  hourlyRate: 500,
  hoursPerFte: 1695,
  tolerance: 10,
  leader: kari,
  archived: false,
  nextBenefitNumber: 3,
  createdAt: '2026-10-01T08:00:00.000Z',
  createdBy: kari,
};
const base = { tenantId: 't', planId: 'p', directionSet: false, cadence: 'mon 09:00', owner: kari, state: 'tracking', createdAt: '2026-10-01T08:00:00.000Z' } as const;
const benefits: Benefit[] = [
  { ...base, number: 1, title: HOSTILE, type: 'cost', unit: 'kr', baseline: 1_000, target: 500, due: '2027-06-30', direction: 'down', message: '<style>body{display:none}</style>' },
  { ...base, number: 2, title: 'Uten nullpunkt', type: 'quality', unit: 'besøk', target: 22, due: '2027-06-30', direction: 'up', state: 'planned' },
];
const rows: PeriodRecord[] = [
  // A dis-benefit: 1 200 against a baseline of 1 000 when the target is down.
  { planId: 'p', benefitNumber: 1, period: '2026-W45', periodStart: '2026-11-02T07:00:00.000Z', periodEnd: '2026-11-09T07:00:00.000Z', closesAt: '2026-11-23T08:00:00.000Z', state: 'answered', baseline: false, promptedAt: '2026-11-02T08:00:00.000Z', value: 1_200, comment: '</li><a href="https://evil.example">klikk</a>', version: 1 },
];
const model = buildReportModel({
  plan,
  benefits,
  rows,
  confirmations: [],
  lessons: [{ planId: 'p', benefitNumber: 1, by: kari, at: '2026-11-20T13:00:00.000Z', lesson: '<script>alert(3)</script>' }],
  now: '2026-11-30T07:00:00.000Z',
});

describe('dashboard page (render)', () => {
  const html = dashboardHtml(buildReportView(model, 'nb'));

  it('escapes every user text: no markup from titles, names, comments or lessons reaches the page', () => {
    assert.ok(!html.includes('<img src=x'), 'title');
    assert.ok(!html.includes('<script>'), 'plan name and lesson');
    assert.ok(!html.includes('<b>Nordmann'), 'name');
    assert.ok(!html.includes('<style>body'), 'message');
    assert.ok(!html.includes('<a href'), 'comment: no link at all');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; «Tittel» &amp; &#39;sitat&#39;'));
    assert.ok(html.includes('<bdi>&lt;img'), 'titles are isolated from the text around them');
    assert.equal((html.match(/<script/gi) ?? []).length, 0);
    assert.equal((html.match(/<style/gi) ?? []).length, 1, 'one stylesheet, ours');
  });

  it('loads nothing: no external URL, one chart per benefit, and the stylesheet matches the policy hash', () => {
    // The only URL in markup is the SVG namespace (a name, never fetched); the comment's link is text.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    const attrs = tags.flatMap((tag) => [...tag.matchAll(/\s([a-z-]+)="([^"]*)"/g)]).filter(([, , v]) => /:\/\//.test(v));
    assert.deepEqual(attrs.map(([, k, v]) => `${k}=${v}`), Array((html.match(/<svg /g) ?? []).length).fill('xmlns=http://www.w3.org/2000/svg'));
    assert.deepEqual(tags.filter((tag) => /\s(src|href|srcset|action|poster|data)=/i.test(tag)), []);
    assert.doesNotMatch(html, /url\(|@import|<link|<iframe|<object|<embed/i);
    assert.doesNotMatch(html, /\sstyle=/, 'no style attributes: the policy would refuse them');
    assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 2);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    assert.ok(DASHBOARD_CSP.includes(`'sha256-${hash}'`));
    assert.match(DASHBOARD_CSP, /default-src 'none'/);
  });

  it('shows a dis-benefit with the true minus sign, and a benefit without baseline says so', () => {
    assert.ok(html.includes(`${MINUS}200\u00a0kr`), 'realised −200 kr');
    assert.ok(html.includes('Ingen graf ennå: nullpunktet er ikke målt.'));
    assert.ok(html.includes('1 av 1 perioder') === false);
  });
});

describe('document formats (render)', () => {
  it('has every text in both languages', () => {
    assert.deepEqual(Object.keys(reportDocument.nb).sort(), Object.keys(reportDocument.en).sort());
  });

  it('uses the true minus sign for numbers, never for dates', () => {
    assert.equal(money(-1234567, 'nb'), `${MINUS}1\u00a0234\u00a0567\u00a0kr`);
    assert.equal(money(-5, 'en'), `NOK\u00a0${MINUS}5`);
    assert.equal(value(-12.5, 'timer', 'nb'), `${MINUS}12,5\u00a0timer`);
    assert.equal(money(0, 'nb'), '0\u00a0kr');
  });

  it('plain text for the PDF drops bidi overrides and control characters, keeps line breaks', () => {
    assert.equal(plainText('a\u202Eb\u202Cc\u0007d\r\ne'), 'abcd\ne');
    assert.equal(escapeHtml('<a href="x">\'&'), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });
});
