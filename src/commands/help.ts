// `help [command]`: the command reference as a card, generated from the grammar's COMMAND_USAGES,
// so the card can never drift from what the parser accepts.
import { renderCard } from '../cards/build';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { OutboundMessage } from '../delivery/ports';
import { COMMAND_USAGES, type Audience, type CommandName, type CommandUsage, type TopLevelKeyword } from './grammar';
import { registerCommand } from './registry';

const AUDIENCE_ORDER: readonly Audience[] = ['everyone', 'admin', 'owner'];

/** The usages `help` shows: all, those under one keyword, or one command. */
export function helpUsages(topic?: TopLevelKeyword, command?: CommandName): CommandUsage[] {
  if (command) return COMMAND_USAGES.filter((u) => u.command === command);
  if (topic && topic !== 'help') return COMMAND_USAGES.filter((u) => u.keyword === topic);
  return [...COMMAND_USAGES];
}

export function helpCard(lang: Language, topic?: TopLevelKeyword, command?: CommandName): object {
  const usages = helpUsages(topic, command);
  const whole = usages.length === COMMAND_USAGES.length;
  const sections = AUDIENCE_ORDER.map((audience) => ({
    heading: t(lang, `cmd.help.audience.${audience}`),
    commands: usages.filter((u) => u.audience === audience).map((u) => ({ usage: u.usage, description: u.description[lang] })),
  })).filter((s) => s.commands.length > 0);
  return renderCard('help', {
    title: whole ? t(lang, 'cmd.help.title') : t(lang, 'cmd.help.titleFor', { topic: usages.map((u) => u.title).join(', ') }),
    intro: whole ? t(lang, 'cmd.help.intro') : '',
    sections,
    footer: t(lang, whole ? 'cmd.help.footer' : 'cmd.help.footerTopic'),
  });
}

registerCommand('help', async ({ command, lang }): Promise<OutboundMessage[]> => {
  return [{ card: helpCard(lang, command.topic, command.command), summary: t(lang, 'cmd.help.title') }];
});
