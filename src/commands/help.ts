// `help [command]`: the command reference as a card, generated from the grammar's COMMAND_USAGES,
// so the card can never drift from what the parser accepts.
import { helpCard as renderHelpCard } from '../cards/help';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { CommandHandler } from './handler';
import { COMMAND_KEYS, COMMAND_USAGES, type CommandName, type CommandUsage, type TopLevelKeyword } from './grammar';
import { KEY_HELP } from './keyHelp';

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
  // One command with keys: each key explained, with an example to copy.
  const keys = command ? (COMMAND_KEYS[command] ?? []) : [];
  const keyHelp = keys.map((k) => ({ key: k, text: KEY_HELP[k][lang], example: KEY_HELP[k].example }));
  return renderHelpCard(lang, entries, whole ? undefined : usages.map((u) => u.title).join(', '), keyHelp);
}

export const help: CommandHandler<'help'> = async ({ command, lang }) => {
  return [{ card: helpCard(lang, command.topic, command.command), summary: t(lang, 'cmd.help.title') }];
};
