import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import {
  formatDate,
  formatInstant,
  isValidTimeZone,
  parseDate,
  toUtcIso,
  zonedWallClock,
  zoneOf,
} from '../../../src/domain/dates';

describe('dates', () => {
  describe('parseDate', () => {
    const accepted: Array<[string, string]> = [
      ['2027-06-30', '2027-06-30'],
      ['30.06.2027', '2027-06-30'],
      ['30.6.2027', '2027-06-30'],
      ['1.1.2000', '2000-01-01'],
      ['31.12.2100', '2100-12-31'],
      ['29.02.2028', '2028-02-29'],
      [' 2027-06-30 ', '2027-06-30'],
    ];
    for (const [text, expected] of accepted) {
      it(`accepts ${JSON.stringify(text)}`, () => assert.equal(parseDate(text), expected));
    }
    const rejected = [
      '31.02.2027', '29.02.2027', '2027-02-30', '2027-13-01', '00.01.2027', '1999-12-31', '01.01.2101',
      '30/06/2027', '2027-6-30', '30.06.27', '', 'tomorrow', '2027-06-30T00:00:00Z',
    ];
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parseDate(text), undefined));
    }
  });

  describe('formatDate', () => {
    it('formats nb and en', () => {
      assert.equal(formatDate('2027-06-30', 'nb'), '30.06.2027');
      assert.equal(formatDate('2027-06-30', 'en'), '2027-06-30');
    });
    it('throws on a bad date', () => assert.throws(() => formatDate('2027-02-30', 'nb'), RangeError));
    it('knows leap years and month lengths', () => {
      assert.equal(formatDate('2028-02-29', 'nb'), '29.02.2028');
      assert.equal(formatDate('2000-02-29', 'en'), '2000-02-29');
      for (const bad of ['2100-02-29', '2027-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2027-01-00', '27-01-01', '2027-1-01', '2027-01-01T00:00']) {
        assert.throws(() => formatDate(bad, 'nb'), RangeError, bad);
      }
    });
  });

  describe('formatInstant', () => {
    it('shows the wall-clock time in the zone (summer)', () => {
      assert.equal(formatInstant('2027-06-30T07:00:00.000Z', 'Europe/Oslo', 'nb'), '30.06.2027 kl. 09:00');
      assert.equal(formatInstant('2027-06-30T07:00:00.000Z', 'Europe/Oslo', 'en'), '2027-06-30 09:00');
    });
    it('shows the wall-clock time in the zone (winter, date change)', () => {
      assert.equal(formatInstant('2026-12-31T23:30:00.000Z', 'Europe/Oslo', 'nb'), '01.01.2027 kl. 00:30');
    });
    it('reads an instant without offset as UTC, whatever the host zone', () => {
      assert.equal(formatInstant('2027-06-30T07:00', 'Europe/Oslo', 'en'), '2027-06-30 09:00');
    });
    it('agrees with luxon for stored instants in any zone, across DST changes and years', () => {
      const zones = ['Europe/Oslo', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Africa/Cairo', 'America/St_Johns'];
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9998, 11, 31) }), fc.constantFrom(...zones), (ms, tz) => {
          const iso = new Date(ms).toISOString();
          const dt = DateTime.fromMillis(ms, { zone: tz });
          assert.equal(formatInstant(iso, tz, 'nb'), dt.toFormat("dd.MM.yyyy 'kl.' HH:mm"));
          assert.equal(formatInstant(iso, tz, 'en'), dt.toFormat('yyyy-MM-dd HH:mm'));
        }),
        { numRuns: 2000 },
      );
    });
    it('throws on a bad zone or instant', () => {
      assert.throws(() => formatInstant('2027-06-30T07:00:00.000Z', 'Europe/Nowhere', 'nb'), RangeError);
      assert.throws(() => formatInstant('yesterday', 'Europe/Oslo', 'nb'), RangeError);
    });
  });

  describe('isValidTimeZone', () => {
    it('accepts IANA zones', () => {
      for (const tz of ['Europe/Oslo', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Arctic/Longyearbyen']) {
        assert.equal(isValidTimeZone(tz), true, tz);
      }
    });
    it('rejects anything else', () => {
      for (const tz of ['', ' ', 'Europe/Nowhere', 'Oslo', 'CET+1', '+01:00', 'local']) {
        assert.equal(isValidTimeZone(tz), false, tz);
      }
    });
  });

  describe('zonedWallClock', () => {
    const at = (y: number, mo: number, d: number, h: number, mi: number) =>
      toUtcIso(zonedWallClock('Europe/Oslo', { year: y, month: mo, day: d, hour: h, minute: mi }));
    it('maps winter and summer times', () => {
      assert.equal(at(2027, 3, 22, 9, 0), '2027-03-22T08:00:00.000Z');
      assert.equal(at(2027, 3, 29, 9, 0), '2027-03-29T07:00:00.000Z');
    });
    it('moves a time in the spring-forward gap forward by the gap (02:30 → 03:30 CEST)', () => {
      assert.equal(at(2027, 3, 28, 2, 30), '2027-03-28T01:30:00.000Z');
    });
    it('takes the earlier instant for an ambiguous autumn time (02:30 CEST)', () => {
      assert.equal(at(2026, 10, 25, 2, 30), '2026-10-25T00:30:00.000Z');
      assert.equal(at(2027, 10, 31, 2, 30), '2027-10-31T00:30:00.000Z');
    });
    it('throws on an invalid zone', () => {
      assert.throws(() => zonedWallClock('Mars/Olympus', { year: 2027, month: 1, day: 1, hour: 0, minute: 0 }));
    });
  });

  describe('zoneOf (offsets remembered per hour)', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    /** The instants in a year at which a zone's offset changes (a fresh IANAZone: no memo). */
    const transitions = (plain: IANAZone, year: number): number[] => {
      const out: number[] = [];
      for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
        if (plain.offset(day) === plain.offset(day + 86_400_000)) continue;
        let [lo, hi] = [day, day + 86_400_000]; // offset(lo) ≠ offset(hi): the first ms of the new offset
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (plain.offset(mid) === plain.offset(day)) lo = mid;
          else hi = mid;
        }
        out.push(hi);
      }
      return out;
    };
    it("gives luxon's own offset for any zone and instant, at and around its transitions", () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: 1890, max: 2090 }),
          fc.array(fc.integer({ min: -7_200_000, max: 7_200_000 }), { minLength: 1, maxLength: 8 }),
          (tz, year, nearby) => {
            const cached = zoneOf(tz);
            const plain = new IANAZone(tz);
            for (const at of [Date.UTC(year, 5, 1, 12, 34), ...transitions(plain, year)]) {
              for (const t of [at, at - 1, ...nearby.map((d) => at + d)]) assert.equal(cached.offset(t), plain.offset(t), `${tz} at ${new Date(t).toISOString()}`);
            }
          },
        ),
        { numRuns: 100 },
      );
    });
    it('is exact at every minute around a DST change, in both directions', () => {
      for (const [tz, from] of [
        ['Europe/Oslo', Date.UTC(2027, 2, 27, 22)],
        ['Europe/Oslo', Date.UTC(2026, 9, 24, 22)],
        ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 12)], // a 30-minute change
        ['America/New_York', Date.UTC(2026, 10, 1, 3)],
      ] as const) {
        const cached = zoneOf(tz);
        const plain = new IANAZone(tz);
        for (let t = from; t < from + 6 * 3_600_000; t += 60_000) assert.equal(cached.offset(t), plain.offset(t), `${tz} at ${new Date(t).toISOString()}`);
      }
    });
    it('is NaN for an instant that is not one', () => {
      assert.ok(Number.isNaN(zoneOf('Europe/Oslo').offset(NaN)));
    });
  });
});
