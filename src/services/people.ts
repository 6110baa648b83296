// People named in commands (owner=, deputy=, leader=, admin add …): resolved through Teams so the
// bot stores the real Teams user id it can later message, never just a typed name.
import type { Person } from '../domain/types';
import type { PersonValue } from '../commands/parse';
import type { Services } from './context';
import type { InboundMessage } from '../routes/ports';

export type PersonLookup = { ok: true; person: Person } | { ok: false; who: string };

/**
 * Looks a mentioned person (by Teams user id) or a UPN up among the members Teams knows in this
 * conversation/team. `who` names the one that could not be found, for the error message.
 */
export async function resolvePerson(message: InboundMessage, value: PersonValue): Promise<PersonLookup> {
  const key = value.kind === 'mention' ? value.id : value.upn;
  const who = value.kind === 'mention' ? value.name || value.id : value.upn;
  let found = key ? await message.lookupMember(key) : undefined;
  // Teams looks members up by UPN, but some hosts (the Agents Playground) only by user id: a UPN
  // that is the sender's own still resolves, by looking the sender up by id.
  if ((!found || !found.id) && value.kind === 'upn') {
    const me = await message.lookupMember(message.from.id);
    if (me?.upn?.toLowerCase() === value.upn.toLowerCase()) found = me;
  }
  if (!found || !found.id) return { ok: false, who };
  const person: Person = { id: found.id, name: found.name || who };
  if (found.aadObjectId) person.aadObjectId = found.aadObjectId.toLowerCase();
  const upn = found.upn ?? (value.kind === 'upn' ? value.upn : undefined);
  if (upn) person.upn = upn.toLowerCase();
  return { ok: true, person };
}

/**
 * Stores (merges) what Teams told us about people, so prompts and admin checks find them later.
 * Called only after the command that named them succeeded: a failed command stores nothing.
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
