// The digest model (src/domain/digest.ts) against numbers computed by hand in the comments.
// Now is Friday 4 December 2026 14:00 in Oslo (13:00Z), ISO week 2026-W49. Weekly periods open
// on Mondays 09:00 Oslo (08:00Z): W47 = 16 Nov, W48 = 23 Nov, W49 = 30 Nov.
import assert from 'node:assert/strict';
import { buildDigestModel, isoWeekOf, type DigestBenefit, type DigestModel } from '../../../src/domain/digest';
import type { PeriodRecord, PeriodState, Person, Plan } from '../../../src/domain/types';

const NOW = '2026-12-04T13:00:00.000Z';
const WEEK_START: Record<string, string> = {
  '2026-W47': '2026-11-16T08:00:00.000Z',
  '2026-W48': '2026-11-23T08:00:00.000Z',
  '2026-W49': '2026-11-30T08:00:00.000Z',
};

const close = (actual: number | undefined, expected: number, msg = ''): void => {
  assert.ok(actual !== undefined, `${msg}: expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) < 1e-6, `${msg}: expected ${expected}, got ${actual}`);
};

const p = (key: string, name: string): Person => ({ id: `29:${key}`, name });
const kari = p('kari', 'Kari Nordmann');
const per = p('per', 'Per Hansen');
const ingrid = p('ingrid', 'Ingrid Johansen');
const lars = p('lars', 'Lars Olsen');
const siri = p('siri', 'Siri Berg');
const bjorn = p('bjorn', 'Bjørn Larsen');
const aase = p('aase', 'Åse Kristiansen');
const ola = p('ola', 'Ola Nordmann');

const plan: Plan = {
  tenantId: 't',
  id: 'digitalt-tilsyn',
  name: 'Digitalt tilsyn',
  channel: { conversationId: 'c', botId: '28:b', serviceUrl: 'http://x' },
  digest: 'fri 14:00',
  timezone: 'Europe/Oslo',
  hourlyRate: 500,
  hoursPerFte: 1695,
  tolerance: 10,
  archived: false,
  nextBenefitNumber: 12,
  createdAt: '2026-09-01T08:00:00.000Z',
  createdBy: ola,
};

function benefit(n: number, b: Partial<DigestBenefit> & Pick<DigestBenefit, 'type' | 'unit' | 'target' | 'owner'>): DigestBenefit {
  return {
    tenantId: 't',
    planId: plan.id,
    number: n,
    title: `Gevinst ${n}`,
    due: '2027-12-31',
    direction: b.baseline !== undefined && b.target > b.baseline ? 'up' : 'down',
    directionSet: false,
    cadence: 'mon 09:00',
    state: 'tracking',
    createdAt: '2026-09-01T08:00:00.000Z',
    ...b,
  };
}

function row(n: number, period: string, state: PeriodState, value?: number, extra: Partial<PeriodRecord> = {}): PeriodRecord {
  const start = WEEK_START[period]!;
  const end = new Date(Date.parse(start) + 7 * 86_400_000).toISOString();
  return {
    planId: plan.id,
    benefitNumber: n,
    period,
    periodStart: start,
    periodEnd: end,
    closesAt: new Date(Date.parse(end) + 7 * 86_400_000).toISOString(),
    state,
    baseline: false,
    promptedAt: start,
    promptedTo: undefined,
    version: state === 'answered' || state === 'skipped' ? 1 : 0,
    ...(value !== undefined ? { value } : {}),
    ...extra,
  };
}

const lesson = { planId: plan.id, benefitNumber: 8, by: ola, at: '2026-12-01T10:00:00.000Z', lesson: 'Vi startet for sent med opplæringen.' };

const benefits: DigestBenefit[] = [
  // 1: cost, down. 10 000 → 6 000 kr, 2026-09-01 → 2027-09-01 (365 days).
  benefit(1, { type: 'cost', unit: 'kr', baseline: 10_000, target: 6_000, start: '2026-09-01', due: '2027-09-01', owner: kari }),
  // 2: time, down (hours spent per week). 40 → 30, 2026-11-01 → 2026-12-31 (60 days).
  benefit(2, { type: 'time', unit: 't', baseline: 40, target: 30, start: '2026-11-01', due: '2026-12-31', owner: kari }),
  // 3: quality, up. 70 % → 90 %, 2026-10-01 → 2027-03-31 (181 days).
  benefit(3, { type: 'quality', unit: '%', baseline: 70, target: 90, start: '2026-10-01', due: '2027-03-31', owner: ingrid }),
  // 4: time, up (hours freed per week). 0 → 10; confirmed by the leader.
  benefit(4, { type: 'time', unit: 't', baseline: 0, target: 10, start: '2026-11-01', due: '2027-06-30', owner: siri, confirmedAt: '2026-12-02T09:00:00.000Z' }),
  // 5: cost, down, 5 000 → 3 000, 2026-11-01 → 2027-11-01 (365 days); got worse: a dis-benefit.
  benefit(5, { type: 'cost', unit: 'kr', baseline: 5_000, target: 3_000, start: '2026-11-01', due: '2027-11-01', owner: bjorn }),
  // 6: not started yet (starts 2027), no values.
  benefit(6, { type: 'quality', unit: 'besøk', baseline: 50, target: 60, start: '2027-01-01', due: '2027-12-31', owner: per }),
  // 7: planned: no baseline yet; its first prompt asks for it.
  benefit(7, { type: 'quality', unit: 'besøk', target: 60, start: '2026-11-01', owner: per, state: 'planned', direction: 'up' }),
  // 8: cost, down, 100 → 50, due 2026-11-30 has passed: missed, with a lesson.
  benefit(8, { type: 'cost', unit: 'kr', baseline: 100, target: 50, start: '2026-09-01', due: '2026-11-30', owner: lars, state: 'missed', lastLesson: lesson }),
  // 9: archived: must not show up anywhere, even with big numbers.
  benefit(9, { type: 'cost', unit: 'kr', baseline: 1_000_000, target: 0, owner: kari, state: 'archived' }),
  // 10: the owner is away; this week's prompt went to the deputy and is still open.
  benefit(10, { type: 'quality', unit: '%', baseline: 1, target: 2, owner: aase, deputy: ingrid }),
  // 11: owner away without a deputy: the period is marked away.
  benefit(11, { type: 'quality', unit: '%', baseline: 1, target: 2, owner: siri }),
];

const rows: PeriodRecord[] = [
  row(1, '2026-W47', 'answered', 9_000),
  row(1, '2026-W48', 'answered', 8_500),
  row(1, '2026-W49', 'answered', 8_000),
  row(2, '2026-W48', 'answered', 37),
  row(2, '2026-W49', 'answered', 38),
  row(3, '2026-W48', 'answered', 75),
  row(3, '2026-W49', 'answered', 74),
  row(4, '2026-W48', 'answered', 8),
  row(4, '2026-W49', 'answered', 12),
  row(5, '2026-W48', 'answered', 5_500),
  row(5, '2026-W49', 'skipped', undefined, { reason: 'Systemet var nede' }),
  row(6, '2026-W49', 'open'),
  row(7, '2026-W49', 'open', undefined, { baseline: true }),
  row(8, '2026-W47', 'answered', 90),
  row(8, '2026-W48', 'answered', 80),
  row(8, '2026-W49', 'unreachable'),
  row(9, '2026-W48', 'answered', 0),
  row(9, '2026-W49', 'open'),
  row(10, '2026-W48', 'answered', 1),
  row(10, '2026-W49', 'open', undefined, { promptedTo: ingrid.id }),
  row(11, '2026-W49', 'away'),
];

describe('digest model: one plan at Friday 14:00, week 49', () => {
  let m: DigestModel;
  before(() => {
    m = buildDigestModel(plan, benefits, rows, NOW);
  });
  const r = (n: number) => m.rows.find((x) => x.number === n)!;

  it('names the ISO week in the plan time zone and leaves archived benefits out', () => {
    assert.equal(m.week, '2026-W49');
    assert.equal(isoWeekOf('2026-12-04T13:00:00.000Z', 'Europe/Oslo'), '2026-W49');
    // Sunday 3 January 2027 23:30 in Oslo is still ISO week 2026-W53.
    assert.equal(isoWeekOf('2027-01-03T22:30:00.000Z', 'Europe/Oslo'), '2026-W53');
    assert.deepEqual(
      m.rows.map((x) => x.number),
      [1, 2, 3, 4, 5, 6, 7, 8, 10, 11],
    );
  });

  it('cost, down: latest, change, achievement, expected and status', () => {
    // latest 8 000, previous 8 500 → change −500. Achievement (8000−10000)/(6000−10000) = 0.5.
    // Expected: 2026-09-01 → 2026-12-04 13:00 = 94 days 13 h = 94.541667 days of 365 → 0.259018.
    // 0.5 ≥ 0.259 − 0.10 → on track. Realised: 1 000 + 1 500 + 2 000 = 4 500 kr.
    const b = r(1);
    assert.equal(b.latestValue, 8_000);
    assert.equal(b.latestPeriod, '2026-W49');
    assert.equal(b.change, -500);
    close(b.achievement, 0.5, 'achievement');
    close(b.expectedAchievement, 94.541667 / 365, 'expected');
    assert.equal(b.status, 'onTrack');
    assert.equal(b.realised, 4_500);
    assert.equal(b.realisedNok, 4_500);
    assert.equal(b.phase, 'running');
    assert.equal(b.confirmed, false);
  });

  it('time, down: off track, gains in hours and NOK', () => {
    // Achievement (38−40)/(30−40) = 0.2. Expected: 33 days 13 h of 60 = 0.559028.
    // 0.2 < 0.559 − 0.20 = 0.359 → off track. Change 38 − 37 = +1.
    // Realised (40−37) + (40−38) = 5 h = 5 × 500 = 2 500 kr.
    const b = r(2);
    close(b.achievement, 0.2, 'achievement');
    close(b.expectedAchievement, 33.541667 / 60, 'expected');
    assert.equal(b.status, 'offTrack');
    assert.equal(b.change, 1);
    assert.equal(b.realised, 5);
    assert.equal(b.realisedHours, 5);
    assert.equal(b.realisedNok, 2_500);
  });

  it('quality, up: at risk and not monetised', () => {
    // Achievement (74−70)/(90−70) = 0.2. Expected: 64 days 13 h of 181 = 0.356584.
    // 0.157 ≤ 0.2 < 0.257 → at risk. Change 74 − 75 = −1.
    const b = r(3);
    close(b.achievement, 0.2, 'achievement');
    close(b.expectedAchievement, 64.541667 / 181, 'expected');
    assert.equal(b.status, 'atRisk');
    assert.equal(b.change, -1);
    assert.equal(b.realisedNok, undefined);
  });

  it('time, up: achieved beyond target, confirmed', () => {
    // 12 ≥ 10 → achieved; achievement 12/10 = 1.2. Realised 8 + 12 = 20 h = 10 000 kr.
    const b = r(4);
    assert.equal(b.status, 'achieved');
    close(b.achievement, 1.2, 'achievement');
    assert.equal(b.realised, 20);
    assert.equal(b.realisedNok, 10_000);
    assert.equal(b.confirmed, true);
  });

  it('a dis-benefit is negative and a skipped week does not hide the last value', () => {
    // W48 5 500 (W49 skipped): gain 5 000 − 5 500 = −500 kr; achievement (5500−5000)/(3000−5000)
    // = −0.25. Expected 33.541667/365 = 0.0919 → −0.25 < 0.0919 − 0.2 → off track.
    const b = r(5);
    assert.equal(b.latestValue, 5_500);
    assert.equal(b.latestPeriod, '2026-W48');
    assert.equal(b.realised, -500);
    close(b.achievement, -0.25, 'achievement');
    assert.equal(b.status, 'offTrack');
    assert.equal(b.change, undefined, 'one value: no change');
  });

  it('no data: before start, without a baseline, and after an away week', () => {
    assert.equal(r(6).status, 'noData');
    assert.equal(r(6).phase, 'notStarted');
    assert.equal(r(7).status, 'noData');
    assert.equal(r(7).baseline, undefined);
    assert.equal(r(11).status, 'noData');
  });

  it('after the target date: expected is 100 %, the lesson is carried', () => {
    // Achievement (80−100)/(50−100) = 0.4 < 1 − 0.2 → off track. Realised 10 + 20 = 30 kr.
    const b = r(8);
    assert.equal(b.phase, 'pastDue');
    assert.equal(b.expectedAchievement, 1);
    assert.equal(b.status, 'offTrack');
    assert.equal(b.realised, 30);
    assert.equal(b.lesson?.lesson, 'Vi startet for sent med opplæringen.');
  });

  it('totals: NOK from cost and time, hours, and an annualised FTE', () => {
    // Cost: 4 500 − 500 + 30 = 4 030 kr. Time: 5 + 20 = 25 h → 12 500 kr. Total 16 530 kr.
    // Pace: each time benefit was measured over 2 weekly periods = 14 days:
    // (5 + 20) / 14 × 365.25 = 652.232143 h per year → / 1 695 = 0.384798 FTE.
    assert.equal(m.totals.realisedCostNok, 4_030);
    assert.equal(m.totals.realisedHours, 25);
    assert.equal(m.totals.realisedHoursNok, 12_500);
    assert.equal(m.totals.realisedNok, 16_530);
    close(m.totals.hoursPerYear, (25 / 14) * 365.25, 'hours per year');
    close(m.totals.fte, ((25 / 14) * 365.25) / 1695, 'fte');
    // Every measured period started in 2026.
    assert.equal(m.year, 2026);
    assert.equal(m.realisedNokYear, 16_530);
  });

  it('response rate of the last 7 days', () => {
    // Prompted since 27 Nov 13:00Z: the W49 rows of 1, 2, 3, 4, 5, 6, 7, 10 = 8 (11 is away, 8 is
    // unreachable, 9 is archived: not counted). Answered or skipped: 1, 2, 3, 4, 5 = 5 → 62.5 %.
    assert.deepEqual(m.response, { prompted: 8, answered: 5, rate: 5 / 8 });
  });

  it('lists who has not answered: the owner, or the deputy the prompt went to', () => {
    assert.deepEqual(
      m.unanswered.map((u) => [u.person.name, u.benefits]),
      [
        [per.name, [6, 7]],
        [ingrid.name, [10]],
      ],
    );
  });

  it('lists owners Teams refused in the last 7 days', () => {
    assert.deepEqual(
      m.unreachable.map((u) => [u.person.id, u.benefits]),
      [[lars.id, [8]]],
    );
  });

  it('trend: average achievement per week over 8 weeks', () => {
    // W47: benefit 1 0.25, benefit 8 0.2 → 0.225 (2 benefits).
    // W48: 1: 0.375, 2: 0.3, 3: 0.25, 4: 0.8, 5: −0.25, 8: 0.4, 10: (1−1)/(2−1) = 0
    //      → 1.875 / 7 = 0.267857.
    // W49: 0.5, 0.2, 0.2, 1.2, −0.25 (5 keeps W48's value), 0.4, 0 → 2.25 / 7 = 0.321429.
    assert.deepEqual(
      m.trend.map((t) => t.week),
      ['2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'],
    );
    assert.equal(m.trend[4]!.achievement, undefined);
    assert.equal(m.trend[4]!.benefits, 0);
    close(m.trend[5]!.achievement, 0.225, 'W47');
    close(m.trend[6]!.achievement, 1.875 / 7, 'W48');
    close(m.trend[7]!.achievement, 2.25 / 7, 'W49');
    assert.equal(m.trend[7]!.benefits, 7);
  });
});

describe('digest model: edge cases', () => {
  const one = (b: DigestBenefit, rs: PeriodRecord[], now = NOW) => buildDigestModel(plan, [b], rs, now);

  it('before the start date nothing is expected yet', () => {
    // Expected 0: −5 % is within the 10 pp tolerance (on track), −15 % within twice (at risk).
    const b = benefit(1, { type: 'quality', unit: 'besøk', baseline: 0, target: 100, start: '2027-01-01', owner: kari });
    assert.equal(one(b, [row(1, '2026-W49', 'answered', -5)]).rows[0]!.status, 'onTrack');
    assert.equal(one(b, [row(1, '2026-W49', 'answered', -15)]).rows[0]!.status, 'atRisk');
    assert.equal(one(b, [row(1, '2026-W49', 'answered', -25)]).rows[0]!.status, 'offTrack');
    assert.equal(one(b, []).rows[0]!.phase, 'notStarted');
  });

  it('quality, down: achievement and status', () => {
    // No-show 20 % → 10 %: value 16 → (16−20)/(10−20) = 0.4. 2026-09-01 → 2027-09-01: expected
    // 0.259 → 0.4 ≥ 0.159 → on track. Value 9 meets the target → achieved.
    const b = benefit(1, { type: 'quality', unit: '%', baseline: 20, target: 10, start: '2026-09-01', due: '2027-09-01', owner: kari });
    const m = one(b, [row(1, '2026-W49', 'answered', 16)]);
    close(m.rows[0]!.achievement, 0.4, 'achievement');
    assert.equal(m.rows[0]!.status, 'onTrack');
    assert.equal(one(b, [row(1, '2026-W49', 'answered', 9)]).rows[0]!.status, 'achieved');
  });

  it('a direction set by the admin wins over baseline and target', () => {
    // direction=down with baseline 10 < target 20: 5 meets it (5 ≤ 20), gain 10 − 5 = 5.
    const b = benefit(1, { type: 'cost', unit: 'kr', baseline: 10, target: 20, direction: 'down', directionSet: true, owner: kari });
    const m = one(b, [row(1, '2026-W49', 'answered', 5)]);
    assert.equal(m.rows[0]!.status, 'achieved');
    assert.equal(m.rows[0]!.realised, 5);
  });

  it('a baseline answer is not a measured value', () => {
    const b = benefit(1, { type: 'cost', unit: 'kr', baseline: 100, target: 50, owner: kari });
    const m = one(b, [row(1, '2026-W49', 'answered', 100, { baseline: true })]);
    assert.equal(m.rows[0]!.latestValue, undefined);
    assert.equal(m.rows[0]!.status, 'noData');
    assert.equal(m.totals.realisedNok, 0);
  });

  it('nothing prompted this week: no rate, nobody unanswered', () => {
    const b = benefit(1, { type: 'cost', unit: 'kr', baseline: 100, target: 50, owner: kari });
    const m = one(b, [row(1, '2026-W47', 'open')]);
    assert.deepEqual(m.response, { prompted: 0, answered: 0 });
    // The latest prompted period (W47) is still open: the owner is reminded in the digest.
    assert.deepEqual(m.unanswered.map((u) => u.person.id), [kari.id]);
    // An unreachable row older than 7 days is not news.
    const old = one(b, [row(1, '2026-W47', 'unreachable')]);
    assert.deepEqual(old.unreachable, []);
    assert.deepEqual(old.unanswered, [], 'an unreachable prompt is not "unanswered"');
  });

  it('the year figure counts only periods that started in the current year (plan time zone)', () => {
    // Now Friday 8 January 2027. Periods of 28 Dec 2026 (W53) and 4 Jan 2027 (W01), cost 100 → 50:
    // gains 10 and 20; the year 2027 has only the 20.
    const b = benefit(1, { type: 'cost', unit: 'kr', baseline: 100, target: 50, owner: kari });
    const mk = (period: string, start: string, value: number): PeriodRecord => ({
      ...row(1, '2026-W49', 'answered', value),
      period,
      periodStart: start,
      periodEnd: new Date(Date.parse(start) + 7 * 86_400_000).toISOString(),
    });
    const m = one(b, [mk('2026-W53', '2026-12-28T08:00:00.000Z', 90), mk('2027-W01', '2027-01-04T08:00:00.000Z', 80)], '2027-01-08T13:00:00.000Z');
    assert.equal(m.year, 2027);
    assert.equal(m.realisedNokYear, 20);
    assert.equal(m.totals.realisedNok, 30);
    assert.equal(m.week, '2027-W01');
  });

  it('a plan without benefits gives an empty but valid model', () => {
    const m = buildDigestModel(plan, [], [], NOW);
    assert.deepEqual(m.rows, []);
    assert.equal(m.totals.realisedNok, 0);
    assert.equal(m.totals.fte, 0);
    assert.ok(m.trend.every((t) => t.achievement === undefined));
  });
});

describe('digest model: a value belongs to the week it is named by', () => {
  it('a Friday prompt’s week 49 (its interval starts the Friday before) is in the week-49 point, not week 48', () => {
    const b = benefit(1, { type: 'time', unit: 'timer', baseline: 40, target: 10, owner: kari, cadence: 'fri 14:00' });
    // Asked Friday 4 December 14:00 about Monday 30 November – Friday 4 December: uke 49.
    const r: PeriodRecord = {
      ...row(1, '2026-W49', 'answered', 30),
      periodStart: '2026-11-27T13:00:00.000Z',
      periodEnd: '2026-12-04T13:00:00.000Z',
      promptedAt: '2026-12-04T13:00:00.000Z',
    };
    const m = buildDigestModel(plan, [b], [r], '2026-12-04T15:00:00.000Z');
    const byWeek = new Map(m.trend.map((t) => [t.week, t]));
    assert.equal(byWeek.get('2026-W48')!.benefits, 0, 'nothing was measured in week 48');
    close(byWeek.get('2026-W49')!.achievement, 1 / 3, 'W49');
  });
});
