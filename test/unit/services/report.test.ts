// The report's pure parts: CSV quoting and formula neutralisation, Excel dates in the plan's
// zone, readable change-log text, realised NOK per calendar year and the portfolio line.
import assert from 'node:assert/strict';
import type { Benefit, PeriodRecord } from '../../../src/domain/types';
import { report } from '../../../src/i18n/report';
import { valueMeasurements } from '../../../src/domain/measurements';
import { portfolioText } from '../../../src/cards/words';
import { portfolioOf, realisedNokInYear } from '../../../src/domain/portfolio';
import { describeChange } from '../../../src/services/report/sheets';
import { csvField, toCsv } from '../../../src/services/report/csv';
import { excelDate, neutraliseFormula, type ReportSheet } from '../../../src/services/report/workbook';

const period = (n: number, p: string, start: string, o: Partial<PeriodRecord>): PeriodRecord => ({
  planId: 'p',
  benefitNumber: n,
  period: p,
  periodStart: start,
  periodEnd: start,
  closesAt: start,
  state: 'answered',
  baseline: false,
  version: 1,
  ...o,
});

const benefit = (n: number, o: Partial<Benefit>): Benefit => ({
  tenantId: 't',
  planId: 'p',
  number: n,
  title: `B${n}`,
  type: 'cost',
  unit: 'NOK',
  baseline: 100,
  target: 50,
  due: '2027-12-31',
  direction: 'down',
  directionSet: false,
  cadence: 'mon 09:00',
  owner: { id: '29:a', name: 'A' },
  state: 'tracking',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...o,
});

describe('report: formula neutralisation and CSV fields', () => {
  it('prefixes text that a spreadsheet would run as a formula, and nothing else', () => {
    for (const s of ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx']) assert.equal(neutraliseFormula(s), `'${s}`);
    for (const s of ['Kari', 'a=b', '', '12']) assert.equal(neutraliseFormula(s), s);
  });

  it('quotes fields with ; " or line breaks (RFC 4180) and doubles quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a;b'), '"a;b"');
    assert.equal(csvField('si "hei"'), '"si ""hei"""');
    assert.equal(csvField('linje\nto'), '"linje\nto"');
  });

  it('writes a BOM, ; separators, CRLF, decimal comma in Norwegian and never prefixes numbers', () => {
    const sheet: ReportSheet = {
      name: 'x',
      columns: [
        { header: 'Tekst', kind: 'text', width: 10 },
        { header: 'Verdi', kind: 'number', width: 10 },
        { header: 'Når', kind: 'instant', width: 10 },
        { header: 'Dato', kind: 'date', width: 10 },
      ],
      rows: [
        ['=HYPERLINK("x")', -12.5, '2026-11-30T07:00:00.000Z', '2027-06-30'],
        [undefined, 0.1 + 0.2, undefined, undefined],
      ],
    };
    const nb = toCsv(sheet, 'nb', 'Europe/Oslo');
    assert.deepEqual([...nb.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = nb.toString('utf8').slice(1);
    assert.equal(text, 'Tekst;Verdi;Når;Dato\r\n"\'=HYPERLINK(""x"")";-12,5;2026-11-30 08:00;2027-06-30\r\n;0,3;;\r\n');
    const en = toCsv(sheet, 'en', 'Europe/Oslo').toString('utf8');
    assert.match(en, /;-12\.5;/);
  });
});

describe('report: Excel dates', () => {
  it('writes instants as the plan’s wall-clock time and dates as midnight', () => {
    // 07:00Z is 08:00 in Oslo in winter, 09:00 in summer.
    assert.equal(excelDate('2026-11-30T07:00:00.000Z', 'instant', 'Europe/Oslo')?.toISOString(), '2026-11-30T08:00:00.000Z');
    assert.equal(excelDate('2026-06-30T07:00:00.000Z', 'instant', 'Europe/Oslo')?.toISOString(), '2026-06-30T09:00:00.000Z');
    assert.equal(excelDate('2027-06-30', 'date', 'Europe/Oslo')?.toISOString(), '2027-06-30T00:00:00.000Z');
    assert.equal(excelDate('not a date', 'instant', 'Europe/Oslo'), undefined);
  });
});

describe('report: change log text', () => {
  it('shows changed fields as before → after with column names, persons by name and dates formatted', () => {
    const text = describeChange(
      { target: 90, owner: { id: '29:a', name: 'Kari Nordmann' }, title: 'Samme' },
      { target: 95, owner: { id: '29:b', name: 'Per Hansen' }, title: 'Samme', due: '2027-06-30' },
      'nb',
      'Europe/Oslo',
    );
    assert.equal(text, 'Målverdi: 90 → 95; Gevinsteier: Kari Nordmann → Per Hansen; Måldato: – → 30.06.2027');
    assert.equal(describeChange(undefined, { archived: true }, 'en', 'Europe/Oslo'), 'archived: Yes');
  });
});

describe('report: realised NOK per calendar year and the portfolio line', () => {
  const plan = { timezone: 'Europe/Oslo', hourlyRate: 500 };
  const rows = [
    period(1, '2026-W01', '2025-12-31T23:30:00.000Z', { value: 90 }), // 00:30 on 1 Jan in Oslo: 2026
    period(1, '2025-W52', '2025-12-22T07:00:00.000Z', { value: 80 }), // 2025
    period(1, '2026-W02', '2026-01-05T07:00:00.000Z', { value: 70, baseline: true }), // baseline answer
    period(1, '2026-W03', '2026-01-12T07:00:00.000Z', { state: 'skipped', reason: 'syk' }),
    period(2, '2026-W01', '2026-01-05T07:00:00.000Z', { value: 6 }),
    period(3, '2026-W01', '2026-01-05T07:00:00.000Z', { value: 99 }),
  ];

  it('counts answered, non-baseline periods whose start lies in the year in the plan’s zone', () => {
    const benefits = [
      benefit(1, {}),
      benefit(2, { type: 'time', unit: 'timer', baseline: 10, target: 5 }),
      benefit(3, { type: 'quality', unit: '%', baseline: 80, target: 95 }),
    ];
    assert.equal(valueMeasurements(rows).length, 4);
    // cost: 100 - 90 = 10 kr; time: (10 - 6) h × 500 = 2 000 kr; quality not monetised.
    assert.equal(realisedNokInYear(plan, benefits, rows, 2026), 2010);
    assert.equal(realisedNokInYear(plan, benefits, rows, 2025), 20);
  });

  it('sums the live plans of the tenant for the year of each plan, counting those that contributed', () => {
    const plan = { id: 'a', timezone: 'Europe/Oslo', hourlyRate: 500, archived: false };
    const benefits = [benefit(1, {}), benefit(2, { type: 'time', unit: 'timer', baseline: 10, target: 5 })];
    const entries = [
      { plan, benefits, rows },
      { plan: { ...plan, id: 'b' }, benefits, rows: [] },
      { plan: { ...plan, id: 'c', archived: true }, benefits, rows },
    ];
    assert.deepEqual(portfolioOf(entries, '2026-11-30T07:00:00.000Z'), { nok: 2010, plans: 1 });
    assert.deepEqual(portfolioOf(entries, '2025-11-30T07:00:00.000Z'), { nok: 20, plans: 1 });
  });

  it('writes the portfolio line in both languages', () => {
    assert.equal(portfolioText('nb', { nok: 1_234_567, plans: 2 }), 'Realisert i år, alle planer: 1\u00a0234\u00a0567\u00a0kr (2 planer)');
    assert.equal(portfolioText('en', { nok: 1_000_000, plans: 1 }), 'Realised this year, all plans: NOK\u00a01,000,000 (1 plan)');
  });
});

describe('report: texts', () => {
  it('has every text in both Norwegian and English', () => {
    assert.deepEqual(Object.keys(report.nb).sort(), Object.keys(report.en).sort());
    for (const [k, v] of Object.entries(report.en)) assert.ok(v.trim() !== '', k);
  });
});
