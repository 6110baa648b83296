// Cards are built from the JSON templates in cards/ (adaptivecards-templating), version ≤ 1.5 so
// every Teams client renders them. Data is plain values; user text inside it is never re-expanded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { PROJECT_ROOT } from '../paths';

/** Teams refuses messages over about 28 KB; cards are kept below this. */
export const MAX_CARD_BYTES = 28 * 1024;

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let tpl = templates.get(name);
  if (!tpl) {
    if (!/^[a-zA-Z][\w-]*$/.test(name)) throw new Error(`bad template name ${name}`);
    const json = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cards', `${name}.json`), 'utf8'));
    tpl = new ACData.Template(json);
    templates.set(name, tpl);
  }
  return tpl;
}

/** Expands cards/<name>.json with `data` as $root. */
export function renderCard(name: string, data: object): object {
  return template(name).expand({ $root: data }) as object;
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
