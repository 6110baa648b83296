// Calendar dates, instants and time zones. Instants are UTC ISO strings; calendar dates are
// 'YYYY-MM-DD' in the plan's time zone (see types.ts).

import { DateTime, IANAZone } from 'luxon';
import type { Language } from './types';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * Parses `2027-06-30`, `30.06.2027` or `30.6.2027` to `2027-06-30`. Rejects impossible dates
 * (`31.02.2027`) and years outside 2000–2100 (a typo guard: no plan spans other years).
 */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let year: number;
  let month: number;
  let day: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
    if (!m) return undefined;
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  const dt = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return dt.isValid ? dt.toISODate()! : undefined;
}

/** nb `30.06.2027`, en `2027-06-30` (ISO, unambiguous for international readers). Throws on a bad date. */
export function formatDate(isoDate: string, lang: Language): string {
  // Plain text work rather than luxon's fromFormat/toFormat, which tokenise both formats on every
  // call: dates are formatted on every card and digest line (answer latency).
  const m = ISO_DATE.exec(isoDate);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new RangeError(`Invalid date: ${isoDate}`);
  return lang === 'nb' ? `${m[3]}.${m[2]}.${m[1]}` : isoDate;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The instant as wall-clock time in tz: nb `30.06.2027 kl. 09:00`, en `2027-06-30 09:00`. Throws on bad input. */
export function formatInstant(isoInstant: string, tz: string, lang: Language): string {
  // The stored form (UTC, `Z`) is formatted by one cached Intl.DateTimeFormat per zone: luxon's
  // setZone + toFormat cost ~10x more, and every answered card shows an instant. Other ISO forms
  // (with an offset, without seconds) keep luxon's parsing.
  const ms = STORED_INSTANT.test(isoInstant) ? Date.parse(isoInstant) : NaN;
  if (Number.isNaN(ms) || !isValidTimeZone(tz)) {
    const dt = toZoned(isoInstant, tz);
    return lang === 'nb' ? dt.toFormat("dd.MM.yyyy 'kl.' HH:mm") : dt.toFormat('yyyy-MM-dd HH:mm');
  }
  const p: Record<string, string> = {};
  for (const part of wallClockFormat(tz).formatToParts(ms)) p[part.type] = part.value;
  p.year = p.year.padStart(4, '0'); // 1 January 1000 UTC is still 999 in the Americas
  return lang === 'nb' ? `${p.day}.${p.month}.${p.year} kl. ${p.hour}:${p.minute}` : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const STORED_INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** Numeric, 24-hour, 4-digit-year wall-clock parts in tz (a memo per zone). */
function wallClockFormat(tz: string): Intl.DateTimeFormat {
  let f = wallClockFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (wallClockFormats.size < 1000) wallClockFormats.set(tz, f);
  }
  return f;
}

// Constructing an Intl.DateTimeFormat is costly and cadence arithmetic validates the zone on
// every call, so answers are remembered. Zone validity does not change while the process runs.
const zoneValidity = new Map<string, boolean>();

/** True when both the host's Intl (used for display) and luxon (used for arithmetic) know the zone. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  // Node 24's Intl (and so luxon) also takes UTC offsets such as '+01:00' as a zone; an offset
  // keeps no daylight-saving rules and is no IANA name: every IANA name starts with a letter.
  if (!/^[A-Za-z]/.test(tz)) return false;
  let valid = zoneValidity.get(tz);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      valid = IANAZone.isValidZone(tz);
    } catch {
      valid = false;
    }
    if (zoneValidity.size < 1000) zoneValidity.set(tz, valid);
  }
  return valid;
}

/** Throws a RangeError unless tz is a valid IANA zone. */
export function assertTimeZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`Invalid time zone: ${tz}`);
}

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before the memo starts over (a year and a half of hours). */
const MAX_HOURS = 13_000;

/**
 * An IANA zone whose UTC offset is computed once per zone and hour. luxon asks the zone for its
 * offset whenever it makes a DateTime (every plus, set, startOf), and IANAZone computes it each
 * time by formatting the instant with Intl (formatToParts): the top function of a run-due's
 * profile. An hour whose first and last millisecond have the same offset has it throughout
 * (no zone changes its offset twice within an hour), so that hour's offset is remembered; an hour
 * with a transition in it is computed for each instant, as before. A memo, not state: the
 * offsets are luxon's own.
 */
class HourlyOffsetZone extends IANAZone {
  private readonly hours = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const known = this.hours.get(hour);
    if (known !== undefined) return known;
    const start = super.offset(hour * HOUR_MS);
    if (start !== super.offset(hour * HOUR_MS + HOUR_MS - 1)) return super.offset(ts); // a transition (or NaN)
    if (this.hours.size >= MAX_HOURS) this.hours.clear();
    this.hours.set(hour, start);
    return start;
  }
}

const hourlyZones = new Map<string, HourlyOffsetZone>();

/** The luxon zone for a valid IANA name, with its offsets remembered per hour. */
export function zoneOf(tz: string): IANAZone {
  let zone = hourlyZones.get(tz);
  if (!zone) {
    zone = new HourlyOffsetZone(tz);
    if (hourlyZones.size < 1000) hourlyZones.set(tz, zone);
  }
  return zone;
}

/**
 * Parses an ISO instant into a DateTime in tz. An explicit offset is honoured; text without one
 * is read as UTC (never as the host's zone, which would make results machine-dependent).
 * Throws on a bad instant or zone.
 */
export function toZoned(isoInstant: string, tz: string): DateTime {
  assertTimeZone(tz);
  const dt = DateTime.fromISO(isoInstant, { zone: 'UTC' }).setZone(zoneOf(tz));
  if (!dt.isValid) throw new RangeError(`Invalid instant: ${isoInstant}`);
  return dt;
}

/** The canonical stored form of an instant: UTC ISO with milliseconds and `Z`. */
export function toUtcIso(dt: DateTime): string {
  return dt.toUTC().toISO()!;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/**
 * The instant at which the wall clock in tz shows the given local time. Same rules as
 * Temporal's 'compatible' disambiguation: a time in a spring-forward gap moves forward by the
 * length of the gap (02:30 → 03:30 on 2027-03-28 in Europe/Oslo), and a time that occurs twice
 * in autumn takes the first (earlier, summer-time) instant. Returns a DateTime in tz.
 */
export function zonedWallClock(tz: string, wall: WallClock): DateTime {
  assertTimeZone(tz);
  const dt = DateTime.fromObject(wall, { zone: zoneOf(tz) });
  if (!dt.isValid) throw new RangeError(`Invalid local time: ${JSON.stringify(wall)}`);
  const exists = dt.day === wall.day && dt.hour === wall.hour && dt.minute === wall.minute;
  if (!exists) return dt; // luxon already shifted forward through the gap
  // luxon picks the later offset for an ambiguous time; we want the earlier instant.
  let earliest = dt;
  for (const candidate of dt.getPossibleOffsets()) {
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  }
  return earliest;
}

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(isoInstant: string, tz: string): string {
  return toZoned(isoInstant, tz).toISODate()!;
}
