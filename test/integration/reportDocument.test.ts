// The confirmation document (PDF) and the dashboard (HTML) as a leader gets them: `report <plan>`,
// the card's links followed over HTTP, the PDF opened with poppler (pdftotext, pdfinfo) and the
// page read as text. In Norwegian and English; a hostile title (markup, 150 characters without a
// space, right-to-left text and an override character) is escaped in the page and wrapped in both.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benefit, PeriodRecord, Plan } from '../../src/domain/types';
import { CHANNEL_ID, people, personalConversationId, TEAM_ID, TENANT_ID, type Person } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';

const NB = 'digitalt-tilsyn';
const EN = 'digital-inspection';
const NBSP = '\u00a0';
const MINUS = '\u2212';
const LONG_WORD = 'Tidsbesparelseiåpentomsorgstilbud'.repeat(5).slice(0, 150);
const HOSTILE = `<script>alert("x")</script> ${LONG_WORD} שלום \u202Eevil\u202C`;
const kari = { id: people.kari.id, name: people.kari.name };
const per = { id: people.per.id, name: people.per.name };

function poppler(tool: 'pdftotext' | 'pdfinfo', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} is missing: apt-get install -y poppler-utils (.ci/run installs it)`);
    throw e;
  }
}

/** A plan with a cost, a time, a quality and a hostile benefit, measurements with gaps, a confirmation and a lesson. */
async function seed(h: Harness, planId: string, language: 'nb' | 'en'): Promise<void> {
  const st = h.services.storage;
  const now = h.clock.now().toISOString();
  const plan: Plan = {
    tenantId: TENANT_ID,
    id: planId,
    name: language === 'nb' ? 'Digitalt tilsyn i hjemmetjenesten' : 'Digital inspection in home care',
    channel: { conversationId: CHANNEL_ID, botId: '28:gevinstbot', teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: h.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    language,
    hourlyRate: 500,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: kari,
    archived: false,
    nextBenefitNumber: 5,
    createdAt: now,
    createdBy: { id: people.ola.id, name: people.ola.name },
  };
  await st.plans.create(plan);
  const base = { tenantId: TENANT_ID, planId, directionSet: false, cadence: 'mon 09:00', owner: per, state: 'tracking', createdAt: '2026-10-01T08:00:00.000Z' } as const;
  const benefits: Benefit[] = [
    {
      ...base,
      number: 1,
      title: 'Færre papirbrev',
      type: 'cost',
      unit: 'NOK',
      baseline: 10000,
      baselineDate: '2026-10-01',
      target: 4000,
      due: '2027-06-30',
      direction: 'down',
      message: 'Når vi sender SMS i stedet for brev, så sparer vi porto hver uke.',
      realization: 'Portobudsjettet reduseres',
    },
    { ...base, number: 2, title: 'Spart tid på tilsyn', type: 'time', unit: 'timer', baseline: 20, target: 10, due: '2027-06-30', direction: 'down' },
    { ...base, number: 3, title: 'Oppmøte', type: 'quality', unit: '%', baseline: 80, target: 95, due: '2027-06-30', direction: 'up' },
    { ...base, number: 4, title: HOSTILE, type: 'time', unit: 'timer', baseline: 10, target: 5, due: '2027-06-30', direction: 'down' },
  ];
  for (const b of benefits) await st.benefits.create(b);
  const rows: PeriodRecord[] = [];
  const add = (n: number, period: string, start: string, o: Partial<PeriodRecord>) =>
    rows.push({ planId, benefitNumber: n, period, periodStart: start, periodEnd: start, closesAt: '2026-11-30T06:00:00.000Z', state: 'answered', baseline: false, promptedAt: start, by: per, at: start, version: 1, ...o });
  // Benefit 1: 9 000 and 7 500 (gains 1 000 + 2 500), week 47 skipped: 1 of 3 periods not measured.
  add(1, '2026-W45', '2026-11-02T07:00:00.000Z', { value: 9000, comment: 'Første uke med SMS' });
  add(1, '2026-W46', '2026-11-09T07:00:00.000Z', { value: 7500 });
  add(1, '2026-W47', '2026-11-16T07:00:00.000Z', { state: 'skipped', reason: 'Systemet var nede', value: undefined });
  // Benefit 2: 15 h (gain 5 h = 2 500 kr).
  add(2, '2026-W45', '2026-11-02T07:00:00.000Z', { value: 15 });
  // Benefit 3: 85 %.
  add(3, '2026-W45', '2026-11-02T07:00:00.000Z', { value: 85 });
  // Benefit 4: 12 h against a baseline of 10 h where fewer is better: a dis-benefit of −2 h (−1 000 kr).
  add(4, '2026-W45', '2026-11-02T07:00:00.000Z', { value: 12 });
  await st.measurements.createMany(TENANT_ID, rows);
  await st.records.addLesson(TENANT_ID, { planId, benefitNumber: 2, by: kari, at: '2026-11-20T13:00:00.000Z', lesson: 'Vi må sette av tid til målingen i kalenderen.', newDue: '2027-09-30' });
}

interface Links {
  dashboard: string;
  pdf: string;
}

async function reportLinks(h: Harness, who: Person, planId: string): Promise<Links> {
  h.connector.clear();
  await h.say(who, `report ${planId}`);
  const card = h.connector.cardsTo(personalConversationId(who)).find((c) => Array.isArray(c.actions)) as { actions: { url: string }[] } | undefined;
  assert.ok(card, 'a card of links');
  const [dashboard, pdf] = card.actions.map((a) => new URL(a.url).pathname);
  return { dashboard, pdf };
}

async function get(h: Harness, p: string) {
  const res = await fetch(`${h.url}${p}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('report: the confirmation document (PDF) and the dashboard (HTML)', () => {
  let h: Harness;
  let dir: string;
  const docs: Record<'nb' | 'en', { text: string; layout: string; pages: number; html: string; headers: Headers; pdfHeaders: Headers }> = {} as never;

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-doc-'));
    h = await startHarness();
    await seed(h, NB, 'nb');
    await seed(h, EN, 'en');
    // The leader confirms benefit 1 through its card, as in Teams (3 500 kr realised at that time).
    for (const planId of [NB, EN]) {
      const r = await h.act(people.kari, 'benefit.confirm', { planId, benefit: '1', comment: 'Godkjent i ledermøtet «uke 48»' });
      assert.equal(r.status, 200);
    }
    h.clock.advance(60_000);
    for (const [lang, planId] of [['nb', NB], ['en', EN]] as const) {
      const links = await reportLinks(h, people.kari, planId);
      const pdf = await get(h, links.pdf);
      assert.equal(pdf.res.status, 200);
      const file = path.join(dir, `${lang}.pdf`);
      writeFileSync(file, pdf.body);
      const page = await get(h, links.dashboard);
      assert.equal(page.res.status, 200);
      const info = poppler('pdfinfo', [file]);
      docs[lang] = {
        // The PDF keeps no-break spaces from wrapping, and gives them back as plain spaces.
        text: poppler('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\u00a0/g, ' '),
        layout: poppler('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']),
        pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
        html: page.body.toString('utf8'),
        headers: page.res.headers,
        pdfHeaders: pdf.res.headers,
      };
    }
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the confirmation document', () => {
    it('is a PDF shown in the browser, named after the plan and the day', () => {
      const hd = docs.nb.pdfHeaders;
      assert.equal(hd.get('content-type'), 'application/pdf');
      assert.equal(hd.get('content-disposition'), 'inline; filename="gevinstbekreftelse-digitalt-tilsyn-2026-11-30.pdf"');
      assert.equal(hd.get('cache-control'), 'no-store');
    });

    it('has a cover: the plan, the period covered, the leader and the date generated', () => {
      const { text } = docs.nb;
      assert.ok(text.includes('Bekreftelse av realiserte gevinster'));
      assert.ok(text.includes('Digitalt tilsyn i hjemmetjenesten'));
      assert.match(text, /Periode\s+01\.10\.2026–30\.11\.2026/);
      assert.match(text, /Gevinstansvarlig\s+Kari Nordmann/);
      assert.match(text, /Laget\s+30\.11\.2026 kl\. 08:01/);
    });

    it('sums up realised to date in NOK, hours and FTE, what is confirmed, the response rate and the statuses', () => {
      const { text } = docs.nb;
      // cost 3 500 + time (5 − 2 h) × 500 = 1 500 → 5 000 kr.
      assert.ok(text.includes(`5 000 kr`), 'realised to date');
      assert.ok(text.includes(`unngåtte kostnader 3 500 kr + spart tid 1 500 kr`));
      assert.ok(text.includes(`3,0 t`), 'hours');
      assert.match(text, /årsverk/);
      assert.ok(text.includes(`3 500 kr av 5 000 kr`), 'confirmed of realised');
      assert.ok(text.includes('1 av 4 gevinster bekreftet'));
      assert.match(text, /Svarprosent\s+100\s%/);
      assert.match(text, /Gevinster etter status/);
      assert.match(text, /Det som ikke er målt, er ikke tatt med/);
    });

    it('has a section per benefit: message, baseline → target, status, realised, confirmation, lesson, periods not measured', () => {
      const { text } = docs.nb;
      for (const title of ['1. Færre papirbrev', '2. Spart tid på tilsyn', '3. Oppmøte']) assert.ok(text.includes(title), title);
      assert.ok(text.includes('«Når vi sender SMS i stedet for brev, så sparer vi porto hver uke.»'));
      assert.ok(text.includes(`10 000 kr (01.10.2026) → 4 000 kr innen 30.06.2027`));
      assert.ok(text.includes(`7 500 kr (uke 46 2026)`));
      assert.ok(text.includes('1 av 3 perioder ikke målt: uke 47 2026'));
      assert.doesNotMatch(text, /2026-W\d\d/, 'periods as people say them');
      assert.match(text, /Kari Nordmann, 30\.11\.2026 kl\. 08:00: 3\s500\skr/, 'the confirmation: who, when, how much');
      assert.ok(text.includes('«Godkjent i ledermøtet «uke 48»»'));
      assert.ok(text.includes('Vi må sette av tid til målingen i kalenderen.'));
      assert.ok(text.includes('ny måldato 30.09.2027'));
      assert.ok(text.includes(`${MINUS}2,0 t = ${MINUS}1 000 kr`), 'a dis-benefit with the true minus sign');
      assert.match(text, /Målte verdier mot forventet utvikling/);
    });

    it('ends with the signature block for the leader', () => {
      const { text } = docs.nb;
      const at = text.lastIndexOf('Bekreftelse\n');
      assert.ok(at > 0);
      const block = text.slice(at);
      assert.match(block, /Kari Nordmann, gevinstansvarlig/);
      assert.match(block, /Bekreftet av/);
      assert.match(block, /Dato/);
      assert.match(block, /Underskrift/);
    });

    it('numbers its pages, and the page count is what the document says', () => {
      const { text, pages } = docs.nb;
      assert.ok(pages >= 3 && pages <= 8, `pages: ${pages}`);
      assert.ok(text.includes(`Side ${pages} av ${pages}`));
      assert.ok(text.includes(`Side 1 av ${pages}`));
    });

    it('prints a hostile title as text, wrapped within the page', () => {
      const { text, layout } = docs.nb;
      assert.ok(text.includes('4. <script>alert("x")</script>'), 'markup is plain text in a PDF');
      const flat = text.replace(/\s+/g, '');
      assert.ok(flat.includes(LONG_WORD), 'every character of the long title is there');
      assert.ok(!text.split('\n').some((l) => l.includes(LONG_WORD)), 'and it is broken over lines');
      const widest = Math.max(...layout.split('\n').map((l) => l.length));
      assert.ok(widest < 130, `a line of ${widest} characters runs off the page`);
      assert.ok(!text.includes('\u202E'), 'no override character');
      assert.ok(text.includes('evil'));
    });

    it('is in English for an English plan', () => {
      const { text, pdfHeaders } = docs.en;
      assert.match(pdfHeaders.get('content-disposition') ?? '', /benefit-confirmation-digital-inspection-2026-11-30\.pdf/);
      assert.ok(text.includes('Confirmation of realised benefits'));
      assert.ok(text.includes('Digital inspection in home care'));
      assert.match(text, /Plan leader\s+Kari Nordmann/);
      assert.ok(text.includes(`NOK 5,000`), 'realised to date');
      assert.ok(text.includes('1 of 3 periods not measured: week 47 2026'));
      assert.ok(text.includes('“Godkjent i ledermøtet «uke 48»”'), 'English quotes around the comment');
      assert.ok(text.includes('Measured values against the expected trajectory'));
      assert.match(text, /Confirmed by/);
      assert.match(text, /Date/);
      assert.match(text, /Signature/);
      assert.match(text, /Page 1 of \d/);
      assert.doesNotMatch(text, /Bekreftet av|Gevinstansvarlig/);
    });
  });

  describe('the dashboard', () => {
    it('is an HTML page shown inline, with a policy that forbids every external load', () => {
      const hd = docs.nb.headers;
      assert.equal(hd.get('content-type'), 'text/html; charset=utf-8');
      assert.match(hd.get('content-disposition') ?? '', /^inline; filename="gevinstoversikt-digitalt-tilsyn-2026-11-30\.html"/);
      const csp = hd.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
      assert.doesNotMatch(csp, /unsafe|https?:|\*/);
      assert.equal(hd.get('x-content-type-options'), 'nosniff');
      assert.equal(hd.get('referrer-policy'), 'no-referrer');
    });

    it('shows the plan, the summary, every title and one chart per benefit, and names no external URL', () => {
      const { html } = docs.nb;
      assert.match(html, /<html lang="nb">/);
      assert.ok(html.includes('Digitalt tilsyn i hjemmetjenesten'));
      for (const title of ['Færre papirbrev', 'Spart tid på tilsyn', 'Oppmøte']) assert.ok(html.includes(`<bdi>${title}</bdi>`), title);
      assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 4);
      assert.equal((html.match(/<article class="benefit"/g) ?? []).length, 4);
      assert.ok(html.includes(`5${NBSP}000${NBSP}kr`));
      assert.ok(html.includes('1 av 3 perioder ikke målt: uke 47 2026'));
      const urls = (html.match(/https?:\/\/[^\s"'<>]+/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');
      assert.deepEqual(urls, []);
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|@import/i);
    });

    it('escapes a hostile title and keeps it from reordering the page', () => {
      const { html } = docs.nb;
      assert.ok(html.includes('<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '), 'escaped, isolated');
      assert.ok(html.includes(LONG_WORD), 'whole (the page wraps it: overflow-wrap anywhere)');
      assert.match(html, /overflow-wrap:anywhere/);
    });

    it('filters by status without script, and prints everything', () => {
      const { html } = docs.nb;
      for (const s of ['all', 'achieved', 'onTrack', 'atRisk', 'offTrack', 'noData']) assert.ok(html.includes(`id="f-${s}"`), s);
      assert.match(html, /#f-onTrack:checked~\.benefits \.benefit:not\(\[data-status="onTrack"\]\)\{display:none\}/);
      assert.match(html, /@media print\{[\s\S]*\.benefit\{display:block!important/);
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    });

    it('is in English for an English plan', () => {
      const { html } = docs.en;
      assert.match(html, /<html lang="en">/);
      assert.ok(html.includes('Benefits dashboard'));
      assert.ok(html.includes('Realised to date'));
      assert.ok(html.includes('1 of 3 periods not measured: week 47 2026'));
      assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 4);
    });
  });
});
