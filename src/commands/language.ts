// `language nb|en` (`språk`): the language of my personal chat with the bot. Without a word it
// says which one is in use and how to change it.
import { readLanguage } from '../domain/fields';
import type { Problem } from '../domain/problems';
import { t } from '../i18n';
import { chosenLanguage, setChosenLanguage } from '../services/language';
import { renderProblems } from './errors';
import { usageOf } from './grammar';
import type { CommandHandler } from './handler';

export const language: CommandHandler<'language'> = async ({ s, actor, command, lang }) => {
  if (command.language === undefined) {
    const chosen = await chosenLanguage(s, actor.tenantId, actor.person.id);
    return [{ text: t(lang, chosen ? 'cmd.language.current' : 'cmd.language.default', { other: lang === 'nb' ? 'en' : 'nb' }) }];
  }
  const problems: Problem[] = [];
  const chosen = readLanguage('language', command.language, problems);
  if (!chosen || chosen === 'auto') {
    return [{ text: renderProblems(lang, problems.length ? problems : [{ key: 'cmd.err.language', params: { value: command.language } }], usageOf('language')) }];
  }
  await setChosenLanguage(s, actor, chosen);
  // Said in the new language: that is the language from now on.
  return [{ text: t(chosen, 'cmd.language.set') }];
};
