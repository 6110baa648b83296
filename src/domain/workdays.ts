// Norwegian working days: reminders, escalations and `daily` cadences never fall on a
// Saturday, Sunday or public holiday (DOMAIN.md, "Time").

import { DateTime } from 'luxon';
import { toUtcIso, toZoned, zonedWallClock } from './dates';

// Each year's public-holiday dates are computed once. This is a memo, not state: results do not
// depend on when or in which order calls are made.
const publicHolidaysByYear = new Map<number, ReadonlySet<string>>();

/** Easter Sunday of a Gregorian year as [month, day] (the anonymous Gregorian computus). */
function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The Norwegian public holidays ('helligdager' and 1 and 17 May) of a year as 'YYYY-MM-DD':
 * New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May, Ascension Day,
 * 17 May, Whit Sunday and Monday, Christmas Day and Boxing Day. Christmas Eve and New Year's Eve
 * are working days by law even if many offices close early. (The same dates as date-holidays'
 * type 'public' for NO, compared year by year in the unit tests; computed here because that
 * library loads the holidays and time zones of every country: ~10 MB of the bot's memory.)
 */
export function norwegianPublicHolidays(year: number): ReadonlySet<string> {
  let set = publicHolidaysByYear.get(year);
  if (!set) {
    const [month, day] = easterSunday(year);
    const easter = Date.UTC(year, month - 1, day);
    const fromEaster = (days: number) => isoDay(easter + days * 86_400_000);
    const fixed = (m: number, d: number) => isoDay(Date.UTC(year, m - 1, d));
    set = new Set([fixed(1, 1), fromEaster(-3), fromEaster(-2), fromEaster(0), fromEaster(1), fixed(5, 1), fromEaster(39), fixed(5, 17), fromEaster(49), fromEaster(50), fixed(12, 25), fixed(12, 26)]);
    publicHolidaysByYear.set(year, set);
  }
  return set;
}

/** True when the 'YYYY-MM-DD' date is a Norwegian public holiday. */
export function isPublicHoliday(isoDate: string): boolean {
  return norwegianPublicHolidays(Number(isoDate.slice(0, 4))).has(isoDate);
}

/**
 * True when the calendar date of `date` (a luxon DateTime already in the plan's time zone) is
 * Monday–Friday and not a Norwegian public holiday. Only the date matters, not the time.
 */
export function isWorkingDay(date: DateTime): boolean {
  if (date.weekday > 5) return false;
  return !isPublicHoliday(date.toISODate()!);
}

// A longer run of non-working days does not exist in Norway (Easter is at most 5 days).
const MAX_DAYS_AHEAD = 31;

/**
 * The instant itself (normalized to UTC ISO) when its date in tz is a working day; otherwise the
 * next working day at the same wall-clock time (DST gaps/overlaps as in zonedWallClock).
 * Throws on an invalid instant or time zone.
 */
export function nextWorkingInstant(instantIso: string, tz: string): string {
  const local = toZoned(instantIso, tz);
  if (isWorkingDay(local)) return toUtcIso(local);
  for (let i = 1; i <= MAX_DAYS_AHEAD; i++) {
    const day = local.startOf('day').plus({ days: i });
    if (isWorkingDay(day)) {
      return toUtcIso(
        zonedWallClock(tz, {
          year: day.year,
          month: day.month,
          day: day.day,
          hour: local.hour,
          minute: local.minute,
          second: local.second,
          millisecond: local.millisecond,
        }),
      );
    }
  }
  throw new Error(`No working day within ${MAX_DAYS_AHEAD} days after ${instantIso}`);
}

/**
 * When to remind about a prompt sent at `sentIso`: `hours` later, then moved to the next working
 * day at the same wall-clock time. Whole days in `hours` are added as calendar days in tz, so a
 * 09:00 prompt is reminded at 09:00 even across a DST change; the remainder is added as elapsed
 * time. Friday 09:00 → Monday 09:00; Wednesday before Easter 2027 → Tuesday 30 March 09:00.
 */
export function reminderInstant(sentIso: string, tz: string, hours = 24): string {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Invalid reminder delay: ${hours}`);
  const sent = toZoned(sentIso, tz);
  const days = Math.floor(hours / 24);
  const rest = hours - days * 24;
  const day = sent.plus({ days });
  const sameWallClock = zonedWallClock(tz, {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: sent.hour,
    minute: sent.minute,
    second: sent.second,
    millisecond: sent.millisecond,
  });
  const due = sameWallClock.plus({ milliseconds: Math.round(rest * 3_600_000) });
  return nextWorkingInstant(toUtcIso(due), tz);
}
