// The figures of the confirmation document and the dashboard, checked against numbers worked out
// by hand: realised from measured periods only, not-measured periods named, confirmed = the latest
// confirmation, response rate over the whole history, FTE as the digest's run rate.
import assert from 'node:assert/strict';
import { buildReportModel } from '../../../src/domain/reportModel';
import type { Benefit, PeriodRecord, Plan } from '../../../src/domain/types';

const kari = { id: '29:kari', name: 'Kari Nordmann' };
const per = { id: '29:per', name: 'Per Hansen' };
const NOW = '2026-11-30T07:00:00.000Z';

const plan: Plan = {
  tenantId: 't',
  id: 'p',
  name: 'Plan',
  channel: { conversationId: 'c', botId: 'b', serviceUrl: 'x' },
  digest: 'fri 14:00',
  timezone: 'Europe/Oslo',
  hourlyRate: 500,
  hoursPerFte: 1695,
  tolerance: 10,
  leader: kari,
  archived: false,
  nextBenefitNumber: 5,
  createdAt: '2026-10-01T08:00:00.000Z',
  createdBy: kari,
};
const base = { tenantId: 't', planId: 'p', directionSet: false, cadence: 'mon 09:00', owner: per, state: 'tracking', createdAt: '2026-10-01T08:00:00.000Z' } as const;
const benefits: Benefit[] = [
  { ...base, number: 1, title: 'Porto', type: 'cost', unit: 'kr', baseline: 10_000, baselineDate: '2026-10-01', target: 4_000, due: '2027-06-30', direction: 'down' },
  { ...base, number: 2, title: 'Tid', type: 'time', unit: 'timer', baseline: 20, target: 10, due: '2027-06-30', direction: 'down' },
  { ...base, number: 3, title: 'Oppmøte', type: 'quality', unit: '%', baseline: 80, target: 95, due: '2027-06-30', direction: 'up' },
  { ...base, number: 4, title: 'Arkivert', type: 'cost', unit: 'kr', baseline: 100, target: 50, due: '2027-06-30', direction: 'down', state: 'archived' },
];
const week = (w: number) => new Date(Date.UTC(2026, 10, 2, 7) + (w - 45) * 7 * 86_400_000).toISOString();
const row = (n: number, w: number, o: Partial<PeriodRecord>): PeriodRecord => ({
  planId: 'p',
  benefitNumber: n,
  period: `2026-W${w}`,
  periodStart: week(w),
  periodEnd: week(w + 1),
  closesAt: week(w + 3),
  state: 'answered',
  baseline: false,
  promptedAt: week(w),
  version: 1,
  ...o,
});
const rows: PeriodRecord[] = [
  row(1, 45, { value: 9_000 }),
  row(1, 46, { value: 7_500, version: 2 }),
  row(1, 47, { state: 'skipped', reason: 'nede', value: undefined }),
  row(1, 48, { state: 'away', value: undefined }),
  row(2, 44, { baseline: true, value: 20 }),
  row(2, 45, { value: 15 }),
  row(2, 48, { state: 'open', value: undefined }), // closes 21 December: waiting
  row(2, 46, { state: 'open', value: undefined, closesAt: '2026-11-20T08:00:00.000Z' }), // closed unanswered
  row(3, 45, { value: 85 }),
  row(4, 45, { value: 90 }),
];

describe('report model: the figures of the document and the dashboard', () => {
  const model = buildReportModel({
    plan,
    benefits,
    rows,
    confirmations: [
      { planId: 'p', benefitNumber: 1, by: kari, at: '2026-11-10T10:00:00.000Z', realisedValue: 1_000, realisedNok: 1_000 },
      { planId: 'p', benefitNumber: 1, by: kari, at: '2026-11-20T10:00:00.000Z', realisedValue: 3_500, realisedNok: 3_500, comment: 'OK' },
    ],
    lessons: [{ planId: 'p', benefitNumber: 2, by: kari, at: '2026-11-20T13:00:00.000Z', lesson: 'Mål oftere', newDue: '2027-09-30' }],
    now: NOW,
  });
  const [b1, b2, b3, b4] = model.benefits;

  it('sums realised gains from measured periods only, archived benefits included', () => {
    // cost: (10 000 − 9 000) + (10 000 − 7 500) = 3 500; archived: 100 − 90 = 10; time: 20 − 15 = 5 h × 500 kr.
    assert.equal(model.totals.costNok, 3_510);
    assert.equal(model.totals.hours, 5);
    assert.equal(model.totals.timeNok, 2_500);
    assert.equal(model.totals.realisedNok, 6_010);
    assert.equal(b3.summary.realisedNok, undefined, 'quality is not monetised');
    assert.equal(model.totals.quality, 1);
  });

  it('gives FTE as the run rate of the measured periods, as the digest does', () => {
    // 5 h over one measured week → 5 × 365.25 / 7 h per year.
    const perYear = (5 * 365.25) / 7;
    assert.ok(Math.abs(model.totals.hoursPerYear - perYear) < 1e-9);
    assert.ok(Math.abs(model.totals.fte - perYear / 1695) < 1e-12);
  });

  it('counts and names the periods not measured; a period still open is waiting, not missing', () => {
    assert.deepEqual(b1.periods, { asked: 4, measured: 2, notMeasured: 2, waiting: 0, missing: ['2026-W47', '2026-W48'] });
    assert.deepEqual(b2.periods, { asked: 3, measured: 1, notMeasured: 1, waiting: 1, missing: ['2026-W46'] }, 'the baseline question is not a period');
    assert.equal(b1.chart.gaps.length, 2);
    assert.equal(b1.chart.measured.length, 2);
    assert.deepEqual(model.totals.periods, { asked: 9, measured: 5, notMeasured: 3, waiting: 1 });
  });

  it('takes the latest confirmation of each benefit as confirmed', () => {
    assert.equal(b1.confirmations.length, 2);
    assert.equal(b1.lastConfirmation?.realisedNok, 3_500);
    assert.equal(model.totals.confirmedNok, 3_500);
    assert.equal(model.totals.confirmedBenefits, 1);
    assert.equal(model.totals.confirmable, 3, 'benefits with a baseline that are not archived');
  });

  it('response rate over the whole history; away periods were not received', () => {
    // prompted: every row with promptedAt except the away one = 9; answered or skipped = 7.
    assert.deepEqual(model.totals.response, { prompted: 9, answered: 7, rate: 7 / 9 });
  });

  it('counts benefits by status, archived ones apart', () => {
    const sum = Object.values(model.totals.byStatus).reduce((a, b) => a + b, 0);
    assert.equal(sum, 3);
    assert.equal(model.totals.archived, 1);
    assert.equal(b4.benefit.state, 'archived');
    assert.equal(b2.lessons[0]?.newDue, '2027-09-30');
  });

  it('covers the period from the earliest start to the report date, in the plan’s zone', () => {
    assert.equal(model.from, '2026-10-01');
    assert.equal(model.to, '2026-11-30');
  });
});
