// The language of a person's own exchanges with the bot (forms, import previews): their own choice
// when they made one (`language nb|en`, kept on their people row), else Norwegian bokmål. Never
// the Teams client's locale: many Norwegian staff run Teams in English and work in Norwegian.
import type { Language } from '../domain/types';
import type { Services } from './context';

export async function personalLanguage(s: Services, tenantId: string, userId: string): Promise<Language> {
  if (!userId) return 'nb';
  const row = await s.storage.people.get(tenantId, userId);
  const chosen = (row as { language?: unknown } | undefined)?.language;
  return chosen === 'en' || chosen === 'nb' ? chosen : 'nb';
}

/** A language as card data carries it back (`lang`), or undefined when it is not one. */
export function languageOfData(value: unknown): Language | undefined {
  return value === 'nb' || value === 'en' ? value : undefined;
}
