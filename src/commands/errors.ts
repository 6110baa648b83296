// Turns what went wrong into a polite answer: the parser's errors (one text per error code) and
// the services' problems (an i18n key each), always followed by the right form of the command.
import { formatDate } from '../domain/dates';
import { formatNumber } from '../domain/numbers';
import { truncate } from '../domain/text';
import type { Language } from '../domain/types';
import { t, type Params } from '../i18n';
import type { Problem } from '../domain/problems';
import { HELP_USAGE } from './grammar';
import type { ParseError } from './command';

/** Every reply stays well below Teams' message limit, whatever the user typed. */
export const MAX_REPLY_CHARS = 7000;

/** A user's word as quoted back: one line, at most 60 characters, no backticks (they would end a code span). */
export function quoteBack(word: string, max = 60): string {
  return truncate(word.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069\ufeff]+/g, ' ').replace(/`/g, "'").trim(), max);
}

/** The right form, each line as a code span so it reads as something to type. */
export function usageBlock(lang: Language, usage: string): string {
  if (usage === HELP_USAGE) return t(lang, 'cmd.usage.help');
  const lines = usage
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `\`${l}\``);
  return `${t(lang, lines.length > 1 ? 'cmd.usage.many' : 'cmd.usage.one')}\n\n${lines.join('\n\n')}`;
}

const clip = (text: string): string => truncate(text, MAX_REPLY_CHARS);

export function renderParseError(lang: Language, e: ParseError): string {
  return clip(`${parseErrorText(lang, e)}\n\n${usageBlock(lang, e.usage)}`);
}

function parseErrorText(lang: Language, e: ParseError): string {
  switch (e.code) {
    case 'tooLong':
      return t(lang, 'cmd.parse.tooLong', { length: formatNumber(e.length, lang), max: formatNumber(e.max, lang) });
    case 'unclosedQuote':
      return t(lang, 'cmd.parse.unclosedQuote', { quote: quoteBack(e.quote, 3) });
    case 'unknownMention':
      return t(lang, 'cmd.parse.unknownMention', { mention: quoteBack(e.mention.replace(/<\/?at[^>]*>/gi, '')) });
    case 'unknownCommand':
      return e.suggestion
        ? t(lang, 'cmd.parse.unknownCommand.suggest', { word: quoteBack(e.word), suggestion: e.suggestion })
        : t(lang, 'cmd.parse.unknownCommand', { word: quoteBack(e.word) });
    case 'missingArgument':
      return t(lang, `cmd.parse.missing.${e.arg}`);
    case 'badPlanId':
      return t(lang, 'cmd.parse.badPlanId', { plan: quoteBack(e.plan) });
    case 'badBenefitRef':
      return t(lang, 'cmd.parse.badBenefitRef', { ref: quoteBack(e.ref) });
    case 'unknownKey':
      return e.suggestion
        ? t(lang, 'cmd.parse.unknownKey.suggest', { key: quoteBack(e.key), suggestion: e.suggestion })
        : t(lang, 'cmd.parse.unknownKey', { key: quoteBack(e.key) });
    case 'duplicateKey':
      return t(lang, 'cmd.parse.duplicateKey', { key: e.key });
    case 'expectedPerson':
      return e.key
        ? t(lang, 'cmd.parse.expectedPerson.key', { key: e.key, value: quoteBack(e.value) })
        : t(lang, 'cmd.parse.expectedPerson', { value: quoteBack(e.value) });
    case 'unexpectedArgument':
      return e.afterKey
        ? t(lang, 'cmd.parse.unexpected.afterKey', { word: quoteBack(e.word), key: e.afterKey })
        : t(lang, 'cmd.parse.unexpected', { word: quoteBack(e.word) });
    case 'missingKeys':
      return t(lang, 'cmd.parse.missingKeys', { keys: e.keys.join(', ') });
    case 'internal':
      return t(lang, 'cmd.parse.internal');
  }
}

/** Dates and numbers in problem parameters are shown the way the reader writes them. */
function localise(lang: Language, params: Params = {}): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number') out[k] = formatNumber(v, lang);
    else if (typeof v === 'string' && /^(due|start|today)$/.test(k)) out[k] = safeDate(v, lang);
    else if (typeof v === 'string' && k === 'detailKey') out.detail = t(lang, v);
    else if (typeof v === 'string') out[k] = quoteBack(v, 80);
    else out[k] = v;
  }
  return out;
}

function safeDate(iso: string, lang: Language): string {
  try {
    return formatDate(iso, lang);
  } catch {
    return iso;
  }
}

export function problemText(lang: Language, p: Problem): string {
  return t(lang, p.key, localise(lang, p.params));
}

/** One problem as a sentence, several as a list; then the right form when one is given. */
export function renderProblems(lang: Language, problems: readonly Problem[], usage?: string): string {
  const texts = [...new Set(problems.map((p) => problemText(lang, p)))];
  const body = texts.length === 1 ? texts[0]! : `${t(lang, 'cmd.problems')}\n\n${texts.map((x) => `- ${x}`).join('\n')}`;
  return clip(usage ? `${body}\n\n${usageBlock(lang, usage)}` : body);
}
