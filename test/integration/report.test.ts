// The Excel report and the measurements CSV as a reader gets them: downloaded over HTTP from a
// signed link, opened with exceljs / parsed back, and checked cell by cell for values and types
// (numbers are numbers, dates are dates), sheet names and headers in Norwegian and English.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Benefit, PeriodRecord, Plan } from '../../src/domain/types';
import { tenantPortfolio } from '../../src/services/portfolio';
import { reportUrl } from '../../src/services/report/links';
import { CHANNEL_ID, people, TEAM_ID, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';

const NB = 'digitalt-tilsyn';
const EN = 'digital-inspection';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kari = { id: people.kari.id, name: people.kari.name };
const per = { id: people.per.id, name: people.per.name };
const TRICKY = 'Mange; «sitat» "ja"\nny linje';

/** A plan with a cost, a time and a quality benefit: answers, a correction, a skip, an open period, a baseline answer. */
async function seed(h: Harness, planId: string, language: 'nb' | 'en'): Promise<void> {
  const st = h.services.storage;
  const now = h.clock.now().toISOString();
  const plan: Plan = {
    tenantId: TENANT_ID,
    id: planId,
    name: language === 'nb' ? 'Digitalt tilsyn' : 'Digital inspection',
    channel: { conversationId: CHANNEL_ID, botId: '28:gevinstbot', teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: h.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    language,
    hourlyRate: 500,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: kari,
    archived: false,
    nextBenefitNumber: 4,
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
      message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
      realization: 'Portobudsjettet reduseres',
      deputy: { id: people.lars.id, name: people.lars.name },
    },
    { ...base, number: 2, title: 'Spart tid på tilsyn', type: 'time', unit: 'timer', baseline: 20, target: 10, due: '2027-06-30', direction: 'down' },
    { ...base, number: 3, title: 'Oppmøte', type: 'quality', unit: '%', baseline: 80, target: 95, due: '2027-06-30', direction: 'up' },
  ];
  for (const b of benefits) await st.benefits.create(b);
  const open = async (n: number, period: string, start: string, baseline = false) => {
    const row: PeriodRecord = { planId, benefitNumber: n, period, periodStart: start, periodEnd: start, closesAt: '2027-01-01T00:00:00.000Z', state: 'open', baseline, version: 0, promptedAt: start };
    return { ...row, etag: await st.measurements.create(TENANT_ID, row) };
  };
  const answer = async (row: PeriodRecord & { etag: string }, next: Partial<PeriodRecord>, at: string) => {
    const full: PeriodRecord = { ...row, state: 'answered', by: per, at, version: row.version + 1, ...next };
    const { etag: _e, ...prev } = row;
    void prev;
    await st.measurements.answer(TENANT_ID, row, full, at);
    return { ...full, etag: (await st.measurements.get(TENANT_ID, planId, row.benefitNumber, row.period))!.etag };
  };
  // Benefit 1: W45 9 000 (gain 1 000), W46 8 000 corrected to 7 500 (gain 2 500), W47 skipped.
  await answer(await open(1, '2026-W45', '2026-11-02T07:00:00.000Z'), { value: 9000, comment: '=SUM(A1:A9)' }, '2026-11-02T09:15:00.000Z');
  const w46 = await answer(await open(1, '2026-W46', '2026-11-09T07:00:00.000Z'), { value: 8000, comment: TRICKY }, '2026-11-09T10:00:00.000Z');
  await answer(w46, { value: 7500, comment: 'Rettet etter telling' }, '2026-11-10T12:30:00.000Z');
  await answer(await open(1, '2026-W47', '2026-11-16T07:00:00.000Z'), { state: 'skipped', reason: 'Systemet var nede' }, '2026-11-16T08:00:00.000Z');
  // Benefit 2: baseline answer (not a gain), then 15 h (gain 5 h = 2 500 kr), then an open period.
  await answer(await open(2, '2026-W44', '2026-10-26T07:00:00.000Z', true), { value: 20 }, '2026-10-26T08:00:00.000Z');
  await answer(await open(2, '2026-W45', '2026-11-02T07:00:00.000Z'), { value: 15 }, '2026-11-02T08:00:00.000Z');
  await open(2, '2026-W46', '2026-11-09T07:00:00.000Z');
  // Benefit 3: 85 %.
  await answer(await open(3, '2026-W45', '2026-11-02T07:00:00.000Z'), { value: 85 }, '2026-11-02T08:00:00.000Z');

  await st.records.addLesson(TENANT_ID, { planId, benefitNumber: 2, by: kari, at: '2026-11-20T13:00:00.000Z', lesson: '=Vi må måle oftere', newDue: '2027-09-30', newTarget: 12 });
  await st.audit.add(TENANT_ID, {
    planId,
    at: '2026-11-05T12:00:00.000Z',
    by: { id: people.ola.id, name: people.ola.name },
    action: 'benefit.set',
    subject: `${planId}/1`,
    before: { target: 5000, owner: kari },
    after: { target: 4000, owner: per },
  });
}

async function download(h: Harness, planId: string, format: 'xlsx' | 'csv') {
  // The link's origin is PUBLIC_URL; the harness listens on a free port, so keep only the path.
  const { pathname } = new URL(reportUrl(h.services, { tenantId: TENANT_ID, id: planId }, format).url);
  const res = await fetch(`${h.url}${pathname}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** The summary sheet as label → value, number format and explanation. */
function keyValues(ws: ExcelJS.Worksheet): Map<string, { value: unknown; numFmt: string; note: unknown }> {
  const out = new Map<string, { value: unknown; numFmt: string; note: unknown }>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const label = row.getCell(1).value;
    if (typeof label === 'string' && label !== '') out.set(label, { value: row.getCell(2).value, numFmt: row.getCell(2).numFmt, note: row.getCell(3).value });
  });
  return out;
}

async function openWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** Row `r` of a sheet as { header: cell }. */
function rowByHeader(ws: ExcelJS.Worksheet, r: number): Record<string, ExcelJS.Cell> {
  const out: Record<string, ExcelJS.Cell> = {};
  ws.getRow(1).eachCell((cell, c) => (out[String(cell.value)] = ws.getRow(r).getCell(c)));
  return out;
}

function headers(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}

function findRow(ws: ExcelJS.Worksheet, pred: (row: Record<string, ExcelJS.Cell>) => boolean): Record<string, ExcelJS.Cell> {
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = rowByHeader(ws, r);
    if (pred(row)) return row;
  }
  throw new Error(`no matching row in ${ws.name}`);
}

/** RFC 4180 with ';' (the test's own parser, to prove the file parses back). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  assert.equal(field, '', 'file ends with CRLF');
  return rows;
}

describe('report: the Excel workbook and the measurements CSV', () => {
  let h: Harness;
  let nb: ExcelJS.Workbook;
  before(async () => {
    h = await startHarness();
    await seed(h, NB, 'nb');
    await seed(h, EN, 'en');
    // One confirmation by the leader through the card, as in Teams.
    const r = await h.act(people.kari, 'benefit.confirm', { planId: NB, benefit: '1', comment: 'OK fra ledergruppen' });
    assert.match(JSON.stringify(r.card), /Gevinst bekreftet/);
    h.clock.advance(60_000);
  });
  after(async () => h.close());

  it('downloads as an .xlsx named after the plan and the day', async () => {
    const { res, body } = await download(h, NB, 'xlsx');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), XLSX);
    assert.match(res.headers.get('content-disposition') ?? '', /filename="gevinster-digitalt-tilsyn-2026-11-30\.xlsx"/);
    nb = await openWorkbook(body);
    assert.deepEqual(
      nb.worksheets.map((w) => w.name),
      ['Sammendrag', 'Gevinster', 'Målinger', 'Læring', 'Endringslogg'],
    );
  });

  it('opens on a summary: plan, leader, period, realised and confirmed totals, response rate, benefits by status', () => {
    const ws = nb.getWorksheet('Sammendrag')!;
    assert.deepEqual(headers(ws), ['Nøkkeltall', 'Verdi', 'Forklaring']);
    assert.ok(!ws.autoFilter, 'a page to read, not a table to filter');
    const kv = keyValues(ws);
    assert.equal(kv.get('Plan')?.value, 'Digitalt tilsyn');
    assert.equal(kv.get('Gevinstansvarlig')?.value, 'Kari Nordmann');
    assert.equal(kv.get('Periode')?.value, '01.10.2026–30.11.2026', 'from the first benefit’s start to the day of the report, as the document says');
    assert.equal((kv.get('Laget')?.value as Date).toISOString(), '2026-11-30T08:01:00.000Z', 'Oslo wall-clock time');
    assert.equal(kv.get('Gevinster')?.value, 3);
    // 3 500 kr avoided cost + 5 h × 500 kr: the same figure as the portfolio and the document.
    assert.equal(kv.get('Realisert hittil')?.value, 6000);
    assert.match(kv.get('Realisert hittil')!.numFmt, /#,##0" kr"/);
    assert.equal(kv.get('Spart tid hittil (timer)')?.value, 5);
    assert.equal(kv.get('Bekreftet (kr)')?.value, 3500);
    assert.equal(kv.get('Bekreftet (kr)')?.note, '1 av 3 gevinster bekreftet');
    // Prompted rows: W44 (baseline), W45 ×3, W46 ×2, W47: 7 sent, 6 answered or skipped.
    assert.ok(Math.abs((kv.get('Svarprosent')?.value as number) - 6 / 7) < 1e-9);
    assert.equal(kv.get('Svarprosent')?.numFmt, '0%');
    assert.equal(kv.get('Svarprosent')?.note, '6 av 7 forespørsler besvart');
    assert.equal(kv.get('Målte perioder')?.value, 4);
    const statuses = ['Oppnådd', 'I rute', 'I faresonen', 'Ikke i rute', 'Ingen data'].map((s) => kv.get(s)?.value as number);
    assert.equal(statuses.reduce((a, b) => a + b, 0), 3, 'every benefit counted under one status');
  });

  it('has the benefit register with every field, realised figures as numbers and dates as dates', () => {
    const ws = nb.getWorksheet('Gevinster')!;
    assert.deepEqual(headers(ws).slice(0, 17), [
      'Id', 'Tittel', 'Gevinsttype', 'Enhet', 'Nullpunkt', 'Dato for nullpunkt', 'Målverdi', 'Måldato', 'Startdato', 'Retning',
      'Målefrekvens', 'Gevinsteier', 'Stedfortreder', 'Gevinstbudskap', 'Gevinstuttak', 'Tilstand', 'Status',
    ]);
    assert.equal(ws.rowCount, 4, 'header + 3 benefits');
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(ws.autoFilter, 'auto-filter on the header row');
    assert.ok((ws.getColumn(2).width ?? 0) >= 20, 'the title column is wide enough to read');

    const b1 = rowByHeader(ws, 2);
    assert.equal(b1['Id'].value, `${NB}/1`);
    assert.equal(b1['Tittel'].value, 'Færre papirbrev');
    assert.equal(b1['Gevinsttype'].value, 'Unngåtte kostnader');
    assert.equal(b1['Enhet'].value, 'kr', 'money as Norwegians write it, not NOK');
    assert.equal(b1['Målefrekvens'].value, 'man 09:00', 'the cadence as a Norwegian types it');
    assert.equal(b1['Nullpunkt'].value, 10000);
    assert.ok(b1['Dato for nullpunkt'].value instanceof Date);
    assert.equal((b1['Måldato'].value as Date).toISOString(), '2027-06-30T00:00:00.000Z');
    assert.match(b1['Måldato'].numFmt, /dd\.mm\.yyyy/);
    assert.equal(b1['Retning'].value, 'Ned');
    assert.equal(b1['Gevinsteier'].value, 'Per Hansen');
    assert.equal(b1['Stedfortreder'].value, 'Lars Olsen');
    assert.equal(b1['Gevinstuttak'].value, 'Portobudsjettet reduseres');
    assert.equal(b1['Tilstand'].value, 'Følges opp');
    assert.equal(typeof b1['Status'].value, 'string');
    assert.equal(b1['Siste verdi'].value, 7500);
    assert.ok(Math.abs((b1['Måloppnåelse'].value as number) - 2500 / 6000) < 1e-9);
    assert.equal(b1['Måloppnåelse'].numFmt, '0%');
    assert.equal(b1['Målte perioder'].value, 2);
    assert.equal(b1['Realisert hittil (enhet)'].value, 3500);
    assert.equal(b1['Realisert hittil (kr)'].value, 3500);
    assert.match(b1['Realisert hittil (kr)'].numFmt, /#,##0" kr"/);
    assert.equal(b1['Realisert hittil (timer)'].value, null, 'no hours for a cost benefit');
    assert.equal(b1['Sist bekreftet av'].value, 'Kari Nordmann');
    // 07:00Z is 08:00 in Oslo: the sheet shows the plan's wall-clock time.
    assert.equal((b1['Sist bekreftet'].value as Date).toISOString(), '2026-11-30T08:00:00.000Z');
    assert.equal(b1['Bekreftet (enhet)'].value, 3500);
    assert.equal(b1['Bekreftet (kr)'].value, 3500);
    assert.equal(b1['Kommentar til bekreftelsen'].value, 'OK fra ledergruppen');
    assert.equal(b1['Antall bekreftelser'].value, 1);

    const b2 = rowByHeader(ws, 3);
    assert.equal(b2['Realisert hittil (timer)'].value, 5, 'the baseline answer is not a gain');
    assert.equal(b2['Realisert hittil (kr)'].value, 2500);
    assert.equal(b2['Antall bekreftelser'].value, 0);
    const b3 = rowByHeader(ws, 4);
    assert.equal(b3['Realisert hittil (enhet)'].value, 5);
    assert.equal(b3['Realisert hittil (kr)'].value, null, 'quality is not monetised');
  });

  it('lists every measurement, corrections as their own replaced rows, with types kept', () => {
    const ws = nb.getWorksheet('Målinger')!;
    assert.deepEqual(headers(ws), [
      'Gevinst', 'Tittel', 'Periode', 'Periodestart', 'Tilstand', 'Nullpunktmåling', 'Verdi', 'Enhet', 'Kommentar', 'Årsak', 'Av',
      'Tidspunkt', 'Versjon', 'Versjonsstatus', 'Erstattet (tidspunkt)',
    ]);
    assert.equal(ws.rowCount, 1 + 7 + 1, '7 current period rows and 1 replaced version');
    const replaced = findRow(ws, (r) => r['Periode'].value === 'uke 46 2026' && r['Versjon'].value === 1 && r['Gevinst'].value === `${NB}/1`);
    assert.equal(replaced['Verdi'].value, 8000);
    assert.equal(replaced['Versjonsstatus'].value, 'Erstattet (korrigert)');
    assert.equal((replaced['Erstattet (tidspunkt)'].value as Date).toISOString(), '2026-11-10T13:30:00.000Z');
    assert.equal(replaced['Kommentar'].value, TRICKY);
    const current = findRow(ws, (r) => r['Periode'].value === 'uke 46 2026' && r['Versjon'].value === 2);
    assert.equal(current['Verdi'].value, 7500);
    assert.equal(current['Versjonsstatus'].value, 'Gjeldende');
    assert.equal(current['Erstattet (tidspunkt)'].value, null);
    assert.equal((current['Periodestart'].value as Date).toISOString(), '2026-11-09T08:00:00.000Z');
    assert.equal((current['Tidspunkt'].value as Date).toISOString(), '2026-11-10T13:30:00.000Z');
    assert.equal(current['Av'].value, 'Per Hansen');
    const formula = findRow(ws, (r) => r['Periode'].value === 'uke 45 2026' && r['Gevinst'].value === `${NB}/1`);
    assert.equal(formula['Kommentar'].value, "'=SUM(A1:A9)", 'a comment never becomes a formula');
    assert.equal(formula['Kommentar'].formula, undefined);
    const skipped = findRow(ws, (r) => r['Periode'].value === 'uke 47 2026');
    assert.equal(skipped['Tilstand'].value, 'Kunne ikke måles');
    assert.equal(skipped['Årsak'].value, 'Systemet var nede');
    assert.equal(skipped['Verdi'].value, null);
    const baseline = findRow(ws, (r) => r['Periode'].value === 'uke 44 2026');
    assert.equal(baseline['Nullpunktmåling'].value, 'Ja');
    const waiting = findRow(ws, (r) => r['Periode'].value === 'uke 46 2026' && r['Gevinst'].value === `${NB}/2`);
    assert.equal(waiting['Tilstand'].value, 'Venter på svar');
  });

  it('lists lessons and the change log in readable words', () => {
    const lessons = nb.getWorksheet('Læring')!;
    assert.deepEqual(headers(lessons), ['Gevinst', 'Tittel', 'Av', 'Tidspunkt', 'Læringspunkt', 'Ny måldato', 'Ny målverdi']);
    const l = rowByHeader(lessons, 2);
    assert.equal(l['Gevinst'].value, `${NB}/2`);
    assert.equal(l['Læringspunkt'].value, "'=Vi må måle oftere");
    assert.equal((l['Ny måldato'].value as Date).toISOString(), '2027-09-30T00:00:00.000Z');
    assert.equal(l['Ny målverdi'].value, 12);
    assert.ok(l['Tidspunkt'].value instanceof Date);

    const log = nb.getWorksheet('Endringslogg')!;
    assert.deepEqual(headers(log), ['Tidspunkt', 'Av', 'Handling', 'Gjelder', 'Endring (før → etter)']);
    const set = findRow(log, (r) => r['Handling'].value === 'benefit.set');
    assert.equal(set['Endring (før → etter)'].value, 'Målverdi: 5\u00a0000 → 4\u00a0000; Gevinsteier: Kari Nordmann → Per Hansen');
    assert.equal(set['Av'].value, 'Ola Nordmann');
    assert.ok(set['Tidspunkt'].value instanceof Date);
    const confirm = findRow(log, (r) => r['Handling'].value === 'benefit.confirm');
    assert.equal(confirm['Av'].value, 'Kari Nordmann');
    assert.match(String(confirm['Endring (før → etter)'].value), /3\u00a0500/);
  });

  it('counts the same realised gain as the portfolio line of the plan list', async () => {
    const plan = (await h.services.storage.plans.get(TENANT_ID, NB))!;
    const portfolio = await tenantPortfolio(h.services, TENANT_ID, h.clock.now(), { plans: [plan] });
    assert.deepEqual(portfolio, { nok: 6000, plans: 1 }, '3 500 kr avoided cost + 5 h × 500 kr');
  });

  it('is in English for an English plan: sheet names, headers, values and NOK format', async () => {
    const { res, body } = await download(h, EN, 'xlsx');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="benefits-digital-inspection-2026-11-30\.xlsx"/);
    const wb = await openWorkbook(body);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Summary', 'Benefits', 'Measurements', 'Lessons', 'Change log'],
    );
    const b1 = rowByHeader(wb.getWorksheet('Benefits')!, 2);
    assert.equal(b1['Title'].value, 'Færre papirbrev');
    assert.equal(b1['Benefit type'].value, 'Avoided cost');
    assert.equal(b1['Unit'].value, 'NOK');
    assert.equal(b1['Cadence'].value, 'mon 09:00');
    assert.equal(b1['Realised to date (NOK)'].value, 3500);
    assert.match(b1['Realised to date (NOK)'].numFmt, /"NOK "#,##0/);
    assert.equal(b1['Confirmations'].value, 0);
    assert.match(b1['Target date'].numFmt, /yyyy-mm-dd/);
    assert.deepEqual(headers(wb.getWorksheet('Lessons')!), ['Benefit', 'Title', 'By', 'When', 'Lesson', 'New target date', 'New target']);
    assert.deepEqual(headers(wb.getWorksheet('Change log')!), ['When', 'By', 'Action', 'Subject', 'Change (before → after)']);
    const measurements = wb.getWorksheet('Measurements')!;
    assert.equal(headers(measurements)[13], 'Version state');
    const periods = new Set<string>();
    measurements.eachRow((row, n) => {
      if (n > 1) periods.add(String(row.getCell(3).value));
    });
    assert.ok(periods.has('week 45 2026'), [...periods].join(', '));
    const summary = keyValues(wb.getWorksheet('Summary')!);
    assert.equal(summary.get('Response rate')?.numFmt, '0%');
    assert.match(summary.get('Realised to date')!.numFmt, /"NOK "#,##0/);
  });

  it('gives the measurements as CSV with a BOM, ; separators and escaping that parses back', async () => {
    const { res, body } = await download(h, NB, 'csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="malinger-digitalt-tilsyn-2026-11-30\.csv"/);
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM so Excel reads æøå');
    const rows = parseCsv(body.toString('utf8').slice(1));
    assert.deepEqual(rows[0], headers(nb.getWorksheet('Målinger')!));
    assert.equal(rows.length, 1 + 8);
    const col = (name: string) => rows[0].indexOf(name);
    const tricky = rows.find((r) => r[col('Kommentar')] === TRICKY);
    assert.ok(tricky, 'a comment with ; quotes and a line break survives');
    assert.equal(tricky[col('Verdi')], '8000');
    assert.equal(tricky[col('Periodestart')], '2026-11-09 08:00');
    const formula = rows.find((r) => r[col('Kommentar')].includes('SUM'));
    assert.equal(formula?.[col('Kommentar')], "'=SUM(A1:A9)");
    assert.ok(rows.slice(1).every((r) => r.length === rows[0].length));
  });
});
