// `report <plan>` and the signed, expiring links behind it, over HTTP as a browser follows them:
// the leader and admins get a card of links (dashboard, document, workbook, CSV), others a polite
// refusal; a valid link downloads; an expired, tampered, foreign or malformed token is a 404 that
// tells nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Plan } from '../../src/domain/types';
import { validateCard } from '../../src/cards/validate';
import { createReportToken } from '../../src/services/report/links';
import { tenantKey } from '../../src/storage/keys';
import { CHANNEL_ID, people, personalConversationId, TEAM_ID, TENANT_ID, type Person } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function seedPlan(h: Harness, id: string, name: string, language: 'nb' | 'en' = 'nb'): Promise<void> {
  const now = h.clock.now().toISOString();
  const plan: Plan = {
    tenantId: TENANT_ID,
    id,
    name,
    channel: { conversationId: CHANNEL_ID, botId: '28:gevinstbot', teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: h.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    language,
    hourlyRate: 500,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: { id: people.kari.id, name: people.kari.name },
    archived: false,
    nextBenefitNumber: 2,
    createdAt: now,
    createdBy: { id: people.ola.id, name: people.ola.name },
  };
  await h.services.storage.plans.create(plan);
  await h.services.storage.benefits.create({
    tenantId: TENANT_ID,
    planId: id,
    number: 1,
    title: `Gevinst i ${name}`,
    type: 'cost',
    unit: 'NOK',
    baseline: 1000,
    target: 500,
    due: '2027-06-30',
    direction: 'down',
    directionSet: false,
    cadence: 'mon 09:00',
    owner: { id: people.per.id, name: people.per.name },
    state: 'tracking',
    createdAt: now,
  });
}

interface ReportCard {
  body: { text: string }[];
  actions: { type: string; title: string; url: string }[];
}

/** The `report` cards a person got since the last clear. */
function reportCards(h: Harness, p: Person): ReportCard[] {
  return h.connector.cardsTo(personalConversationId(p)).filter((c) => Array.isArray(c.actions)) as unknown as ReportCard[];
}

/** The card's links as paths on this test server (PUBLIC_URL is not where it listens), by button title. */
function linkPaths(card: ReportCard): Record<string, string> {
  return Object.fromEntries(card.actions.map((a) => [a.title, new URL(a.url).pathname]));
}

const cardText = (card: ReportCard) => card.body.map((b) => b.text).join('\n');

async function get(h: Harness, path: string) {
  const res = await fetch(`${h.url}${path}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function sheetIds(body: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[1]; // after the summary: the benefit register
  const ids: string[] = [];
  for (let r = 2; r <= ws.rowCount; r++) ids.push(String(ws.getRow(r).getCell(1).value));
  return ids;
}

/** A 404 that leaks nothing: no stack trace, no file path, no echo of what was asked for. */
function assertBare404(status: number, body: Buffer, what: string): void {
  assert.equal(status, 404, what);
  const text = body.toString('utf8');
  assert.deepEqual(JSON.parse(text), { error: 'not found' }, `${what}: ${text.slice(0, 200)}`);
}

describe('report links: the report command and the download behind it', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await seedPlan(h, 'plan-a', 'Plan A');
    await seedPlan(h, 'plan-b', 'Plan B');
    await seedPlan(h, 'plan-en', 'English plan', 'en');
  });
  after(async () => h.close());

  it('answers the leader with a card of four links and when they expire, in the plan’s zone', async () => {
    h.connector.clear();
    await h.say(people.kari, 'report plan-a');
    const [card, ...more] = reportCards(h, people.kari);
    assert.equal(more.length, 0);
    const check = validateCard(card);
    assert.ok(check.ok, check.problems.join('; '));
    const text = cardText(card);
    assert.match(text, /Rapport for «Plan A»/);
    assert.match(text, /Lenkene virker til 01\.12\.2026 kl\. 08:00/);
    assert.deepEqual(
      card.actions.map((a) => [a.type, a.title]),
      [
        ['Action.OpenUrl', 'Åpne oversikten'],
        ['Action.OpenUrl', 'Bekreftelsesdokument (PDF)'],
        ['Action.OpenUrl', 'Excel-rapport (.xlsx)'],
        ['Action.OpenUrl', 'Målinger (CSV)'],
      ],
    );
    const paths = linkPaths(card);
    const xlsx = paths['Excel-rapport (.xlsx)'];
    const csv = paths['Målinger (CSV)'];
    const a = await get(h, xlsx);
    assert.equal(a.res.status, 200);
    assert.equal(a.res.headers.get('content-type'), XLSX);
    assert.equal(a.res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await sheetIds(a.body), ['plan-a/1']);
    const c = await get(h, csv);
    assert.equal(c.res.status, 200);
    assert.equal(c.res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const page = await get(h, paths['Åpne oversikten']);
    assert.equal(page.res.status, 200);
    assert.equal(page.res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.res.headers.get('content-disposition') ?? '', /^inline;/);
    assert.match(page.body.toString('utf8'), /Gevinst i Plan A/);
    const pdf = await get(h, paths['Bekreftelsesdokument (PDF)']);
    assert.equal(pdf.res.status, 200);
    assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.body.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('answers an admin too, in the admin’s own language (the files behind the links are the plan’s)', async () => {
    h.connector.clear();
    await h.say(people.ola, 'rapport plan-en');
    const [nb] = reportCards(h, people.ola);
    assert.match(cardText(nb), /Rapport for «English plan»/, 'Ola chose no language: Norwegian');
    h.connector.clear();
    await h.say(people.ola, 'language en');
    await h.say(people.ola, 'rapport plan-en');
    const [card] = reportCards(h, people.ola);
    await h.say(people.ola, 'språk nb');
    const text = cardText(card);
    assert.match(text, /Report for “English plan”/);
    assert.match(text, /The links work until 2026-12-01 08:00/);
    assert.deepEqual(Object.keys(linkPaths(card)), ['Open the dashboard', 'Confirmation document (PDF)', 'Excel report (.xlsx)', 'Measurements (CSV)']);
  });

  it('politely refuses anyone else, names who can, and gives no link', async () => {
    h.connector.clear();
    await h.say(people.per, 'report plan-a');
    await h.say(people.per, 'report finnes-ikke');
    const [refusal, unknown] = h.textsTo(people.per);
    assert.match(refusal, /Bare gevinstansvarlig for planen \(Kari Nordmann\) eller en administrator/);
    assert.equal(reportCards(h, people.per).length, 0, 'no card of links');
    assert.doesNotMatch(refusal, /reports\//);
    assert.match(unknown, /ingen plan med id «finnes-ikke»/);
  });

  it('stops working when the link has expired', async () => {
    h.connector.clear();
    await h.say(people.kari, 'report plan-a');
    const links = Object.values(linkPaths(reportCards(h, people.kari)[0]));
    assert.equal(links.length, 4);
    for (const link of links) assert.equal((await get(h, link)).res.status, 200);
    h.clock.advance(h.services.config.reportTtlHours * 3_600_000 + 1_000);
    for (const link of links) {
      const late = await get(h, link);
      assertBare404(late.res.status, late.body, `expired ${link.slice(0, 20)}`);
    }
    h.clock.advance(-(h.services.config.reportTtlHours * 3_600_000 + 1_000));
  });

  it('refuses a tampered token, in the payload or in the signature', async () => {
    const expires = new Date(h.clock.now().getTime() + 3_600_000);
    const token = createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-a', 'xlsx', expires);
    assert.equal((await get(h, `/reports/${token}`)).res.status, 200);
    const [payload, mac] = token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const bad of [`${flip(payload, 10)}.${mac}`, `${payload}.${flip(mac, 5)}`, `${payload}.${flip(mac, mac.length - 1)}`]) {
      const r = await get(h, `/reports/${bad}`);
      assertBare404(r.res.status, r.body, 'tampered');
    }
    // Plan A's signature on a payload that names plan B.
    const other = createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-b', 'xlsx', expires);
    const forged = await get(h, `/reports/${other.split('.')[0]}.${mac}`);
    assertBare404(forged.res.status, forged.body, 'forged');
    // A token signed with another secret.
    const foreign = createReportToken('y'.repeat(40), TENANT_ID, 'plan-a', 'xlsx', expires);
    const f = await get(h, `/reports/${foreign}`);
    assertBare404(f.res.status, f.body, 'other secret');
  });

  it('gives plan A’s data for plan A’s token and plan B’s for B’s, never the other', async () => {
    const expires = new Date(h.clock.now().getTime() + 3_600_000);
    const a = await get(h, `/reports/${createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-a', 'xlsx', expires)}`);
    const b = await get(h, `/reports/${createReportToken(h.services.config.reportSecret, TENANT_ID, 'plan-b', 'xlsx', expires)}`);
    assert.deepEqual(await sheetIds(a.body), ['plan-a/1']);
    assert.deepEqual(await sheetIds(b.body), ['plan-b/1']);
    assert.match(a.res.headers.get('content-disposition') ?? '', /plan-a/);
    assert.doesNotMatch(a.body.toString('latin1'), /plan-b/);
  });

  it('is a 404 for an unknown plan, a deleted plan and a plan of another tenant', async () => {
    const expires = new Date(h.clock.now().getTime() + 3_600_000);
    const secret = h.services.config.reportSecret;
    await seedPlan(h, 'plan-slettet', 'Slettet');
    const deleted = createReportToken(secret, TENANT_ID, 'plan-slettet', 'xlsx', expires);
    assert.equal((await get(h, `/reports/${deleted}`)).res.status, 200);
    await h.services.storage.store.table('plans').deleteEntity(tenantKey(TENANT_ID), 'plan-slettet');
    for (const token of [
      deleted,
      createReportToken(secret, TENANT_ID, 'finnes-ikke', 'xlsx', expires),
      createReportToken(secret, '11111111-2222-3333-4444-555555555555', 'plan-a', 'xlsx', expires),
      createReportToken(secret, TENANT_ID, '../plan-a', 'csv', expires),
    ]) {
      const r = await get(h, `/reports/${token}`);
      assertBare404(r.res.status, r.body, 'unknown plan');
    }
  });

  it('answers malformed tokens with a bare 404: empty, huge, ../, %00, random base64', async () => {
    const cases = [
      '',
      'x'.repeat(5000),
      `${'A'.repeat(700)}.${'B'.repeat(43)}`,
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '..%5C..%5Cwindows',
      '%00',
      `abc%00.${'a'.repeat(43)}`,
      `${randomBytes(48).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
      randomBytes(90).toString('base64'),
      'eyJ0IjoiIn0',
    ];
    for (const c of cases) {
      const r = await get(h, `/reports/${c}`);
      assertBare404(r.res.status, r.body, `token ${c.slice(0, 30)}`);
      assert.doesNotMatch(r.body.toString('utf8'), /\bat .+:\d+|node_modules|\/work\/|\.ts\b/);
    }
  });
});
