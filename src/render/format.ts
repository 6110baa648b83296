// Numbers, dates and user text as the confirmation document and the dashboard show them. The
// shared formatters (domain/numbers) write a negative with ASCII `-` (cards and the CSV rely on
// it); a document a leader signs uses the true minus sign `−` (U+2212), as Norwegian typography
// does. Only formatted numbers pass through `trueMinus`: dates (`2027-06-30`) and user text never.
import { formatDate, formatInstant, toZoned } from '../domain/dates';
import { formatHours, formatMoney, formatNumber, formatPercent, formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';

export const MINUS = '\u2212';

export function trueMinus(formatted: string): string {
  return formatted.replace(/-(?=\d)/g, MINUS);
}

export const money = (n: number, lang: Language) => trueMinus(formatMoney(n, lang));
export const hours = (n: number, lang: Language) => trueMinus(formatHours(n, lang));
export const percent = (f: number, lang: Language) => trueMinus(formatPercent(f, lang));
export const value = (n: number, unit: string, lang: Language) => trueMinus(formatValue(n, unit, lang));
export const number = (n: number, lang: Language, decimals?: number) => trueMinus(formatNumber(n, lang, decimals));

/** A change with its sign: `+2,5 besøk`, `−3 t`, `0 besøk`. */
export function signedValue(n: number, unit: string, lang: Language): string {
  const text = value(n, unit, lang);
  return n > 0 && formatNumber(n, lang) !== '0' ? `+${text}` : text;
}

export const date = (isoDate: string, lang: Language) => formatDate(isoDate, lang);
export const instant = (iso: string, tz: string, lang: Language) => formatInstant(iso, tz, lang);
/** The plan-local calendar date of an instant: nb `30.11.2026`, en `2026-11-30`. */
export const localDate = (iso: string, tz: string, lang: Language) => formatDate(toZoned(iso, tz).toISODate()!, lang);

// Bidi controls (embeddings, overrides, isolates, marks) would reorder the text around a title in
// the PDF, which has no bidi algorithm to contain them; other control characters draw as boxes.
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** User text for the PDF: controls removed, line ends kept, runs of blanks as typed. */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
}

/** Text for HTML: every character that could open markup or end an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROLS, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
