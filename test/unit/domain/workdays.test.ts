import { strict as assert } from 'node:assert';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import {
  isPublicHoliday,
  isWorkingDay,
  nextWorkingInstant,
  norwegianPublicHolidays,
  reminderInstant,
} from '../../../src/domain/workdays';

const OSLO = 'Europe/Oslo';
const day = (iso: string) => DateTime.fromISO(iso, { zone: OSLO });

describe('workdays', () => {
  describe('Norwegian public holidays', () => {
    it('lists the 12 public holidays of 2027 as 11 dates (17 May is also Whit Monday)', () => {
      assert.deepEqual([...norwegianPublicHolidays(2027)].sort(), [
        '2027-01-01', // New Year's Day
        '2027-03-25', // Maundy Thursday
        '2027-03-26', // Good Friday
        '2027-03-28', // Easter Sunday
        '2027-03-29', // Easter Monday
        '2027-05-01', // Labour Day
        '2027-05-06', // Ascension
        '2027-05-16', // Whit Sunday
        '2027-05-17', // Constitution Day and Whit Monday
        '2027-12-25',
        '2027-12-26',
      ]);
    });
    it('knows Easter 2026 (2–6 April)', () => {
      for (const d of ['2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06']) assert.ok(isPublicHoliday(d), d);
      assert.equal(isPublicHoliday('2026-04-04'), false); // Easter Saturday is not a holiday (but a Saturday)
      assert.equal(isPublicHoliday('2026-04-07'), false);
    });
    it("has date-holidays' public holidays for Norway, year by year from 1900 to 2300", () => {
      const holidays = new Holidays('NO');
      for (let year = 1900; year <= 2300; year++) {
        const expected = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
        assert.deepEqual([...norwegianPublicHolidays(year)].sort(), [...expected].sort(), String(year));
      }
    });
    it('does not count Christmas Eve or New Year\'s Eve as holidays', () => {
      assert.equal(isPublicHoliday('2027-12-24'), false);
      assert.equal(isPublicHoliday('2027-12-31'), false);
    });
  });

  describe('isWorkingDay', () => {
    it('Easter 2027 (25–29 March) is not working days; the days around it are', () => {
      assert.equal(isWorkingDay(day('2027-03-24T09:00')), true);
      for (const d of ['2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29']) {
        assert.equal(isWorkingDay(day(`${d}T09:00`)), false, d);
      }
      assert.equal(isWorkingDay(day('2027-03-30T09:00')), true);
    });
    it('17 May 2027 (a Monday) and Christmas are not working days', () => {
      assert.equal(isWorkingDay(day('2027-05-17T09:00')), false);
      assert.equal(isWorkingDay(day('2026-12-25T09:00')), false); // Friday
      assert.equal(isWorkingDay(day('2028-12-26T09:00')), false); // Tuesday
      assert.equal(isWorkingDay(day('2027-12-24T09:00')), true); // Christmas Eve, a Friday
    });
    it('weekends are not working days', () => {
      assert.equal(isWorkingDay(day('2027-06-05T09:00')), false);
      assert.equal(isWorkingDay(day('2027-06-06T09:00')), false);
      assert.equal(isWorkingDay(day('2027-06-07T09:00')), true);
    });
    it('uses the date in the zone it is given, not in UTC', () => {
      // 2027-05-16T22:30Z is 00:30 on 17 May in Oslo; 2027-05-17T22:30Z is 00:30 on 18 May.
      assert.equal(isWorkingDay(DateTime.fromISO('2027-05-16T22:30:00Z').setZone(OSLO)), false);
      assert.equal(isWorkingDay(DateTime.fromISO('2027-05-17T22:30:00Z').setZone(OSLO)), true);
      assert.equal(isWorkingDay(DateTime.fromISO('2027-05-17T22:30:00Z').setZone('UTC')), false);
    });
  });

  describe('nextWorkingInstant', () => {
    it('returns a working-day instant unchanged, normalized to UTC ISO', () => {
      assert.equal(nextWorkingInstant('2027-03-24T09:00:00+01:00', OSLO), '2027-03-24T08:00:00.000Z');
    });
    it('skips Easter to Tuesday at the same wall-clock time, across the DST change', () => {
      // Thursday 25 March 09:00 CET → Tuesday 30 March 09:00 CEST.
      assert.equal(nextWorkingInstant('2027-03-25T08:00:00.000Z', OSLO), '2027-03-30T07:00:00.000Z');
    });
    it('skips a weekend', () => {
      assert.equal(nextWorkingInstant('2027-06-05T12:15:30.250Z', OSLO), '2027-06-07T12:15:30.250Z');
    });
    it('skips Christmas 2026 (Fri 25) and the weekend to Monday 28 December', () => {
      assert.equal(nextWorkingInstant('2026-12-25T08:00:00.000Z', OSLO), '2026-12-28T08:00:00.000Z');
    });
    it('throws on an invalid zone', () => {
      assert.throws(() => nextWorkingInstant('2027-03-25T08:00:00.000Z', 'Nowhere/Land'), RangeError);
    });
  });

  describe('reminderInstant', () => {
    it('Friday 09:00 prompt → Monday 09:00 reminder', () => {
      assert.equal(reminderInstant('2027-03-19T08:00:00.000Z', OSLO), '2027-03-22T08:00:00.000Z');
    });
    it('a Tuesday prompt is reminded on Wednesday at the same time', () => {
      assert.equal(reminderInstant('2027-06-08T07:00:00.000Z', OSLO), '2027-06-09T07:00:00.000Z');
    });
    it('before Easter, skips Thursday to Monday', () => {
      // Wednesday 24 March 09:00 CET → Tuesday 30 March 09:00 CEST.
      assert.equal(reminderInstant('2027-03-24T08:00:00.000Z', OSLO), '2027-03-30T07:00:00.000Z');
    });
    it('before Whitsun 2027, skips Saturday to Monday 17 May', () => {
      assert.equal(reminderInstant('2027-05-14T07:00:00.000Z', OSLO), '2027-05-18T07:00:00.000Z');
    });
    it('keeps the wall-clock time for whole days across DST', () => {
      // Saturday 27 March 2027 09:00 CET + 24 h → Sunday 09:00 CEST (holiday) → Tuesday 09:00 CEST.
      assert.equal(reminderInstant('2027-03-27T08:00:00.000Z', OSLO), '2027-03-30T07:00:00.000Z');
      // Monday 26 October 2026 09:00 CET, 48 h → Wednesday 09:00 CET.
      assert.equal(reminderInstant('2026-10-26T08:00:00.000Z', OSLO, 48), '2026-10-28T08:00:00.000Z');
    });
    it('adds hours that are not whole days as elapsed time', () => {
      assert.equal(reminderInstant('2027-06-08T07:00:00.000Z', OSLO, 4), '2027-06-08T11:00:00.000Z');
      // Friday 15:00 + 30 h = Saturday 21:00 → Monday 21:00.
      assert.equal(reminderInstant('2027-06-04T13:00:00.000Z', OSLO, 30), '2027-06-07T19:00:00.000Z');
    });
  });
});
