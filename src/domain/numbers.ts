// Parsing and formatting of numbers as Norwegian and English users type and read them.
// Pure functions: no locale data from the host is used for output, so results are the
// same on every machine (ICU versions differ in spaces and minus signs).

import type { Language } from './types';
import { unitForCount } from './units';

/** Values at or beyond this are typos or attacks, never a real indicator (and they stay exact in doubles). */
export const VALUE_LIMIT = 1e12;

/** The minus sign of print (U+2212): `−500 kr`, not the hyphen of `-500 kr`. */
export const MINUS = '\u2212';

/** No-break space: used for every space in formatted output so a value never wraps mid-number. */
export const NBSP = '\u00A0';

// Spaces that people (and Teams clients pasting formatted numbers) use between thousands groups.
const GROUP_SPACE = '[ \\u00A0\\u202F\\u2009]';

// Sign, then either plain digits or 1–3 digits followed by space-separated groups of exactly
// three digits, then an optional decimal part after one '.' or ','.
// A '.' or ',' is always a decimal separator, never a thousands separator: `1.200` is 1.2 and
// `1,234` is 1.234, because Norwegians write decimals with a comma and both forms must work.
// Input with both '.' and ',' is rejected as ambiguous (`12.345,6`, `1,234.5`).
const NUMBER_RE = new RegExp(
  `^([+\\-\\u2212]?)(\\d{1,3}(?:${GROUP_SPACE}\\d{3})+|\\d+)(?:[.,](\\d+))?$`,
);

/**
 * Parses a number typed by a user: `12,5`, `12.5`, `1 200`, `1200`, `-3`, `+3`, `1 234 567,5`
 * (group spaces may be regular, no-break U+00A0, narrow no-break U+202F or thin U+2009).
 * Returns undefined for anything else: exponents, `NaN`, `Infinity`, `1,2,3`, `12abc`,
 * both `.` and `,`, a missing integer part (`,5`), a trailing separator (`12,`), empty text.
 */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.includes('.') && trimmed.includes(',')) return undefined;
  const match = NUMBER_RE.exec(trimmed);
  if (!match) return undefined;
  const [, sign, intPart, fraction] = match;
  const digits = intPart!.replace(new RegExp(GROUP_SPACE, 'g'), '');
  const normalized = `${sign === '' || sign === '+' ? '' : '-'}${digits}${fraction ? `.${fraction}` : ''}`;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  // Avoid -0 leaking into storage and comparisons.
  return value === 0 ? 0 : value;
}

// Building an Intl.NumberFormat costs far more than formatting with one (it was 6–8 % of the CPU
// of a run-due), and only a few digit settings are ever used: one per setting is kept.
// A memo, not state: the same arguments always give the same text.
const plainFormats = new Map<string, Intl.NumberFormat>();
function plainFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${min}/${max}`;
  let f = plainFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: min, maximumFractionDigits: max });
    plainFormats.set(key, f);
  }
  return f;
}

/**
 * Formats with grouping: nb `1 234 567,5` (U+00A0 between groups), en `1,234,567.5`.
 * With `decimals` the number has exactly that many decimals; without, up to 2 decimals with
 * trailing zeros dropped. Negative numbers use the true minus sign `−` (U+2212), as print does; a
 * value that rounds to zero has no sign.
 */
export function formatNumber(n: number, lang: Language, decimals?: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Cannot format non-finite number: ${n}`);
  const min = decimals ?? 0;
  const max = decimals ?? 2;
  // en-US without grouping gives a stable "-1234.57" with decimal-correct half-up rounding;
  // grouping and separators are then applied by hand.
  const plain = plainFormat(min, max).format(n);
  let negative = plain.startsWith('-');
  const unsigned = negative ? plain.slice(1) : plain;
  const [intPart, fraction] = unsigned.split('.') as [string, string | undefined];
  if (/^0*$/.test(intPart) && (fraction === undefined || /^0*$/.test(fraction))) negative = false;
  const groupSep = lang === 'nb' ? NBSP : ',';
  const decimalSep = lang === 'nb' ? ',' : '.';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, groupSep);
  return `${negative ? MINUS : ''}${grouped}${fraction !== undefined ? decimalSep + fraction : ''}`;
}

/** Whole kroner: nb `1 234 567 kr`, en `NOK 1,234,567` (all spaces U+00A0; negative: `−1 234 kr`, `NOK −1,234`). */
export function formatMoney(n: number, lang: Language): string {
  const amount = formatNumber(n, lang, 0);
  return lang === 'nb' ? `${amount}${NBSP}kr` : `NOK${NBSP}${amount}`;
}

/** Hours with exactly one decimal: nb `12,5 t`, en `12.5 h` (space is U+00A0). */
export function formatHours(h: number, lang: Language): string {
  return `${formatNumber(h, lang, 1)}${NBSP}${lang === 'nb' ? 't' : 'h'}`;
}

/** A fraction as whole percent: 0.853 → nb `85 %` (U+00A0, Norwegian typography), en `85%`. */
export function formatPercent(fraction: number, lang: Language): string {
  const pct = formatNumber(fraction * 100, lang, 0);
  return lang === 'nb' ? `${pct}${NBSP}%` : `${pct}%`;
}

/**
 * An indicator value with its unit, up to 2 decimals (trailing zeros dropped): nb `12,5 besøk`,
 * en `12.5 visits`. Special units: `%` follows formatPercent spacing (nb `85 %`, en `85%`);
 * `NOK`/`kr` (any case) is written like money but keeps decimals (nb `1 234,5 kr`, en `NOK 1,234.5`).
 * An empty unit gives the bare number.
 */
export function formatValue(n: number, unit: string, lang: Language, decimals?: number): string {
  const num = formatNumber(n, lang, decimals);
  const u = unit.trim();
  if (u === '') return num;
  if (u === '%') return lang === 'nb' ? `${num}${NBSP}%` : `${num}%`;
  const lower = u.toLowerCase();
  if (lower === 'nok' || lower === 'kr') return lang === 'nb' ? `${num}${NBSP}kr` : `NOK${NBSP}${num}`;
  // "1 time", "2 timer": the unit as people write it after this number.
  const one = num === '1' || num === `${MINUS}1`;
  return `${num}${NBSP}${unitForCount(u, one)}`;
}

/** A unit on its own, as a column shows it: money is `kr` in Norwegian and `NOK` in English, others as typed. */
export function unitLabel(unit: string, lang: Language): string {
  const lower = unit.trim().toLowerCase();
  if (lower === 'nok' || lower === 'kr') return lang === 'nb' ? 'kr' : 'NOK';
  return unit;
}

/** A change with its sign: `+2,5 besøk`, `−3 t`, `0 besøk` (no sign when it shows as zero). */
export function formatSigned(n: number, unit: string, lang: Language): string {
  const text = formatValue(n, unit, lang);
  return n > 0 && formatNumber(n, lang) !== '0' ? `+${text}` : text;
}
