// Free-text fields: bounds from COMMANDS.md and one cleaning rule for all user text, so what
// is stored, shown in cards and counted against a bound is the same string.

export const TITLE_MAX = 120;
export const MESSAGE_MAX = 500;
export const REALIZATION_MAX = 500;
export const COMMENT_MAX = 1000;
export const LESSON_MAX = 1000;
export const UNIT_MAX = 30;
export const PLAN_NAME_MAX = 80;

/** The same bounds by field name, for error messages and generic validation. */
export const TEXT_LIMITS = {
  title: TITLE_MAX,
  message: MESSAGE_MAX,
  realization: REALIZATION_MAX,
  comment: COMMENT_MAX,
  lesson: LESSON_MAX,
  unit: UNIT_MAX,
  planName: PLAN_NAME_MAX,
} as const;

// Line breaks and tabs are whitespace, not garbage: they become a space before controls go.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085]/g;
// C0, DEL and C1 controls; bidi embeddings/overrides/isolates (they can make a title read
// differently from what it is); BOM and zero-width space. ZWJ/ZWNJ stay: emoji and some
// scripts need them.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Clean user text: drop unpaired surrogates and control characters, NFC-normalise, collapse
 * every whitespace run (including line breaks and no-break spaces) to one space, and trim.
 * The result is one line. Idempotent: cleanText(cleanText(s)) === cleanText(s).
 */
export function cleanText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Length in characters as people count them: Unicode code points (an emoji is 1, not 2). */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface LengthCheck {
  ok: boolean;
  length: number;
  max: number;
}

/** Whether `s` fits in `max` characters (code points). Clean first: the bound applies to what is stored. */
export function checkLength(s: string, max: number): LengthCheck {
  const length = textLength(s);
  return { ok: length <= max, length, max };
}

/**
 * At most `max` characters (code points): longer text is cut and ends in `…`, which counts as one
 * of them. The one way text is shortened for show (replies, echoes, digest lessons).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** A user's value as echoed back in a message: one clean line, bounded, so 10 kB never floods a chat. */
export function echo(value: string, max = 60): string {
  return truncate(cleanText(value), max);
}
