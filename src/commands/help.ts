// `help [command]`: the command reference as a card, generated from the grammar's COMMAND_USAGES,
// so the card can never drift from what the parser accepts.
import { helpCard as renderHelpCard } from '../cards/help';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { CommandHandler } from './handler';
import { COMMAND_USAGES, type CommandName, type CommandUsage, type TopLevelKeyword } from './grammar';

/** The usages `help` shows: all, those under one keyword, or one command. */
export function helpUsages(topic?: TopLevelKeyword, command?: CommandName): CommandUsage[] {
  if (command) return COMMAND_USAGES.filter((u) => u.command === command);
  if (topic && topic !== 'help') return COMMAND_USAGES.filter((u) => u.keyword === topic);
  return [...COMMAND_USAGES];
}

export function helpCard(lang: Language, topic?: TopLevelKeyword, command?: CommandName): object {
  const usages = helpUsages(topic, command);
  const whole = usages.length === COMMAND_USAGES.length;
  const entries = usages.map((u) => ({ usage: u.usage, description: u.description[lang], audience: u.audience }));
  return renderHelpCard(lang, entries, whole ? undefined : usages.map((u) => u.title).join(', '));
}

export const help: CommandHandler<'help'> = async ({ command, lang }) => {
  return [{ card: helpCard(lang, command.topic, command.command), summary: t(lang, 'cmd.help.title') }];
};
