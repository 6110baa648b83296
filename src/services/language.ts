// Which language a person reads (DOMAIN.md, Language): Norwegian bokmål unless someone chose
// English. A plan's language decides what is posted to its channel and its reports; a person's own
// choice (`language en`) decides their personal chat; the Teams client's locale never decides.
// An exchange stays in the language it started in: cards carry theirs (`lang` in their data).
import type { Language, Plan } from '../domain/types';
import { DEFAULT_LANGUAGE } from '../i18n';
import type { Actor } from './actor';
import type { Services } from './context';

/** What is posted to a plan's channel and written in its reports. */
export const planLanguage = (plan: Pick<Plan, 'language'>): Language => plan.language ?? DEFAULT_LANGUAGE;

/** A person's own choice for their personal chat, if they made one. */
export async function chosenLanguage(s: Services, tenantId: string, personId: string): Promise<Language | undefined> {
  if (!personId) return undefined;
  return (await s.storage.people.get(tenantId, personId))?.language;
}

/** The language of a person's personal chat: their choice, else Norwegian. */
export async function personalLanguage(s: Services, tenantId: string, personId: string): Promise<Language> {
  return (await chosenLanguage(s, tenantId, personId)) ?? DEFAULT_LANGUAGE;
}

/**
 * A prompt card's language: the recipient's own choice, else the plan's. Its answers, reminders
 * and corrections stay in it (the period row keeps it).
 */
export const promptLanguage = (chosen: Language | undefined, plan: Pick<Plan, 'language'>): Language => chosen ?? planLanguage(plan);

/** Sets the actor's language for their personal chat. */
export async function setChosenLanguage(s: Services, actor: Actor, language: Language): Promise<void> {
  const p = actor.person;
  await s.storage.people.upsert({ tenantId: actor.tenantId, id: p.id, name: p.name, ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}), language, updatedAt: s.clock.now().toISOString() });
}
