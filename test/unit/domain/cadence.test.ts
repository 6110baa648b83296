import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  type Cadence,
  type Weekday,
  latestOccurrence,
  nextOccurrence,
  parseCadence,
  periodOf,
} from '../../../src/domain/cadence';
import { cadenceToText, formatCadence, formatCadenceShort } from '../../../src/domain/cadenceText';

const OSLO = 'Europe/Oslo';

const weekly = (weekday: Weekday, hour: number, minute: number, every = 1): Cadence => ({
  kind: 'weekly',
  every,
  weekday,
  hour,
  minute,
});
const monthly = (day: number, hour: number, minute: number): Cadence => ({ kind: 'monthly', day, hour, minute });
const daily = (hour: number, minute: number): Cadence => ({ kind: 'daily', hour, minute });

describe('cadence', () => {
  describe('parseCadence', () => {
    const accepted: Array<[string, Cadence]> = [
      ['mon 09:00', weekly(1, 9, 0)],
      ['Mandag 9.00', weekly(1, 9, 0)],
      ['  TUE   9:05 ', weekly(2, 9, 5)],
      ['tirsdag 09:00', weekly(2, 9, 0)],
      ['ons 10:00', weekly(3, 10, 0)],
      ['wednesday 10:00', weekly(3, 10, 0)],
      ['tor 13:30', weekly(4, 13, 30)],
      ['fre 14:00', weekly(5, 14, 0)],
      ['friday 14:00', weekly(5, 14, 0)],
      ['lør 10:00', weekly(6, 10, 0)],
      ['LØRDAG 10:00', weekly(6, 10, 0)],
      ['lor 10:00', weekly(6, 10, 0)],
      ['søn 23:59', weekly(7, 23, 59)],
      ['son 00:00', weekly(7, 0, 0)],
      ['sunday 0:00', weekly(7, 0, 0)],
      ['"fri 14:00"', weekly(5, 14, 0)],
      ['“fri 14:00”', weekly(5, 14, 0)],
      ['mon at 09:00', weekly(1, 9, 0)],
      ['weekly mon 09:00', weekly(1, 9, 0)],
      ['hver mandag kl. 09:00', weekly(1, 9, 0)],
      ['every 2 weeks thu 13:30', weekly(4, 13, 30, 2)],
      ['every 1 week thu 13:30', weekly(4, 13, 30, 1)],
      ['every 52 weeks sun 12:00', weekly(7, 12, 0, 52)],
      ['Every 3 Weeks Thursday 13.30', weekly(4, 13, 30, 3)],
      ['every other week thu 13:30', weekly(4, 13, 30, 2)],
      ['hver 2 uke tor 13:30', weekly(4, 13, 30, 2)],
      ['hver 2. uke tor 13:30', weekly(4, 13, 30, 2)],
      ['hver 4 uker fredag 08:15', weekly(5, 8, 15, 4)],
      ['annenhver uke tor 13:30', weekly(4, 13, 30, 2)],
      ['annenhver torsdag kl. 13:30', weekly(4, 13, 30, 2)],
      ['monthly 1 09:00', monthly(1, 9, 0)],
      ['monthly 31 09:00', monthly(31, 9, 0)],
      ['månedlig 1 09:00', monthly(1, 9, 0)],
      ['ma\u030Anedlig 1 09:00', monthly(1, 9, 0)], // decomposed å, as some keyboards send it
      ['manedlig 15. 9:00', monthly(15, 9, 0)],
      ['daily 08:00', daily(8, 0)],
      ['daglig 8.00', daily(8, 0)],
      ['DAILY 23:30', daily(23, 30)],
    ];
    for (const [text, cadence] of accepted) {
      it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parseCadence(text), { ok: true, cadence }));
    }

    const rejected: Array<[string, string]> = [
      ['', 'format'],
      ['   ', 'format'],
      ['whenever', 'format'],
      ['hello world again', 'format'],
      ['mon 09:00 extra', 'format'],
      ['foo 09:00', 'weekday'],
      ['every 2 weeks xyz 13:30', 'weekday'],
      ['every 2 weeks', 'weekday'],
      ['every funday 09:00', 'weekday'],
      ['mon', 'time'],
      ['mon 24:00', 'time'],
      ['mon 09:60', 'time'],
      ['mon 9', 'time'],
      ['mon 9:0', 'time'],
      ['daily', 'time'],
      ['daily noon', 'time'],
      ['monthly 1 25:00', 'time'],
      ['monthly 0 09:00', 'day'],
      ['monthly 32 09:00', 'day'],
      ['monthly last 09:00', 'day'],
      ['monthly 09:00', 'day'],
      ['every 0 weeks thu 13:30', 'interval'],
      ['every 53 weeks thu 13:30', 'interval'],
      ['hver 100 uker tor 13:30', 'interval'],
    ];
    for (const [text, error] of rejected) {
      it(`rejects ${JSON.stringify(text)} with '${error}'`, () => assert.deepEqual(parseCadence(text), { ok: false, error }));
    }
  });

  describe('cadenceToText and formatCadence', () => {
    it('writes the canonical English form', () => {
      assert.equal(cadenceToText(weekly(1, 9, 0)), 'mon 09:00');
      assert.equal(cadenceToText(weekly(4, 13, 30, 2)), 'every 2 weeks thu 13:30');
      assert.equal(cadenceToText(monthly(1, 9, 0)), 'monthly 1 09:00');
      assert.equal(cadenceToText(daily(8, 0)), 'daily 08:00');
    });
    it('writes Norwegian human text', () => {
      assert.equal(formatCadence(weekly(1, 9, 0), 'nb'), 'hver mandag kl. 09:00');
      assert.equal(formatCadence(weekly(4, 13, 30, 2), 'nb'), 'annenhver torsdag kl. 13:30');
      assert.equal(formatCadence(weekly(4, 13, 30, 3), 'nb'), 'torsdag hver 3. uke kl. 13:30');
      assert.equal(formatCadence(monthly(1, 9, 0), 'nb'), 'den 1. hver måned kl. 09:00');
      assert.equal(formatCadence(monthly(31, 9, 0), 'nb'), 'den 31. hver måned (eller siste dag i måneden) kl. 09:00');
      assert.equal(formatCadence(daily(8, 0), 'nb'), 'hver arbeidsdag kl. 08:00');
    });
    it('writes English human text', () => {
      assert.equal(formatCadence(weekly(1, 9, 0), 'en'), 'every Monday at 09:00');
      assert.equal(formatCadence(weekly(4, 13, 30, 2), 'en'), 'every other Thursday at 13:30');
      assert.equal(formatCadence(weekly(4, 13, 30, 3), 'en'), 'every 3 weeks on Thursday at 13:30');
      assert.equal(formatCadence(monthly(1, 9, 0), 'en'), 'on day 1 of every month at 09:00');
      assert.equal(formatCadence(daily(8, 0), 'en'), 'every working day at 08:00');
    });
    it('every written form parses back to the same cadence', () => {
      fc.assert(
        fc.property(cadenceArb, (c) => {
          for (const text of [cadenceToText(c), formatCadence(c, 'nb'), formatCadence(c, 'en')]) {
            assert.deepEqual(parseCadence(text), { ok: true, cadence: c }, text);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('nextOccurrence', () => {
    it('keeps 09:00 wall-clock across spring DST (2027-03-28): 08:00Z then 07:00Z', () => {
      const mon = weekly(1, 9, 0);
      assert.equal(nextOccurrence(mon, OSLO, '2027-03-20T12:00:00.000Z'), '2027-03-22T08:00:00.000Z');
      assert.equal(nextOccurrence(mon, OSLO, '2027-03-22T08:00:00.000Z'), '2027-03-29T07:00:00.000Z');
    });
    it('keeps 09:00 wall-clock across autumn DST (2026-10-25, 2027-10-31): 07:00Z then 08:00Z', () => {
      const mon = weekly(1, 9, 0);
      assert.equal(nextOccurrence(mon, OSLO, '2026-10-15T00:00:00.000Z'), '2026-10-19T07:00:00.000Z');
      assert.equal(nextOccurrence(mon, OSLO, '2026-10-19T07:00:00.000Z'), '2026-10-26T08:00:00.000Z');
      assert.equal(nextOccurrence(mon, OSLO, '2027-10-20T00:00:00.000Z'), '2027-10-25T07:00:00.000Z');
      assert.equal(nextOccurrence(mon, OSLO, '2027-10-25T07:00:00.000Z'), '2027-11-01T08:00:00.000Z');
    });
    it('is strictly after: an occurrence exactly at `after` is skipped, one 1 ms later is not', () => {
      const mon = weekly(1, 9, 0);
      assert.equal(nextOccurrence(mon, OSLO, '2027-03-22T07:59:59.999Z'), '2027-03-22T08:00:00.000Z');
    });
    it('accepts instants with any offset and always answers in UTC with milliseconds', () => {
      assert.equal(nextOccurrence(weekly(1, 9, 0), OSLO, '2027-03-20T13:00:00+01:00'), '2027-03-22T08:00:00.000Z');
    });
    it('moves a time in the spring-forward gap forward by the gap', () => {
      // 02:30 does not exist on 2027-03-28 in Oslo: 03:30 CEST = 01:30Z.
      assert.equal(nextOccurrence(weekly(7, 2, 30), OSLO, '2027-03-27T00:00:00.000Z'), '2027-03-28T01:30:00.000Z');
      assert.equal(nextOccurrence(monthly(28, 2, 30), OSLO, '2027-03-01T00:00:00.000Z'), '2027-03-28T01:30:00.000Z');
      assert.equal(nextOccurrence(monthly(28, 2, 30), OSLO, '2027-03-28T01:30:00.000Z'), '2027-04-28T00:30:00.000Z');
    });
    it('takes the first of two ambiguous autumn instants, once', () => {
      const sun = weekly(7, 2, 30);
      assert.equal(nextOccurrence(sun, OSLO, '2026-10-24T00:00:00.000Z'), '2026-10-25T00:30:00.000Z');
      assert.equal(nextOccurrence(sun, OSLO, '2026-10-25T00:30:00.000Z'), '2026-11-01T01:30:00.000Z');
    });
    it('daily 02:30 over the spring-forward Easter Sunday 2027 skips to Tuesday 30 March', () => {
      // Good Friday → Sat, Sun (Easter, DST change), Mon (Easter Monday) are skipped.
      assert.equal(nextOccurrence(daily(2, 30), OSLO, '2027-03-25T12:00:00.000Z'), '2027-03-30T00:30:00.000Z');
    });
    it('daily 02:30 over the spring-forward weekend 2026 gives Monday in summer time', () => {
      assert.equal(nextOccurrence(daily(2, 30), OSLO, '2026-03-27T12:00:00.000Z'), '2026-03-30T00:30:00.000Z');
      assert.equal(nextOccurrence(daily(2, 30), OSLO, '2026-03-27T00:00:00.000Z'), '2026-03-27T01:30:00.000Z');
    });
    it('daily skips 17 May 2027, Christmas and weekends', () => {
      const d = daily(8, 0);
      assert.equal(nextOccurrence(d, OSLO, '2027-05-14T06:00:00.000Z'), '2027-05-18T06:00:00.000Z');
      assert.equal(nextOccurrence(d, OSLO, '2026-12-24T07:00:00.000Z'), '2026-12-28T07:00:00.000Z');
      assert.equal(nextOccurrence(d, OSLO, '2027-06-08T06:00:00.000Z'), '2027-06-09T06:00:00.000Z');
    });
    it('weekly and monthly occurrences are not shifted off holidays', () => {
      assert.equal(nextOccurrence(weekly(1, 9, 0), OSLO, '2027-05-14T00:00:00.000Z'), '2027-05-17T07:00:00.000Z');
      assert.equal(nextOccurrence(monthly(25, 9, 0), OSLO, '2026-12-01T00:00:00.000Z'), '2026-12-25T08:00:00.000Z');
    });
    it('monthly day 31 uses the last day of shorter months', () => {
      const m = monthly(31, 9, 0);
      assert.equal(nextOccurrence(m, OSLO, '2027-01-31T08:00:00.000Z'), '2027-02-28T08:00:00.000Z');
      assert.equal(nextOccurrence(m, OSLO, '2027-02-28T08:00:00.000Z'), '2027-03-31T07:00:00.000Z');
      assert.equal(nextOccurrence(m, OSLO, '2027-03-31T07:00:00.000Z'), '2027-04-30T07:00:00.000Z');
      assert.equal(nextOccurrence(m, OSLO, '2028-01-31T08:00:00.000Z'), '2028-02-29T08:00:00.000Z');
      assert.equal(nextOccurrence(monthly(30, 9, 0), OSLO, '2027-02-15T00:00:00.000Z'), '2027-02-28T08:00:00.000Z');
    });
    it('every 2 weeks respects the parity of the anchor week', () => {
      const c = weekly(4, 13, 30, 2);
      const anchorW02 = '2026-01-05T00:00:00.000Z'; // Monday of 2026-W02
      const anchorW03 = '2026-01-12T00:00:00.000Z';
      assert.equal(nextOccurrence(c, OSLO, '2026-01-05T00:00:00.000Z', anchorW02), '2026-01-08T12:30:00.000Z');
      assert.equal(nextOccurrence(c, OSLO, '2026-01-09T00:00:00.000Z', anchorW02), '2026-01-22T12:30:00.000Z');
      assert.equal(nextOccurrence(c, OSLO, '2026-01-16T00:00:00.000Z', anchorW02), '2026-01-22T12:30:00.000Z');
      assert.equal(nextOccurrence(c, OSLO, '2026-01-09T00:00:00.000Z', anchorW03), '2026-01-15T12:30:00.000Z');
      // An occurrence before the anchor does not exist, even in the anchor's own week.
      assert.equal(nextOccurrence(c, OSLO, '2026-01-01T00:00:00.000Z', '2026-01-08T13:00:00.000Z'), '2026-01-22T12:30:00.000Z');
      // Without an anchor the parity comes from `after`.
      assert.equal(nextOccurrence(c, OSLO, '2026-01-09T00:00:00.000Z'), '2026-01-22T12:30:00.000Z');
    });
    it('every 2 weeks counts ISO week 53 (2026-W52 → 2027-W01)', () => {
      const c = weekly(1, 9, 0, 2);
      const anchor = '2026-12-21T00:00:00.000Z'; // 2026-W52
      assert.equal(nextOccurrence(c, OSLO, anchor, anchor), '2026-12-21T08:00:00.000Z');
      assert.equal(nextOccurrence(c, OSLO, '2026-12-21T08:00:00.000Z', anchor), '2027-01-04T08:00:00.000Z');
    });
    it('works in other zones', () => {
      assert.equal(nextOccurrence(weekly(1, 9, 0), 'America/New_York', '2027-03-10T00:00:00.000Z'), '2027-03-15T13:00:00.000Z');
      assert.equal(nextOccurrence(weekly(1, 9, 0), 'UTC', '2027-03-10T00:00:00.000Z'), '2027-03-15T09:00:00.000Z');
    });
    it('throws on an invalid zone, instant or cadence', () => {
      assert.throws(() => nextOccurrence(weekly(1, 9, 0), 'Europe/Atlantis', '2027-03-10T00:00:00.000Z'), RangeError);
      assert.throws(() => nextOccurrence(weekly(1, 9, 0), OSLO, 'not an instant'), RangeError);
      assert.throws(() => nextOccurrence(weekly(1, 9, 0, 0), OSLO, '2027-03-10T00:00:00.000Z'), RangeError);
      assert.throws(() => nextOccurrence(monthly(32, 9, 0), OSLO, '2027-03-10T00:00:00.000Z'), RangeError);
      assert.throws(() => nextOccurrence(daily(24, 0), OSLO, '2027-03-10T00:00:00.000Z'), RangeError);
    });
  });

  describe('latestOccurrence', () => {
    it('returns the last occurrence at or before the instant', () => {
      const mon = weekly(1, 9, 0);
      assert.equal(latestOccurrence(mon, OSLO, '2027-03-29T07:00:00.000Z'), '2027-03-29T07:00:00.000Z');
      assert.equal(latestOccurrence(mon, OSLO, '2027-03-29T06:59:59.999Z'), '2027-03-22T08:00:00.000Z');
      assert.equal(latestOccurrence(monthly(31, 9, 0), OSLO, '2027-03-15T00:00:00.000Z'), '2027-02-28T08:00:00.000Z');
      assert.equal(latestOccurrence(daily(8, 0), OSLO, '2027-03-30T05:00:00.000Z'), '2027-03-24T07:00:00.000Z');
    });
    it('every 3 weeks follows the anchor and has nothing before it', () => {
      const c = weekly(3, 10, 0, 3);
      const anchor = '2026-01-05T00:00:00.000Z'; // 2026-W02; occurrences 7 Jan, 28 Jan, 18 Feb …
      assert.equal(latestOccurrence(c, OSLO, '2026-02-20T00:00:00.000Z', anchor), '2026-02-18T09:00:00.000Z');
      assert.equal(latestOccurrence(c, OSLO, '2026-02-18T08:59:59.999Z', anchor), '2026-01-28T09:00:00.000Z');
      assert.equal(latestOccurrence(c, OSLO, '2026-01-07T09:00:00.000Z', anchor), '2026-01-07T09:00:00.000Z');
      assert.equal(latestOccurrence(c, OSLO, '2026-01-06T00:00:00.000Z', anchor), undefined);
    });
    it('returns undefined when the last occurrence is before the anchor', () => {
      assert.equal(latestOccurrence(weekly(1, 9, 0), OSLO, '2027-03-24T00:00:00.000Z', '2027-03-23T00:00:00.000Z'), undefined);
    });
  });

  describe('periodOf: the period a prompt asks about is the one its occurrence closes', () => {
    // The table of DOMAIN.md, "Which period a prompt asks about".
    it('mon 09:00 on Monday 7 December 2026 asks about week 49 (30 Nov – 6 Dec)', () => {
      assert.deepEqual(periodOf(weekly(1, 9, 0), OSLO, '2026-12-07T08:00:00.000Z'), {
        id: '2026-W49',
        start: '2026-11-30T08:00:00.000Z',
        end: '2026-12-07T08:00:00.000Z',
      });
    });
    it('fri 14:00 on Friday 11 December 2026 asks about week 50 (7 – 11 Dec)', () => {
      assert.deepEqual(periodOf(weekly(5, 14, 0), OSLO, '2026-12-11T13:00:00.000Z'), {
        id: '2026-W50',
        start: '2026-12-04T13:00:00.000Z',
        end: '2026-12-11T13:00:00.000Z',
      });
    });
    it('every 2 weeks thu 13:30 on Thursday 10 December asks about the two weeks ending then, named by their first week', () => {
      const anchor = '2026-11-24T10:00:00.000Z'; // created in week 48: the series runs in W48, W50, …
      assert.deepEqual(periodOf(weekly(4, 13, 30, 2), OSLO, '2026-12-10T12:30:00.000Z', anchor), {
        id: '2026-W49',
        start: '2026-11-26T12:30:00.000Z',
        end: '2026-12-10T12:30:00.000Z',
      });
      // On Mondays the two weeks hold as many working days each: the first names them.
      assert.equal(periodOf(weekly(1, 9, 0, 2), OSLO, '2026-12-07T08:00:00.000Z', '2026-11-09T10:00:00.000Z').id, '2026-W48');
    });
    it('monthly 1 09:00 on 1 December and monthly 25 09:00 on 25 November ask about November', () => {
      assert.deepEqual(periodOf(monthly(1, 9, 0), OSLO, '2026-12-01T08:00:00.000Z'), {
        id: '2026-11',
        start: '2026-11-01T08:00:00.000Z',
        end: '2026-12-01T08:00:00.000Z',
      });
      assert.equal(periodOf(monthly(25, 9, 0), OSLO, '2026-11-25T08:00:00.000Z').id, '2026-11');
    });
    it('daily 08:00 on Tuesday 8 December asks about Monday 7 December; on a Monday, about the Friday', () => {
      assert.deepEqual(periodOf(daily(8, 0), OSLO, '2026-12-08T07:00:00.000Z'), {
        id: '2026-12-07',
        start: '2026-12-07T07:00:00.000Z',
        end: '2026-12-08T07:00:00.000Z',
      });
      assert.equal(periodOf(daily(8, 0), OSLO, '2026-12-07T07:00:00.000Z').id, '2026-12-04');
    });
    it('uses ISO week-years: the Monday of week 1 2027 asks about week 53 2026, Christmas days and all', () => {
      assert.equal(periodOf(weekly(1, 9, 0), OSLO, '2027-01-04T08:00:00.000Z').id, '2026-W53');
      assert.equal(periodOf(weekly(1, 9, 0), OSLO, '2026-12-28T08:00:00.000Z').id, '2026-W52');
      assert.equal(periodOf(weekly(5, 9, 0), OSLO, '2027-01-08T08:00:00.000Z').id, '2027-W01');
    });
    it('counts days in the plan zone, not in UTC', () => {
      // Monday 00:30 in Oslo is still Sunday in UTC: the week that closes is the one before.
      assert.equal(periodOf(weekly(1, 0, 30), OSLO, '2027-01-10T23:30:00.000Z').id, '2027-W01');
    });
    it('the last day of a short month, and an hour lost to summer time, keep the interval whole', () => {
      assert.deepEqual(periodOf(monthly(31, 9, 0), OSLO, '2027-02-28T08:00:00.000Z'), {
        id: '2027-02',
        start: '2027-01-31T08:00:00.000Z',
        end: '2027-02-28T08:00:00.000Z',
      });
      assert.deepEqual(periodOf(weekly(1, 9, 0), OSLO, '2027-03-29T07:00:00.000Z'), {
        id: '2027-W12',
        start: '2027-03-22T08:00:00.000Z',
        end: '2027-03-29T07:00:00.000Z',
      });
    });
    it('names every period of a series once, in time order, through five years of holidays', () => {
      const cadences = [
        ...[1, 2, 3, 4, 5, 6, 7].flatMap((wd) => [1, 2, 3].map((n) => weekly(wd as 1, 9, 0, n))),
        ...[1, 15, 16, 28, 29, 31].map((d) => monthly(d, 9, 0)),
        daily(9, 0),
      ];
      for (const c of cadences) {
        const ids: string[] = [];
        let t = '2025-12-01T00:00:00.000Z';
        while (t < '2031-01-01T00:00:00.000Z') {
          t = nextOccurrence(c, OSLO, t, '2025-11-01T00:00:00.000Z');
          ids.push(periodOf(c, OSLO, t, '2025-11-01T00:00:00.000Z').id);
        }
        assert.deepEqual([...ids].sort(), ids, cadenceToText(c));
        assert.equal(new Set(ids).size, ids.length, cadenceToText(c));
      }
    });
  });

  describe('properties', () => {
    const instantArb = fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 11, 31, 23, 59, 59, 999) })
      .map((ms) => new Date(ms).toISOString());
    const tzArb = fc.constantFrom(OSLO, 'UTC', 'America/New_York', 'Australia/Sydney');
    for (const kind of ['weekly', 'monthly', 'daily'] as const) {
      it(`${kind}: next > after, latest ≤ at, next(latest(t)) > t`, () => {
        fc.assert(
          fc.property(
            cadenceArb.filter((c) => c.kind === kind),
            tzArb,
            instantArb,
            fc.option(fc.integer({ min: 0, max: 400 * 86_400_000 }), { nil: undefined }),
            (c, tz, t, anchorBack) => {
              const anchor = anchorBack === undefined ? undefined : new Date(Date.parse(t) - anchorBack).toISOString();
              const next = nextOccurrence(c, tz, t, anchor);
              assert.ok(next > t, `next ${next} > ${t}`);
              assert.equal(latestOccurrence(c, tz, next, anchor), next);
              const latest = latestOccurrence(c, tz, t, anchor);
              if (anchor === undefined) assert.notEqual(latest, undefined);
              if (latest !== undefined) {
                assert.ok(latest <= t, `latest ${latest} <= ${t}`);
                if (anchor !== undefined) assert.ok(latest >= anchor);
                assert.equal(nextOccurrence(c, tz, latest, anchor), next);
              }
            },
          ),
          { numRuns: 300 },
        );
      });
    }
  });
});

const weekdayArb = fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<Weekday>;
const cadenceArb: fc.Arbitrary<Cadence> = fc.oneof(
  fc.record({
    kind: fc.constant('weekly' as const),
    every: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 52 })),
    weekday: weekdayArb,
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  }, { noNullPrototype: true }),
  fc.record({
    kind: fc.constant('monthly' as const),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  }, { noNullPrototype: true }),
  fc.record({
    kind: fc.constant('daily' as const),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  }, { noNullPrototype: true }),
);

describe('formatCadenceShort: the form a spreadsheet shows, read back by parseCadence', () => {
  it('writes Norwegian short forms and reads them back to the same cadence', () => {
    const cases: [string, string, string][] = [
      ['mon 09:00', 'man 09:00', 'mon 09:00'],
      ['every 2 weeks thu 13:30', 'hver 2. uke tor 13:30', 'every 2 weeks thu 13:30'],
      ['monthly 1 09:00', 'månedlig 1 09:00', 'monthly 1 09:00'],
      ['daily 08:00', 'daglig 08:00', 'daily 08:00'],
      ['sat 10:15', 'lør 10:15', 'sat 10:15'],
    ];
    for (const [stored, nb, en] of cases) {
      const c = (parseCadence(stored) as { ok: true; cadence: Cadence }).cadence;
      assert.equal(formatCadenceShort(c, 'nb'), nb);
      assert.equal(formatCadenceShort(c, 'en'), en);
      assert.deepEqual(parseCadence(nb), { ok: true, cadence: c }, nb);
    }
  });
});
