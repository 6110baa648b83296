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

/** `topic` names what the card is about when it is not the whole reference. */
export function helpCard(lang: Language, entries: readonly HelpEntry[], topic?: string): object {
  const sections = AUDIENCE_ORDER.map((audience) => ({
    heading: t(lang, `cmd.help.audience.${audience}`),
    commands: entries.filter((e) => e.audience === audience).map((e) => ({ usage: e.usage, description: e.description })),
  })).filter((s) => s.commands.length > 0);
  return renderCard('help', {
    title: topic === undefined ? t(lang, 'cmd.help.title') : t(lang, 'cmd.help.titleFor', { topic }),
    intro: topic === undefined ? t(lang, 'cmd.help.intro') : '',
    sections,
    footer: t(lang, topic === undefined ? 'cmd.help.footer' : 'cmd.help.footerTopic'),
  });
}
