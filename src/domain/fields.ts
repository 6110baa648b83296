// One reader per field of a plan or a benefit: the text a person typed (in chat, in a form, in a
// spreadsheet cell) → the value to store, or a Problem that says what is wrong and how to write it.
// Every way of setting a field goes through these, so a chat command, a form and an import accept
// and refuse exactly the same values. Pure: no I/O.
import { parseCadence, type CadenceError } from './cadence';
import { cadenceToText } from './cadenceText';
import { parseDate } from './dates';
import { parseNumber, VALUE_LIMIT } from './numbers';
import type { Problem } from './problems';
import { checkLength, cleanText, echo } from './text';
import { canonicalTimeZone, suggestTimeZone } from './timeZones';
import type { BenefitType, Direction, Language } from './types';

/** The fields of a plan a person can set, in the order they are shown. */
export const PLAN_FIELDS = ['name', 'digest', 'timezone', 'language', 'hourlyRate', 'hoursPerFte', 'tolerance', 'leader'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** The fields of a benefit a person can set, in the order they are shown. */
export const BENEFIT_FIELDS = [
  'title',
  'type',
  'unit',
  'baseline',
  'target',
  'due',
  'owner',
  'cadence',
  'direction',
  'message',
  'realization',
  'deputy',
  'start',
] as const;
export type BenefitField = (typeof BENEFIT_FIELDS)[number];

/** The fields a new benefit must have (reported all at once when missing). */
export const BENEFIT_REQUIRED_FIELDS = ['type', 'unit', 'baseline', 'target', 'due', 'owner'] as const;
export type RequiredBenefitField = (typeof BENEFIT_REQUIRED_FIELDS)[number];

const lookup = <T>(table: Readonly<Record<string, T>>, word: string): T | undefined => {
  const w = word.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, w) ? table[w] : undefined;
};

const TYPE_WORDS: Readonly<Record<string, BenefitType>> = {
  cost: 'cost',
  kostnad: 'cost',
  kostnader: 'cost',
  time: 'time',
  tid: 'time',
  quality: 'quality',
  kvalitet: 'quality',
};
const DIRECTION_WORDS: Readonly<Record<string, Direction>> = { up: 'up', opp: 'up', down: 'down', ned: 'down' };
/** `baseline=unknown`: no baseline yet; the first prompt asks the owner for it. */
export const UNKNOWN_BASELINE_WORDS: readonly string[] = ['unknown', 'ukjent', '?'];
/** `deputy=none` (also `ingen`, `-`) removes the deputy. Only the deputy is optional. */
export const NONE_WORDS: readonly string[] = ['none', 'ingen', '-'];
const LANGUAGE_WORDS: Readonly<Record<string, Language | 'auto'>> = {
  nb: 'nb',
  no: 'nb',
  nob: 'nb',
  norsk: 'nb',
  'bokmål': 'nb',
  bokmal: 'nb',
  norwegian: 'nb',
  en: 'en',
  eng: 'en',
  english: 'en',
  engelsk: 'en',
  auto: 'auto',
};

/** A number field; a problem naming the field and the value when it is not one. */
export function readNumber(field: string, text: string, problems: Problem[]): number | undefined {
  const n = parseNumber(text);
  if (n === undefined || !Number.isFinite(n) || Math.abs(n) >= VALUE_LIMIT) {
    problems.push({ key: 'cmd.err.number', params: { key: field, value: echo(text) }, field });
    return undefined;
  }
  return n;
}

/** A number within [min, max] (or (min, max] when `minExclusive`). */
export function readRange(field: string, text: string, min: number, max: number, problems: Problem[], minExclusive = false): number | undefined {
  const n = readNumber(field, text, problems);
  if (n === undefined) return undefined;
  if (n > max || n < min || (minExclusive && n === min)) {
    problems.push({ key: minExclusive ? 'cmd.err.rangeAbove' : 'cmd.err.range', params: { key: field, value: echo(text), min, max }, field });
    return undefined;
  }
  return n;
}

const CADENCE_ERROR_KEYS: Record<CadenceError, string> = {
  format: 'cmd.err.cadence.format',
  weekday: 'cmd.err.cadence.weekday',
  time: 'cmd.err.cadence.time',
  day: 'cmd.err.cadence.day',
  interval: 'cmd.err.cadence.interval',
};

/** A cadence in its canonical stored text (`mon 09:00`), or a problem that says what is wrong. */
export function readCadence(field: string, text: string, problems: Problem[]): string | undefined {
  const r = parseCadence(text.slice(0, 200));
  if (!r.ok) {
    problems.push({ key: 'cmd.err.cadence', params: { key: field, value: echo(text), detailKey: CADENCE_ERROR_KEYS[r.error] }, field });
    return undefined;
  }
  return cadenceToText(r.cadence);
}

/** Cleaned text within its bound; `required` refuses an empty value (undefined means "empty"). */
export function readText(field: string, text: string, max: number, problems: Problem[], required: boolean): string | undefined {
  const clean = cleanText(text);
  if (clean === '') {
    if (required) problems.push({ key: 'cmd.err.empty', params: { key: field }, field });
    return undefined;
  }
  const len = checkLength(clean, max);
  if (!len.ok) {
    problems.push({ key: 'cmd.err.tooLong', params: { key: field, length: len.length, max }, field });
    return undefined;
  }
  return clean;
}

export function readTimeZone(field: string, text: string, problems: Problem[]): string | undefined {
  const tz = canonicalTimeZone(text);
  if (!tz) problems.push({ key: 'cmd.err.timezone', params: { value: echo(text), suggestion: suggestTimeZone(text) }, field });
  return tz;
}

/** `nb`, `en` (and their names in either language), or `auto`: the plan follows its readers. */
export function readLanguage(field: string, text: string, problems: Problem[]): Language | 'auto' | undefined {
  const lang = lookup(LANGUAGE_WORDS, text);
  if (!lang) problems.push({ key: 'cmd.err.language', params: { value: echo(text) }, field });
  return lang;
}

export function readType(field: string, text: string, problems: Problem[]): BenefitType | undefined {
  const type = lookup(TYPE_WORDS, text);
  if (!type) problems.push({ key: 'cmd.err.type', params: { value: echo(text) }, field });
  return type;
}

export function readDirection(field: string, text: string, problems: Problem[]): Direction | undefined {
  const direction = lookup(DIRECTION_WORDS, text);
  if (!direction) problems.push({ key: 'cmd.err.direction', params: { value: echo(text) }, field });
  return direction;
}

/** A baseline: a number, or null for "not known yet" (`unknown`, `ukjent`, `?`). */
export function readBaseline(field: string, text: string, problems: Problem[]): number | null | undefined {
  const t = text.trim();
  return UNKNOWN_BASELINE_WORDS.includes(t.toLowerCase()) ? null : readNumber(field, t, problems);
}

/** A calendar date: `2027-06-30` or `30.06.2027`. */
export function readDate(field: string, text: string, problems: Problem[]): string | undefined {
  const d = parseDate(text);
  if (!d) problems.push({ key: 'cmd.err.date', params: { key: field, value: echo(text) }, field });
  return d;
}

/** Whether a typed value means "none" (removes an optional person such as the deputy). */
export const isNoneWord = (text: string): boolean => NONE_WORDS.includes(text.trim().toLowerCase());
