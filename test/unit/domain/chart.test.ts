// The chart model both the dashboard and the document draw: round axis steps, ranges that hold
// every line, month ticks, and positions as fractions of the plot area.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildChart, monthTicks, niceStep, yAxis } from '../../../src/domain/chart';

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) < eps;

describe('chart model', () => {
  it('steps are 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.equal(niceStep(6000, 5), 2000);
    assert.equal(niceStep(10, 5), 2);
    assert.equal(niceStep(12.5, 5), 2.5);
    assert.equal(niceStep(0.3, 5), 0.1);
    assert.equal(niceStep(45, 5), 10);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (span) => {
        const step = niceStep(span, 5);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        return [1, 2, 2.5, 5].some((m) => close(mantissa, m, 1e-6)) && span / step <= 5 + 1e-9 && span / step > 1;
      }),
    );
  });

  it('the y axis holds every value, starts at a multiple of its step, and keeps 0 as the floor for counts', () => {
    const a = yAxis([10_000, 4_000, 7_500]);
    assert.equal(a.step, 2000);
    assert.deepEqual(a.ticks, [2000, 4000, 6000, 8000, 10000, 12000]);
    const counts = yAxis([20, 22, 21]);
    assert.ok(counts.min <= 20 && counts.max >= 22);
    const small = yAxis([1, 8]);
    assert.equal(small.min, 0, 'near zero: from zero');
    const negative = yAxis([-30, 10]);
    assert.ok(negative.min <= -30 && negative.ticks.includes(0));
    const flat = yAxis([5, 5]);
    assert.ok(flat.min < 5 && flat.max > 5, 'a flat line is drawn in the middle, not on the frame');
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (values) => {
        const ax = yAxis(values);
        const within = values.every((v) => v >= ax.min - 1e-6 && v <= ax.max + 1e-6);
        const onStep = ax.ticks.every((t) => close(t / ax.step, Math.round(t / ax.step), 1e-6));
        return within && onStep && ax.ticks.length >= 2 && ax.ticks.length <= 12;
      }),
    );
  });

  it('month ticks fall on the first of a month, at most seven, quarters on Jan/Apr/Jul/Oct', () => {
    const short = monthTicks(Date.UTC(2026, 8, 15), Date.UTC(2027, 0, 10));
    assert.deepEqual(short.map((t) => t.date), ['2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01']);
    assert.deepEqual(short.map((t) => t.showYear), [true, false, false, true]);
    const december = monthTicks(Date.UTC(2026, 11, 1), Date.UTC(2027, 2, 1));
    assert.deepEqual(december.map((t) => t.showYear), [false, true, false, false], 'des, jan 2027, feb, mar: the year once, not twice side by side');
    const twoYears = monthTicks(Date.UTC(2025, 0, 1), Date.UTC(2026, 11, 31));
    assert.ok(twoYears.length <= 7);
    assert.ok(twoYears.every((t) => ['01', '04', '07', '10'].includes(t.date.slice(5, 7))), twoYears.map((t) => t.date).join());
  });

  it('places measured points, the trajectory and the target as fractions, gaps on the axis, today inside the range', () => {
    const m = buildChart({
      baseline: 10_000,
      target: 4_000,
      start: '2026-09-01',
      due: '2027-06-30',
      points: [
        { period: '2026-W46', at: '2026-11-09T07:00:00.000Z', value: 7_500 },
        { period: '2026-W45', at: '2026-11-02T07:00:00.000Z', value: 9_000 },
      ],
      gaps: ['2026-11-16T07:00:00.000Z'],
      now: '2026-11-30T07:00:00.000Z',
    });
    assert.deepEqual(m.measured.map((p) => p.period), ['2026-W45', '2026-W46'], 'in period order');
    assert.equal(m.expected?.from.fx, 0);
    assert.equal(m.expected?.to.fx, 1);
    assert.ok(close(m.expected!.from.fy, (10_000 - m.y.min) / (m.y.max - m.y.min)));
    assert.ok(close(m.target.fy, (4_000 - m.y.min) / (m.y.max - m.y.min)));
    assert.ok(m.measured.every((p) => p.fx > 0 && p.fx < 1 && p.fy > 0 && p.fy < 1));
    assert.equal(m.gaps.length, 1);
    assert.ok(m.gaps[0] > m.measured[1].fx);
    assert.ok(m.now !== undefined && m.now > m.gaps[0] && m.now < 1);
    assert.ok(m.y.ticks[0].fy === 0 && m.y.ticks[m.y.ticks.length - 1].fy === 1);
  });

  it('without a baseline: no trajectory, the target only; values after the target date widen the range', () => {
    const m = buildChart({ target: 22, start: '2026-09-01', due: '2026-12-31', points: [{ period: '2027-W02', at: '2027-01-11T07:00:00.000Z', value: 21 }] });
    assert.equal(m.expected, undefined);
    assert.equal(m.baseline, undefined);
    assert.equal(m.measured[0].fx, 1, 'the latest point is at the right edge');
    assert.equal(m.now, undefined);
  });
});
