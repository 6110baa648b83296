// `language nb|en` (`språk`): the language of my personal chat with the bot. Without a word it
// says which one is in use and how to change it.
import { readLanguage } from '../domain/fields';
import type { Problem } from '../domain/problems';
import { DEFAULT_LANGUAGE, t } from '../i18n';
import { chosenLanguage, setChosenLanguage } from '../services/language';
import { renderProblems } from './errors';
import { usageOf } from './grammar';
import type { CommandHandler } from './handler';

export const language: CommandHandler<'language'> = async ({ s, actor, command, lang, message }) => {
  // Typed in a channel, it still sets the personal chat's language: the reply, read by the whole
  // channel, is in the channel's language and says where the choice applies.
  const inChannel = message.conversationKind === 'channel';
  if (command.language === undefined) {
    const chosen = await chosenLanguage(s, actor.tenantId, actor.person.id);
    const personal = chosen ?? DEFAULT_LANGUAGE;
    const params = { other: personal === 'nb' ? 'en' : 'nb', language: t(lang, `cmd.language.word.${personal}`) };
    if (inChannel) return [{ text: t(lang, chosen ? 'cmd.language.currentElsewhere' : 'cmd.language.defaultElsewhere', params) }];
    return [{ text: t(lang, chosen ? 'cmd.language.current' : 'cmd.language.default', params) }];
  }
  const problems: Problem[] = [];
  const chosen = readLanguage('language', command.language, problems);
  if (!chosen || chosen === 'auto') {
    return [{ text: renderProblems(lang, problems.length ? problems : [{ key: 'cmd.err.language', params: { value: command.language } }], usageOf('language')) }];
  }
  await setChosenLanguage(s, actor, chosen);
  if (inChannel) return [{ text: t(lang, 'cmd.language.setElsewhere', { language: t(lang, `cmd.language.word.${chosen}`) }) }];
  // Said in the new language: that is the language from now on.
  return [{ text: t(chosen, 'cmd.language.set') }];
};
