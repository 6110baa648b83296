// The command reference card: the usages it is given, grouped by who may use them.
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { renderCard } from './build';

export type HelpAudience = 'everyone' | 'admin' | 'owner';
const AUDIENCE_ORDER: readonly HelpAudience[] = ['everyone', 'admin', 'owner'];

export interface HelpEntry {
  /** The typed syntax, shown verbatim (never translated). */
  usage: string;
  description: string;
  audience: HelpAudience;
}

/** A key of a command, explained, with an example. */
export interface KeyEntry {
  key: string;
  text: string;
  example: string;
}

/** `topic` names what the card is about when it is not the whole reference. */
export function helpCard(lang: Language, entries: readonly HelpEntry[], topic?: string, keys: readonly KeyEntry[] = []): object {
  const sections = AUDIENCE_ORDER.map((audience) => ({
    heading: t(lang, `cmd.help.audience.${audience}`),
    commands: entries.filter((e) => e.audience === audience).map((e) => ({ usage: e.usage, description: e.description })),
  })).filter((s) => s.commands.length > 0);
  return renderCard('help', {
    title: topic === undefined ? t(lang, 'cmd.help.title') : t(lang, 'cmd.help.titleFor', { topic }),
    intro: topic === undefined ? t(lang, 'cmd.help.intro') : '',
    sections,
    keysTitle: keys.length > 0 ? t(lang, 'cmd.help.keys') : '',
    keys: keys.map((k) => ({ key: k.key, text: k.text, example: t(lang, 'cmd.help.example', { example: k.example }) })),
    footer: t(lang, topic === undefined ? 'cmd.help.footer' : 'cmd.help.footerTopic'),
  });
}
