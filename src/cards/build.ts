// Cards are built from the JSON templates in cards/ (the Adaptive Cards template language),
// version ≤ 1.5 so every Teams client renders them. Data is plain values; user text inside it is
// never re-expanded. Each template is compiled once into a function (./compiledTemplate) that
// expands it exactly as adaptivecards-templating does; the library itself is loaded only for a
// template or a value the compiled function leaves to it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as ACData from 'adaptivecards-templating';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { PROJECT_ROOT } from '../paths';
import { FALLBACK, compileTemplate } from './compiledTemplate';

/** Teams refuses messages over about 28 KB; cards are kept below this. */
export const MAX_CARD_BYTES = 28 * 1024;

interface Template {
  json: unknown;
  compiled?: (data: object) => unknown;
  library?: ACData.Template;
}

const templates = new Map<string, Template>();

function template(name: string): Template {
  let tpl = templates.get(name);
  if (!tpl) {
    if (!/^[a-zA-Z][\w-]*$/.test(name)) throw new Error(`bad template name ${name}`);
    const json: unknown = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cards', `${name}.json`), 'utf8'));
    tpl = { json, compiled: compileTemplate(json) };
    templates.set(name, tpl);
  }
  return tpl;
}

/** Expands cards/<name>.json with `data` as $root. */
export function renderCard(name: string, data: object): object {
  const tpl = template(name);
  const out = tpl.compiled?.(data) ?? FALLBACK;
  if (out !== FALLBACK) return out as object;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tpl.library ??= new (require('adaptivecards-templating') as typeof ACData).Template(tpl.json);
  return tpl.library.expand({ $root: data }) as object;
}

export function cardBytes(card: object): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** A small card that says what went wrong (used as an invoke response so the card never breaks). */
export function errorCard(lang: Language, message: string): object {
  return renderCard('message', { title: t(lang, 'card.errorTitle'), text: message, style: 'attention' });
}

/** A small card with a title and text, e.g. a refusal in place of the card acted on. */
export function messageCard(title: string, text: string, style: 'default' | 'good' | 'attention' | 'warning' = 'default'): object {
  return renderCard('message', { title, text, style });
}
