import assert from 'node:assert/strict';
import { periodAnchorMs } from '../../../src/domain/periodAnchor';
import { realisedInYear } from '../../../src/domain/portfolio';
import type { Benefit, PeriodRecord } from '../../../src/domain/types';

const at = (period: string, periodStart = '2000-01-01T00:00:00.000Z') => new Date(periodAnchorMs({ period, periodStart }, 'Europe/Oslo')).toISOString();

describe('periodAnchor: where a period belongs on the calendar', () => {
  it('is the start of the week, month or day the period is named by, in the plan’s zone', () => {
    assert.equal(at('2026-W49'), '2026-11-29T23:00:00.000Z', 'Monday 30 November 00:00 Oslo');
    assert.equal(at('2026-W53'), '2026-12-27T23:00:00.000Z', 'uke 53 2026 starts on 28 December 2026');
    assert.equal(at('2027-W01'), '2027-01-03T23:00:00.000Z');
    assert.equal(at('2026-11'), '2026-10-31T23:00:00.000Z');
    assert.equal(at('2026-07-01'), '2026-06-30T22:00:00.000Z', 'summer time');
  });

  it('falls back to the interval’s start for an id that is not a calendar name', () => {
    assert.equal(at('baseline', '2026-11-02T07:00:00.000Z'), '2026-11-02T07:00:00.000Z');
  });

  it('decides the year a gain is realised in: a Thursday prompt’s week 1 2027 started on 31 December 2026', () => {
    const plan = { timezone: 'Europe/Oslo', hourlyRate: 600 };
    const b = { number: 1, type: 'time', baseline: 40, target: 10, direction: 'down', directionSet: true } as unknown as Benefit;
    // Asked Thursday 7 January 2027 about 31 December – 7 January: most working days are in week 1 2027.
    const r = {
      planId: 'p', benefitNumber: 1, period: '2027-W01', periodStart: '2026-12-31T12:30:00.000Z', periodEnd: '2027-01-07T12:30:00.000Z',
      closesAt: '2027-01-21T12:30:00.000Z', state: 'answered', baseline: false, promptedAt: '2027-01-07T12:30:00.000Z', value: 30, version: 1,
    } as PeriodRecord;
    assert.deepEqual(realisedInYear(plan, [b], [r], 2027), { nok: 6000, periods: 1 }, '10 hours × 600 kr, in 2027 as its name says');
    assert.deepEqual(realisedInYear(plan, [b], [r], 2026), { nok: 0, periods: 0 });
  });
});
