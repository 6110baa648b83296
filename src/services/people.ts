// People named in an input (owner, deputy, leader, admin add …): resolved through Teams so the bot
// stores the real Teams user id it can later message, never just a typed name.
import type { Person } from '../domain/types';
import type { Actor, MemberDirectory, PersonRef } from './actor';
import type { Services } from './context';

export type PersonLookup = { ok: true; person: Person } | { ok: false; who: string };

/** How a reference reads in an error message ("Kari Nordmann", "kari@fjordvik.no"). */
export const personRefText = (ref: PersonRef): string => (ref.kind === 'id' ? ref.name || ref.id : ref.kind === 'upn' ? ref.upn : ref.aadObjectId);

const refKey = (ref: PersonRef): string => (ref.kind === 'id' ? ref.id : ref.kind === 'upn' ? ref.upn : ref.aadObjectId);

/** Whether the reference names the actor themselves by UPN or AAD object id. */
function namesActor(ref: PersonRef, me: { upn?: string; aadObjectId?: string } | undefined): boolean {
  if (ref.kind === 'upn') return me?.upn?.toLowerCase() === ref.upn.toLowerCase();
  if (ref.kind === 'aad') return me?.aadObjectId?.toLowerCase() === ref.aadObjectId.toLowerCase();
  return false;
}

/**
 * Looks a person (by Teams user id, UPN or AAD object id) up among the members Teams knows where
 * the actor asked. `who` names the one that could not be found, for the error message.
 */
export async function resolvePerson(actor: Actor, ref: PersonRef): Promise<PersonLookup> {
  const key = refKey(ref);
  const who = personRefText(ref);
  let found = key ? await actor.directory.lookup(key) : undefined;
  // Teams looks members up by UPN and AAD object id, but some hosts (the Agents Playground) only
  // by user id: the actor's own UPN or object id still resolves, by looking the actor up by id.
  if ((!found || !found.id) && ref.kind !== 'id') {
    const ownAad = ref.kind === 'aad' && namesActor(ref, { aadObjectId: actor.person.aadObjectId });
    const me = await actor.directory.lookup(actor.person.id);
    if (me && (ownAad || namesActor(ref, me))) found = me;
  }
  if (!found || !found.id) return { ok: false, who };
  const person: Person = { id: found.id, name: found.name || who };
  if (found.aadObjectId) person.aadObjectId = found.aadObjectId.toLowerCase();
  if (!person.aadObjectId && ref.kind === 'aad') person.aadObjectId = ref.aadObjectId.toLowerCase();
  const upn = found.upn ?? (ref.kind === 'upn' ? ref.upn : undefined);
  if (upn) person.upn = upn.toLowerCase();
  return { ok: true, person };
}

/** A lookup that treats a Teams failure as "not known" (where names are only a nicety). */
export async function lookupQuietly(directory: MemberDirectory, key: string): Promise<Person | undefined> {
  try {
    return await directory.lookup(key);
  } catch {
    return undefined;
  }
}

/**
 * Stores (merges) what Teams told us about people, so prompts and admin checks find them later.
 * Called only after the change that named them succeeded: a failed change stores nothing.
 */
export async function rememberPeople(s: Services, tenantId: string, people: readonly (Person | undefined)[]): Promise<void> {
  const now = s.clock.now().toISOString();
  const seen = new Set<string>();
  for (const p of people) {
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    await s.storage.people.upsert({
      tenantId,
      id: p.id,
      name: p.name,
      ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}),
      ...(p.upn ? { upn: p.upn } : {}),
      updatedAt: now,
    });
  }
}

/** The person as plans and benefits keep it (no undefined properties). */
export function storedPerson(p: Person): Person {
  return {
    id: p.id,
    name: p.name,
    ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}),
    ...(p.upn ? { upn: p.upn } : {}),
  };
}
