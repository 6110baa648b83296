// Numbers, dates and user text as the confirmation document and the dashboard show them: the
// shared formatters of domain/numbers (Norwegian format, the true minus sign `−`), under short names.
import { formatDate, formatInstant, toZoned } from '../domain/dates';
import { formatHours, formatMoney, formatNumber, formatPercent, formatSigned, formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';

export const money = formatMoney;
export const hours = formatHours;
export const percent = formatPercent;
export const value = formatValue;
export const number = formatNumber;
export const signedValue = formatSigned;

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

/**
 * The opening of every page the bot serves (dashboard, link pages): self-contained, not sent on as
 * a referrer, not indexed; `title` is plain text, `css` the page's own style sheet.
 */
export function htmlHead(lang: Language, title: string, css: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>`;
}
