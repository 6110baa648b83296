// Cadences: when an owner is prompted (and when a plan's digest is posted), as wall-clock
// time in the plan's time zone (COMMANDS.md, "Cadence values"; DOMAIN.md, "Time"): reading
// what people type, and when a cadence occurs. How a cadence is written is in ./cadenceText.

import { DateTime } from 'luxon';
import { assertTimeZone, toUtcIso, toZoned, zonedWallClock } from './dates';
import { isPublicHoliday } from './workdays';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO: 1 = Monday

export type Cadence =
  | { kind: 'weekly'; every: number; weekday: Weekday; hour: number; minute: number }
  | { kind: 'monthly'; day: number; hour: number; minute: number }
  | { kind: 'daily'; hour: number; minute: number };

export type CadenceError = 'format' | 'weekday' | 'time' | 'day' | 'interval';
export type ParseCadenceResult = { ok: true; cadence: Cadence } | { ok: false; error: CadenceError };

export interface Period {
  id: string;
  start: string;
  end: string;
}

const MAX_EVERY = 52;

// ---------------------------------------------------------------------------------------------
// Parsing

const WEEKDAYS: Record<string, Weekday> = {};
const WEEKDAY_NAMES: Array<[Weekday, string[]]> = [
  [1, ['mon', 'monday', 'man', 'mandag']],
  [2, ['tue', 'tues', 'tuesday', 'tir', 'tirs', 'tirsdag']],
  [3, ['wed', 'wednesday', 'ons', 'onsdag']],
  [4, ['thu', 'thur', 'thurs', 'thursday', 'tor', 'tors', 'torsdag']],
  [5, ['fri', 'friday', 'fre', 'fredag']],
  [6, ['sat', 'saturday', 'lør', 'lor', 'lørdag', 'lordag']],
  [7, ['sun', 'sunday', 'søn', 'son', 'søndag', 'sondag']],
];
for (const [n, names] of WEEKDAY_NAMES) for (const name of names) WEEKDAYS[name] = n;

const EVERY = new Set(['every', 'hver']);
const WEEK = new Set(['week', 'weeks', 'uke', 'uker']);
const MONTH = new Set(['month', 'måned', 'maned']);
const MONTHLY = new Set(['monthly', 'månedlig', 'manedlig']);
const DAILY = new Set(['daily', 'daglig']);
const WEEKLY = new Set(['weekly', 'ukentlig']);
const WORKING_DAY = new Set(['arbeidsdag', 'virkedag', 'workday', 'weekday']);
// Words people add that carry no meaning here ("hver mandag kl. 09:00", "mon at 09:00").
const FILLER = new Set(['kl', 'kl.', 'at', 'on', 'den', 'the', 'på', 'pa', 'of']);

function weekdayOf(token: string | undefined): Weekday | undefined {
  if (token === undefined) return undefined;
  return WEEKDAYS[token.replace(/\.$/, '')];
}

function timeOf(token: string | undefined): { hour: number; minute: number } | undefined {
  const m = token === undefined ? null : /^(\d{1,2})[:.](\d{2})$/.exec(token);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

function looksLikeTime(token: string | undefined): boolean {
  return token !== undefined && /^\d+[:.]\d+$/.test(token);
}

function intOf(token: string | undefined): number | undefined {
  // "1." is how Norwegians write an ordinal ("den 1.", "hver 2. uke").
  const m = token === undefined ? null : /^(\d{1,3})\.?$/.exec(token);
  return m ? Number(m[1]) : undefined;
}

/** Checks the trailing time token and builds the result. */
function withTime(
  tokens: string[],
  build: (t: { hour: number; minute: number }) => Cadence | CadenceError,
): ParseCadenceResult {
  const time = timeOf(tokens[0]);
  if (tokens.length !== 1) return { ok: false, error: tokens.length === 0 ? 'time' : 'format' };
  if (!time) return { ok: false, error: 'time' };
  const built = build(time);
  return typeof built === 'string' ? { ok: false, error: built } : { ok: true, cadence: built };
}

function weeklyFrom(every: number, rest: string[]): ParseCadenceResult {
  if (!Number.isInteger(every) || every < 1 || every > MAX_EVERY) return { ok: false, error: 'interval' };
  const weekday = weekdayOf(rest[0]);
  if (!weekday) return { ok: false, error: 'weekday' };
  return withTime(rest.slice(1), (t) => ({ kind: 'weekly', every, weekday, ...t }));
}

/**
 * Parses a cadence. Accepted (case-insensitive, English or Norwegian, extra spaces ignored, the
 * words `kl.`/`at`/`on`/`den`/`på` ignored, time as `9:00`, `09:00` or `09.00`):
 * - weekly: `mon 09:00`, `weekly mon 09:00`, `every monday 09:00`, `hver mandag kl. 09:00`
 * - every N weeks (1..52): `every 2 weeks thu 13:30`, `hver 2 uke tor 13:30`, `hver 2. uke …`,
 *   `every other week thu 13:30`, `annenhver uke tor 13:30`, `annenhver torsdag 13:30`
 * - monthly (day 1..31; later clamped to the month's last day): `monthly 1 09:00`,
 *   `månedlig 1 09:00`, `manedlig 1. 09:00`, `den 1. hver måned kl. 09:00`
 * - daily on working days: `daily 08:00`, `daglig 08:00`, `hver arbeidsdag kl. 08:00`
 * Every output of cadenceToText and formatCadence (both languages) parses back to the same cadence.
 * Errors: 'weekday' (unknown weekday), 'time' (missing or impossible time), 'day' (monthly day
 * not 1..31), 'interval' (N not 1..52), 'format' (anything else).
 */
export function parseCadence(text: string): ParseCadenceResult {
  const tokens = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/^["'“”«]+|["'“”»]+$/g, '')
    // Notes in parentheses, as formatCadence writes for days 29–31, are not part of the cadence.
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && !FILLER.has(t));
  if (tokens.length === 0) return { ok: false, error: 'format' };
  const [first, second, third] = tokens;

  if (DAILY.has(first!)) return withTime(tokens.slice(1), (t) => ({ kind: 'daily', ...t }));

  if (MONTHLY.has(first!)) {
    const day = intOf(second);
    if (day === undefined) return { ok: false, error: 'day' };
    return withTime(tokens.slice(2), (t) => (day < 1 || day > 31 ? 'day' : { kind: 'monthly', day, ...t }));
  }

  if (WEEKLY.has(first!)) return weeklyFrom(1, tokens.slice(1));

  if (first === 'annenhver') {
    // "annenhver uke tor 13:30" or "annenhver torsdag 13:30"
    return weeklyFrom(2, WEEK.has(second ?? '') ? tokens.slice(2) : tokens.slice(1));
  }

  if (EVERY.has(first!)) {
    if (second === 'other' || second === 'second') {
      // "every other week thu 13:30" or "every other Thursday 13:30"
      return weeklyFrom(2, WEEK.has(third ?? '') ? tokens.slice(3) : tokens.slice(2));
    }
    if (WORKING_DAY.has(second ?? '')) return withTime(tokens.slice(2), (t) => ({ kind: 'daily', ...t }));
    if (second === 'working' && third === 'day') return withTime(tokens.slice(3), (t) => ({ kind: 'daily', ...t }));
    if (MONTH.has(second ?? '')) return { ok: false, error: 'day' };
    if (WEEK.has(second ?? '')) return weeklyFrom(1, tokens.slice(2));
    if (weekdayOf(second)) return weeklyFrom(1, tokens.slice(1));
    const n = intOf(second);
    if (n !== undefined) {
      if (!WEEK.has(third ?? '')) return { ok: false, error: 'format' };
      return weeklyFrom(n, tokens.slice(3));
    }
    return { ok: false, error: second !== undefined && looksLikeTime(third) ? 'weekday' : 'format' };
  }

  // "1. hver måned 09:00" and "day 1 every month 09:00" (the human forms, fillers dropped)
  const dayTokens = first === 'day' ? tokens.slice(1) : tokens;
  const day = intOf(dayTokens[0]);
  if (day !== undefined && EVERY.has(dayTokens[1] ?? '') && MONTH.has(dayTokens[2] ?? '')) {
    return withTime(dayTokens.slice(3), (t) => (day < 1 || day > 31 ? 'day' : { kind: 'monthly', day, ...t }));
  }

  // "torsdag hver 3. uke 13:30" (the Norwegian human form for N >= 3)
  const n = intOf(third);
  if (weekdayOf(first) && EVERY.has(second ?? '') && n !== undefined && WEEK.has(tokens[3] ?? '')) {
    return weeklyFrom(n, [first!, ...tokens.slice(4)]);
  }

  // Bare weekly form "mon 09:00". Two tokens ending in something time-like: the first one was
  // meant as a weekday.
  if (weekdayOf(first) || (tokens.length === 2 && looksLikeTime(second))) return weeklyFrom(1, tokens);
  return { ok: false, error: 'format' };
}

// ---------------------------------------------------------------------------------------------
// Occurrences

function assertCadence(c: Cadence): void {
  const okTime =
    Number.isInteger(c.hour) && c.hour >= 0 && c.hour <= 23 && Number.isInteger(c.minute) && c.minute >= 0 && c.minute <= 59;
  const okKind =
    c.kind === 'daily' ||
    (c.kind === 'monthly' && Number.isInteger(c.day) && c.day >= 1 && c.day <= 31) ||
    (c.kind === 'weekly' &&
      Number.isInteger(c.every) &&
      c.every >= 1 &&
      c.every <= MAX_EVERY &&
      Number.isInteger(c.weekday) &&
      c.weekday >= 1 &&
      c.weekday <= 7);
  if (!okTime || !okKind) throw new RangeError(`Invalid cadence: ${JSON.stringify(c)}`);
}

// Calendar arithmetic is done on day numbers (days since 1970-01-01 of a local calendar date),
// which have no DST, and only candidate dates are turned into instants: scanning day by day
// with zoned DateTimes is far slower, and every-52-weeks would mean a year of days per call.

function dayNumber(d: { year: number; month: number; day: number }): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

function dateOf(dn: number): { year: number; month: number; day: number } {
  const d = new Date(dn * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday (1 = Monday) of a day number; 1970-01-01 was a Thursday. */
function weekdayOfDay(dn: number): number {
  return mod(dn + 3, 7) + 1;
}

function mondayOfDay(dn: number): number {
  return dn - (weekdayOfDay(dn) - 1);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isWorkingDayNumber(dn: number): boolean {
  if (weekdayOfDay(dn) > 5) return false;
  const { year, month, day } = dateOf(dn);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return !isPublicHoliday(iso);
}

function instantOn(c: Cadence, tz: string, dn: number): DateTime {
  return zonedWallClock(tz, { ...dateOf(dn), hour: c.hour, minute: c.minute });
}

/** Weeks are numbered from the anchor's ISO week; a weekly cadence fires in weeks ≡ 0 (mod every). */
function weekIndex(dn: number, anchorMonday: number): number {
  return (mondayOfDay(dn) - anchorMonday) / 7;
}

// Candidate occurrence dates walk forward (step +1) or backward (step -1) from a start date;
// the first candidate is at or after (before) the start. Each cadence kind yields candidates
// in order, so the caller stops at the first one past its bound.
function* candidateDays(c: Cadence, startDn: number, step: 1 | -1, anchorMonday: number): Generator<number> {
  switch (c.kind) {
    case 'weekly': {
      let dn = startDn + step * mod(step * (c.weekday - weekdayOfDay(startDn)), 7);
      dn += step * 7 * mod(-step * weekIndex(dn, anchorMonday), c.every);
      for (;;) {
        yield dn;
        dn += step * 7 * c.every;
      }
    }
    case 'monthly': {
      let { year, month } = dateOf(startDn);
      for (;;) {
        const dn = dayNumber({ year, month, day: Math.min(c.day, daysInMonth(year, month)) });
        if (step === 1 ? dn >= startDn : dn <= startDn) yield dn;
        month += step;
        if (month === 13) [year, month] = [year + 1, 1];
        if (month === 0) [year, month] = [year - 1, 12];
      }
    }
    case 'daily': {
      for (let dn = startDn; ; dn += step) if (isWorkingDayNumber(dn)) yield dn;
    }
  }
}

// Far more than any real gap between two occurrences (52 weeks, a month, Easter); only a guard.
const MAX_CANDIDATES = 1000;

function firstAfter(c: Cadence, tz: string, bound: DateTime, anchorMonday: number): DateTime | undefined {
  // Start a day early in case an odd zone offset puts the previous date's occurrence after the bound.
  let n = 0;
  for (const dn of candidateDays(c, dayNumber(bound) - 1, 1, anchorMonday)) {
    const occ = instantOn(c, tz, dn);
    if (occ.toMillis() > bound.toMillis()) return occ;
    if (++n > MAX_CANDIDATES) return undefined;
  }
  return undefined;
}

function lastAtOrBefore(c: Cadence, tz: string, bound: DateTime, anchorMonday: number): DateTime | undefined {
  let n = 0;
  for (const dn of candidateDays(c, dayNumber(bound) + 1, -1, anchorMonday)) {
    const occ = instantOn(c, tz, dn);
    if (occ.toMillis() <= bound.toMillis()) return occ;
    if (++n > MAX_CANDIDATES) return undefined;
  }
  return undefined;
}

function mondayOf(d: DateTime): number {
  return mondayOfDay(dayNumber(d));
}

/**
 * The first occurrence strictly after `afterIso`, as UTC ISO, at the cadence's wall-clock time in
 * tz (DST: gap → later by the gap, overlap → earlier instant). `daily` skips Norwegian non-working
 * days; weekly and monthly occurrences are never shifted (shift sends with nextWorkingInstant).
 * Monthly days past the month's end use its last day.
 *
 * `anchorIso` starts the series: occurrences before the anchor do not exist, and for
 * `every N weeks` the occurrences are in the ISO weeks whose distance from the anchor's ISO week
 * (in tz) is a multiple of N. Without an anchor, the week parity is taken from `afterIso`, which
 * is only stable if callers always pass the same `afterIso`: pass a fixed anchor (e.g. the
 * benefit's createdAt) for every-N cadences. Throws on an invalid tz, instant or cadence.
 */
export function nextOccurrence(c: Cadence, tz: string, afterIso: string, anchorIso?: string): string {
  assertCadence(c);
  assertTimeZone(tz);
  const after = toZoned(afterIso, tz);
  let bound = after;
  let anchorMonday = mondayOf(after);
  if (anchorIso !== undefined) {
    const anchor = toZoned(anchorIso, tz);
    anchorMonday = mondayOf(anchor);
    const justBeforeAnchor = anchor.minus({ milliseconds: 1 });
    if (justBeforeAnchor.toMillis() > bound.toMillis()) bound = justBeforeAnchor;
  }
  const occ = firstAfter(c, tz, bound, anchorMonday);
  if (!occ) throw new Error(`No occurrence of ${JSON.stringify(c)} found after ${afterIso}`);
  return toUtcIso(occ);
}

/**
 * The last occurrence at or before `atOrBeforeIso`, as UTC ISO. With `anchorIso`, the series starts
 * at the anchor (see nextOccurrence): returns undefined when no occurrence lies in
 * [anchor, atOrBefore]. Without an anchor, the every-N week parity is taken from `atOrBeforeIso`
 * and a result always exists. Throws on an invalid tz, instant or cadence.
 */
export function latestOccurrence(
  c: Cadence,
  tz: string,
  atOrBeforeIso: string,
  anchorIso?: string,
): string | undefined {
  assertCadence(c);
  assertTimeZone(tz);
  const at = toZoned(atOrBeforeIso, tz);
  const anchor = anchorIso === undefined ? undefined : toZoned(anchorIso, tz);
  const occ = lastAtOrBefore(c, tz, at, mondayOf(anchor ?? at));
  if (!occ) return undefined;
  if (anchor && occ.toMillis() < anchor.toMillis()) return undefined;
  return toUtcIso(occ);
}

/** The ISO week-year and week of a day number (the week's Thursday decides its year). */
function isoWeekOfDay(dn: number): { year: number; week: number } {
  const thursday = mondayOfDay(dn) + 3;
  const year = dateOf(thursday).year;
  return { year, week: Math.floor((thursday - dayNumber({ year, month: 1, day: 1 })) / 7) + 1 };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const isoWeekId = (dn: number): string => {
  const { year, week } = isoWeekOfDay(dn);
  return `${pad(year, 4)}-W${pad(week)}`;
};
const monthId = (year: number, month: number): string => `${pad(year, 4)}-${pad(month)}`;
const dayId = (dn: number): string => {
  const d = dateOf(dn);
  return `${monthId(d.year, d.month)}-${pad(d.day)}`;
};

/**
 * The period a prompt at occurrence `occurrenceIso` asks about: the interval it closes, from the
 * previous occurrence (start) to this one (end), named by the calendar period that holds most of
 * it, in a form that names every period of a series exactly once:
 * - weekly and every N weeks: the ISO week holding most of the interval's weekdays (Monday to
 *   Friday), the first on a tie, so two weeks are named by their first. Public holidays are not
 *   counted out: they would make two neighbouring intervals name the same week (Ascension Day on
 *   a Thursday, Whit Monday after it).
 * - monthly: the month before when the cadence's day is 1–15 (most of the interval lies there),
 *   the month it falls in when the day is 16–31.
 * - daily (working days): the previous working day.
 * `anchorIso` gives every-N-weeks cadences their week parity (the benefit's creation); the
 * previous occurrence may lie before it: a first prompt asks about the interval that ends when it
 * is sent. `mon 09:00` on Monday 7 December 2026 → 2026-W49 (30 Nov – 6 Dec); `fri 14:00` on
 * Friday 11 December → 2026-W50; `monthly 1 09:00` on 1 December → 2026-11; `daily 08:00` on
 * Tuesday 8 December → 2026-12-07.
 */
export function periodOf(c: Cadence, tz: string, occurrenceIso: string, anchorIso?: string): Period {
  assertCadence(c);
  assertTimeZone(tz);
  const occ = toZoned(occurrenceIso, tz);
  const anchorMonday = mondayOf(anchorIso === undefined ? occ : toZoned(anchorIso, tz));
  const prev = lastAtOrBefore(c, tz, occ.minus({ milliseconds: 1 }), anchorMonday);
  if (!prev) throw new Error(`No occurrence of ${JSON.stringify(c)} found before ${occurrenceIso}`);
  const startDn = dayNumber(prev);
  const endDn = dayNumber(occ);
  let id: string;
  switch (c.kind) {
    case 'weekly': {
      id = isoWeekId(startDn);
      let most = -1;
      for (let monday = mondayOfDay(startDn); monday < endDn; monday += 7) {
        let weekdays = 0;
        for (let dn = Math.max(monday, startDn); dn < Math.min(monday + 5, endDn); dn++) weekdays++;
        if (weekdays > most) [id, most] = [isoWeekId(monday), weekdays];
      }
      break;
    }
    case 'monthly': {
      const { year, month } = dateOf(endDn);
      id = c.day <= 15 ? (month === 1 ? monthId(year - 1, 12) : monthId(year, month - 1)) : monthId(year, month);
      break;
    }
    case 'daily':
      id = dayId(startDn);
      break;
  }
  return { id, start: toUtcIso(prev), end: toUtcIso(occ) };
}
