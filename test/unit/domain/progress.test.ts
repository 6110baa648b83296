import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  achievement,
  benefitDirection,
  benefitStart,
  expectedAchievement,
  expectedValue,
  gainInNok,
  hoursToFte,
  inferDirection,
  meetsTarget,
  periodGain,
  realisedToDate,
  status,
  summarizeBenefit,
  toEpochMs,
  type StatusInput,
} from '../../../src/domain/progress';
import type { Benefit, Measurement, Person } from '../../../src/domain/types';

const close = (actual: number | undefined, expected: number, msg?: string): void => {
  assert.ok(actual !== undefined, msg ?? 'expected a number, got undefined');
  assert.ok(Math.abs(actual - expected) < 1e-9, `${msg ?? ''} expected ${expected}, got ${actual}`);
};

// A 10-day trajectory makes the expected fraction easy to compute by hand: days / 10.
const START = '2026-03-01';
const DUE = '2026-03-11';

describe('progress: direction and target', () => {
  it('infers up when target > baseline, else down (equal → down)', () => {
    assert.equal(inferDirection(80, 95), 'up');
    assert.equal(inferDirection(100_000, 60_000), 'down');
    assert.equal(inferDirection(5, 5), 'down');
  });

  it('meets the target inclusively in both directions', () => {
    assert.equal(meetsTarget(95, 95, 'up'), true);
    assert.equal(meetsTarget(94.9, 95, 'up'), false);
    assert.equal(meetsTarget(60_000, 60_000, 'down'), true);
    assert.equal(meetsTarget(60_001, 60_000, 'down'), false);
    assert.equal(meetsTarget(55_000, 60_000, 'down'), true);
  });

  it('follows baseline/target unless the admin set the direction', () => {
    // Stored 'up' is stale: baseline 50 → target 30 is down when not set by hand.
    assert.equal(benefitDirection({ baseline: 50, target: 30, direction: 'up', directionSet: false }), 'down');
    assert.equal(benefitDirection({ baseline: 50, target: 30, direction: 'up', directionSet: true }), 'up');
    // No baseline yet: nothing to infer from, keep the stored one.
    assert.equal(benefitDirection({ baseline: undefined, target: 30, direction: 'up', directionSet: false }), 'up');
  });
});

describe('progress: achievement', () => {
  it('cost, down: 100 000 → 60 000 NOK', () => {
    // (84 000 - 100 000) / (60 000 - 100 000) = -16 000 / -40 000 = 0.4
    close(achievement(84_000, 100_000, 60_000), 0.4);
    // beyond target: (55 000 - 100 000) / -40 000 = 1.125 (112.5 %)
    close(achievement(55_000, 100_000, 60_000), 1.125);
    // worse than baseline: (110 000 - 100 000) / -40 000 = -0.25 (-25 %)
    close(achievement(110_000, 100_000, 60_000), -0.25);
  });

  it('time, up: 0 → 40 hours saved', () => {
    // 28 / 40 = 0.7
    close(achievement(28, 0, 40), 0.7);
  });

  it('quality, up and down', () => {
    // attendance 80 → 95 %: (98 - 80) / 15 = 1.2 (120 %)
    close(achievement(98, 80, 95), 1.2);
    // no-shows 12 → 4 %: (14 - 12) / (4 - 12) = 2 / -8 = -0.25
    close(achievement(14, 12, 4), -0.25);
  });

  it('is undefined when target equals baseline, and never -0', () => {
    assert.equal(achievement(7, 5, 5), undefined);
    // 0 / (60 000 - 100 000) would be -0 in IEEE arithmetic.
    assert.ok(Object.is(achievement(100_000, 100_000, 60_000), 0));
  });

  it('property: baseline gives 0, target gives 1, target always meets itself', () => {
    const num = fc.double({ min: -1e9, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(num, num, (b, g) => {
        fc.pre(b !== g);
        assert.equal(achievement(b, b, g), 0);
        assert.equal(achievement(g, b, g), 1);
      }),
    );
    fc.assert(
      fc.property(num, num, fc.constantFrom('up' as const, 'down' as const), (b, g, dir) => {
        assert.equal(meetsTarget(g, g, dir), true);
        assert.equal(meetsTarget(g, g, inferDirection(b, g)), true);
      }),
    );
  });
});

describe('progress: trajectory', () => {
  it('is a straight line between start and due', () => {
    // 5 of 10 days → 0.5; cost 100 000 → 60 000: 100 000 - 40 000 × 0.5 = 80 000
    close(expectedAchievement(START, DUE, '2026-03-06T00:00:00Z'), 0.5);
    close(expectedValue(100_000, 60_000, START, DUE, '2026-03-06T00:00:00Z'), 80_000);
    // 2.5 of 10 days → 0.25; time 0 → 40: 40 × 0.25 = 10
    close(expectedValue(0, 40, START, DUE, '2026-03-03T12:00:00Z'), 10);
    // An instant without offset is UTC, not server-local time: same 0.25.
    close(expectedAchievement(START, DUE, '2026-03-03T12:00:00'), 0.25);
    // An offset counts: 13:00+01:00 = 12:00Z → 0.25
    close(expectedAchievement(START, DUE, '2026-03-03T13:00:00+01:00'), 0.25);
  });

  it('now before start → baseline; now after due → target', () => {
    assert.equal(expectedAchievement(START, DUE, '2026-02-01T00:00:00Z'), 0);
    assert.equal(expectedValue(100_000, 60_000, START, DUE, '2026-02-01T00:00:00Z'), 100_000);
    assert.equal(expectedAchievement(START, DUE, '2026-12-31T00:00:00Z'), 1);
    assert.equal(expectedValue(100_000, 60_000, START, DUE, '2026-12-31T00:00:00Z'), 60_000);
  });

  it('dates are start of day UTC: the due date itself is already fully expected', () => {
    assert.equal(expectedAchievement(START, DUE, '2026-03-11'), 1);
    assert.equal(expectedAchievement(START, DUE, '2026-03-10T23:59:59Z') < 1, true);
  });

  it('due on or before start → whole target expected at once', () => {
    assert.equal(expectedAchievement('2026-03-01', '2026-03-01', '2026-01-01T00:00:00Z'), 1);
    assert.equal(expectedValue(50, 30, '2026-03-05', '2026-03-01', '2026-03-02T00:00:00Z'), 30);
  });

  it('rejects malformed and impossible dates', () => {
    assert.throws(() => toEpochMs('2026-02-30'), RangeError);
    assert.throws(() => toEpochMs('30.06.2027'), RangeError);
    assert.throws(() => toEpochMs('yesterday'), RangeError);
    assert.equal(toEpochMs('2026-03-01'), Date.UTC(2026, 2, 1));
  });
});

describe('progress: status', () => {
  // Cost, down: b 100 000, g 60 000, now at half-way → expected achievement 0.5.
  const cost = (value: number | undefined, tolerancePp = 10): StatusInput => ({
    value,
    baseline: 100_000,
    target: 60_000,
    direction: 'down',
    start: START,
    due: DUE,
    now: '2026-03-06T00:00:00Z',
    tolerancePp,
  });

  it('achieved when the target is met, even far ahead of the trajectory', () => {
    assert.equal(status(cost(60_000)), 'achieved');
    assert.equal(status(cost(55_000)), 'achieved'); // 112.5 %
  });

  it('tolerance 10: boundaries at exactly 1× and 2× tolerance are inclusive', () => {
    // 84 000 → 0.4 = 0.5 - 0.10 → onTrack (boundary)
    assert.equal(status(cost(84_000)), 'onTrack');
    // 84 004 → 15 996 / 40 000 = 0.3999 < 0.4 → atRisk
    assert.equal(status(cost(84_004)), 'atRisk');
    // 88 000 → 0.3 = 0.5 - 0.20 → atRisk (boundary)
    assert.equal(status(cost(88_000)), 'atRisk');
    // 88 004 → 11 996 / 40 000 = 0.2999 < 0.3 → offTrack
    assert.equal(status(cost(88_004)), 'offTrack');
    // 110 000 → -0.25 (a dis-benefit) → offTrack
    assert.equal(status(cost(110_000)), 'offTrack');
    // 80 000 → 0.5, right on the line → onTrack
    assert.equal(status(cost(80_000)), 'onTrack');
  });

  it('plan tolerance 5', () => {
    // 82 000 → 18 000 / 40 000 = 0.45 = 0.5 - 0.05 → onTrack (boundary)
    assert.equal(status(cost(82_000, 5)), 'onTrack');
    // 84 000 → 0.4 = 0.5 - 0.10 → atRisk (boundary at 2 × 5)
    assert.equal(status(cost(84_000, 5)), 'atRisk');
    // 86 000 → 14 000 / 40 000 = 0.35 < 0.40 → offTrack at 5 …
    assert.equal(status(cost(86_000, 5)), 'offTrack');
    // … but ≥ 0.30 → atRisk at 10
    assert.equal(status(cost(86_000, 10)), 'atRisk');
  });

  it('time, up: a boundary that floating point would miss', () => {
    // 8 of 10 days → 0.8; 28 / 40 = 0.7 = 0.8 - 0.1, but 0.8 - 0.1 === 0.7000000000000001 in JS.
    const s = status({ value: 28, baseline: 0, target: 40, direction: 'up', start: START, due: DUE, now: '2026-03-09T00:00:00Z', tolerancePp: 10 });
    assert.equal(s, 'onTrack');
  });

  it('quality, down (no-shows 12 → 4 %)', () => {
    const base = { baseline: 12, target: 4, direction: 'down' as const, start: START, due: DUE, now: '2026-03-06T00:00:00Z', tolerancePp: 10 };
    // 8 → (8 - 12) / -8 = 0.5 → onTrack
    assert.equal(status({ ...base, value: 8 }), 'onTrack');
    // 4 → achieved
    assert.equal(status({ ...base, value: 4 }), 'achieved');
    // 14 → -0.25 → offTrack
    assert.equal(status({ ...base, value: 14 }), 'offTrack');
  });

  it('before start everything not worse than the baseline by > tolerance is on track', () => {
    // expected 0; 101 000 → -1 000 / -40 000 = -0.025 ≥ -0.10 → onTrack
    assert.equal(status({ ...cost(101_000), now: '2026-02-01T00:00:00Z' }), 'onTrack');
  });

  it('noData without a value or without a baseline', () => {
    assert.equal(status(cost(undefined)), 'noData');
    assert.equal(status({ ...cost(84_000), baseline: undefined }), 'noData');
  });

  it('target == baseline: met → achieved, otherwise offTrack (no achievement to compare)', () => {
    const flat = { baseline: 5, target: 5, direction: 'down' as const, start: START, due: DUE, now: '2026-03-06T00:00:00Z', tolerancePp: 10 };
    assert.equal(status({ ...flat, value: 5 }), 'achieved');
    assert.equal(status({ ...flat, value: 6 }), 'offTrack');
  });
});

describe('progress: gains', () => {
  it('period gain by direction, negative for a dis-benefit', () => {
    // cost down: 100 000 - 84 000 = 16 000 NOK saved
    assert.equal(periodGain(84_000, 100_000, 'down'), 16_000);
    // cost down: 100 000 - 110 000 = -10 000 (dis-benefit)
    assert.equal(periodGain(110_000, 100_000, 'down'), -10_000);
    // cost up (avoided cost counted upwards): 25 000 - 0 = 25 000
    assert.equal(periodGain(25_000, 0, 'up'), 25_000);
    // time up: 12 - 20 = -8 hours (fewer hours saved than at baseline)
    assert.equal(periodGain(12, 20, 'up'), -8);
  });

  it('realised to date counts only measured periods', () => {
    // time down, baseline 50 h/week: 46 → +4, skip, 42 → +8, away, 52 → -2, baseline row, value-less row
    const rows = [
      { kind: 'value' as const, value: 46 },
      { kind: 'skip' as const },
      { kind: 'value' as const, value: 42 },
      { kind: 'away' as const },
      { kind: 'value' as const, value: 52 },
      { kind: 'baseline' as const, value: 50 },
      { kind: 'value' as const },
    ];
    // 4 + 8 - 2 = 10 h; the skipped and away weeks are not claimed.
    assert.equal(realisedToDate(rows, 50, 'down'), 10);
    assert.equal(realisedToDate([], 50, 'down'), 0);
  });

  it('NOK by type, hourly rate 600', () => {
    assert.equal(gainInNok('cost', 16_000, 600), 16_000);
    // 10 h × 600 = 6 000 NOK
    assert.equal(gainInNok('time', 10, 600), 6_000);
    // -2 h × 600 = -1 200 NOK
    assert.equal(gainInNok('time', -2, 600), -1_200);
    assert.equal(gainInNok('quality', 3, 600), undefined);
  });

  it('FTE with 1 695 h per FTE', () => {
    // 3 390 / 1 695 = 2
    assert.equal(hoursToFte(3_390, 1_695), 2);
    // 847.5 / 1 695 = 0.5
    assert.equal(hoursToFte(847.5, 1_695), 0.5);
    // 520 h/year (10 h/week × 52) / 1 695 = 0.30678…
    close(hoursToFte(520, 1_695), 520 / 1_695);
    assert.throws(() => hoursToFte(100, 0), RangeError);
  });
});

describe('progress: summarizeBenefit', () => {
  const owner: Person = { id: '29:owner', name: 'Kari Nordmann' };
  const plan = { tolerance: 10, hourlyRate: 600, hoursPerFte: 1_695 };
  // Time, down: hours per week on manual booking, 50 → 30 between 2026-01-05 and 2026-03-16 (70 days).
  const benefit: Benefit = {
    tenantId: 't1',
    planId: 'digitalt-tilsyn',
    number: 2,
    title: 'Mindre manuell booking',
    type: 'time',
    unit: 'timer',
    baseline: 50,
    baselineDate: '2026-01-05',
    target: 30,
    due: '2026-03-16',
    direction: 'down',
    directionSet: false,
    cadence: 'mon 09:00',
    owner,
    state: 'tracking',
    createdAt: '2025-12-20T10:00:00Z',
  };
  const m = (period: string, periodStart: string, kind: Measurement['kind'], value?: number, version = 1): Measurement => ({
    planId: 'digitalt-tilsyn',
    benefitNumber: 2,
    period,
    periodStart,
    kind,
    ...(value === undefined ? {} : { value }),
    by: owner,
    at: periodStart,
    version,
  });
  // Shuffled on purpose; W03 has a correction (v2 = 45 replaces v1 = 46).
  const rows = [
    m('2026-W06', '2026-02-02T00:00:00Z', 'value', 44),
    m('2026-W03', '2026-01-12T00:00:00Z', 'value', 46, 1),
    m('2026-W02', '2026-01-05T00:00:00Z', 'baseline', 50),
    m('2026-W05', '2026-01-26T00:00:00Z', 'value', 43),
    m('2026-W04', '2026-01-19T00:00:00Z', 'skip'),
    m('2026-W03', '2026-01-12T00:00:00Z', 'value', 45, 2),
    m('2026-W07', '2026-02-09T00:00:00Z', 'away'),
  ];
  // now = 2026-02-09: 35 of 70 days → expected achievement 0.5, expected value 50 - 20 × 0.5 = 40.
  const now = '2026-02-09T00:00:00Z';

  it('summarises latest, change, achievement, status and realised gain', () => {
    const s = summarizeBenefit(benefit, rows, now, plan);
    assert.equal(s.latest?.period, '2026-W06');
    assert.equal(s.previous?.period, '2026-W05');
    assert.equal(s.latestValue, 44);
    // 44 - 43 = +1 h (raw change, worse for a down benefit)
    assert.equal(s.change, 1);
    // (44 - 50) / (30 - 50) = 0.3
    close(s.achievement, 0.3);
    close(s.expected, 40);
    close(s.expectedAchievement, 0.5);
    // 0.3 = 0.5 - 2 × 0.10 → atRisk (boundary)
    assert.equal(s.status, 'atRisk');
    // W03 45 → +5, W05 43 → +7, W06 44 → +6 = 18 h; skip/away/baseline rows and the v1 row add nothing.
    assert.equal(s.realised, 18);
    assert.equal(s.realisedHours, 18);
    // 18 h × 600 = 10 800 NOK
    assert.equal(s.realisedNok, 10_800);
    assert.equal(s.measuredPeriods, 3);
  });

  it('plan tolerance 5 turns the same numbers off track', () => {
    // 0.3 < 0.5 - 2 × 0.05 = 0.4 → offTrack
    assert.equal(summarizeBenefit(benefit, rows, now, { ...plan, tolerance: 5 }).status, 'offTrack');
  });

  it('a planned benefit (no baseline) has no data and claims nothing', () => {
    const planned: Benefit = { ...benefit, baseline: undefined, baselineDate: undefined, state: 'planned' };
    const s = summarizeBenefit(planned, rows, now, plan);
    assert.equal(s.status, 'noData');
    assert.equal(s.realised, 0);
    assert.equal(s.realisedNok, 0);
    assert.equal(s.expected, undefined);
    assert.equal(s.achievement, undefined);
    assert.equal(s.latestValue, 44); // the answer is still shown
  });

  it('no measurements at all', () => {
    const s = summarizeBenefit(benefit, [], now, plan);
    assert.equal(s.status, 'noData');
    assert.equal(s.latest, undefined);
    assert.equal(s.change, undefined);
    assert.equal(s.measuredPeriods, 0);
    assert.equal(s.realised, 0);
  });

  it('quality: no NOK, no hours; achievement above 100 %', () => {
    // attendance 80 → 95 %, one answer of 98: achieved, (98 - 80) / 15 = 1.2
    const q: Benefit = { ...benefit, type: 'quality', unit: '%', baseline: 80, target: 95 };
    const s = summarizeBenefit(q, [m('2026-W06', '2026-02-02T00:00:00Z', 'value', 98)], now, plan);
    assert.equal(s.status, 'achieved');
    close(s.achievement, 1.2);
    assert.equal(s.realisedNok, undefined);
    assert.equal(s.realisedHours, undefined);
    assert.equal(s.realised, 18); // 98 - 80, inferred direction up
  });

  it('cost, down, with a dis-benefit period', () => {
    // 100 000 → 60 000 NOK/month; 110 000 → -10 000, 90 000 → +10 000; realised 0 NOK.
    const c: Benefit = { ...benefit, type: 'cost', unit: 'NOK', baseline: 100_000, target: 60_000 };
    const s = summarizeBenefit(
      c,
      [m('2026-01', '2026-01-01T00:00:00Z', 'value', 110_000), m('2026-02', '2026-02-01T00:00:00Z', 'value', 90_000)],
      now,
      plan,
    );
    assert.equal(s.realised, 0);
    assert.equal(s.realisedNok, 0);
    assert.equal(s.change, -20_000);
    // (90 000 - 100 000) / -40 000 = 0.25 < 0.5 - 0.2 → offTrack
    assert.equal(s.status, 'offTrack');
  });

  it('start falls back to baseline date, then to the creation date', () => {
    assert.equal(benefitStart({ start: '2026-02-01', baselineDate: '2026-01-05', createdAt: '2025-12-20T10:00:00Z' }), '2026-02-01');
    assert.equal(benefitStart({ baselineDate: '2026-01-05', createdAt: '2025-12-20T10:00:00Z' }), '2026-01-05');
    assert.equal(benefitStart({ createdAt: '2025-12-20T10:00:00Z' }), '2025-12-20');
  });
});
