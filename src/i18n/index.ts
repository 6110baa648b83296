// All user-visible text. Catalogues are split by area (one file each, nb and en side by side) and
// merged here; `t` fills {placeholders}. A missing key is a programming error: tests check that
// both languages have the same keys, and at run time the key itself is shown rather than crashing.
import type { Language } from '../domain/types';
import { cards } from './cards';
import { commands } from './commands';
import { common } from './common';
import { digest } from './digest';
import { forms } from './forms';
import { imports } from './imports';
import { reportDocument } from './document';
import { prompts } from './prompts';
import { report } from './report';
import type { Area, Catalogue } from './catalogue';

const areas: Area[] = [common, cards, commands, prompts, digest, report, reportDocument, forms, imports];
const merged: Record<Language, Catalogue> = { nb: {}, en: {} };

/** Merges one area's catalogue into the whole; a key defined twice with different texts is a bug. */
function register(area: Area): void {
  for (const lang of ['nb', 'en'] as const) {
    for (const [k, v] of Object.entries(area[lang])) {
      if (k in merged[lang] && merged[lang][k] !== v) throw new Error(`i18n key defined twice: ${k}`);
      merged[lang][k] = v;
    }
  }
}
areas.forEach(register);

export type Params = Record<string, string | number | undefined>;

export function t(lang: Language, key: string, params: Params = {}): string {
  const template = merged[lang][key] ?? merged.nb[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? '' : String(v);
  });
}

export function hasKey(key: string): boolean {
  return key in merged.nb && key in merged.en;
}

/** For tests: every key of both languages. */
export function allKeys(): { nb: string[]; en: string[] } {
  return { nb: Object.keys(merged.nb), en: Object.keys(merged.en) };
}

/**
 * Norwegian bokmål, where nobody chose another language. The Teams client's locale never chooses
 * one: many Norwegian staff run Teams in English and still work in Norwegian.
 */
export const DEFAULT_LANGUAGE: Language = 'nb';

/** A language carried in a card's data (`lang`), or undefined when it is not one we speak. */
export function languageIn(value: unknown): Language | undefined {
  return value === 'nb' || value === 'en' ? value : undefined;
}
