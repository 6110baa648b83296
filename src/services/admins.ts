// Who may configure: the bootstrap admins of the configuration (ADMINS: AAD object ids and UPNs,
// lower-case) and the people made admin with `admin add` (people.isAdmin). The configuration is
// the root of trust, so a bootstrap admin can only be removed there, and the last admin cannot
// remove themselves: a tenant must never lock itself out of its own plans.
import type { Person } from '../domain/types';
import type { PersonRow } from '../storage';
import { TENANT_AUDIT, auditPerson, recordAudit } from './audit';
import type { Services } from './context';
import type { Actor } from './actor';
import { lookupQuietly, rememberPeople } from './people';

export interface AdminEntry {
  /** Known person (name from Teams or the people table). */
  person?: Person;
  /** The configuration entry for a bootstrap admin (AAD object id or UPN). */
  configEntry?: string;
  source: 'config' | 'added';
  addedBy?: string;
  addedAt?: string;
}

function bootstrapList(s: Services): string[] {
  return s.config.admins.map((a) => a.toLowerCase());
}

/** True when the configuration names this person (by AAD object id or UPN). */
export function isBootstrapAdmin(s: Services, person: Pick<Person, 'aadObjectId' | 'upn'>): boolean {
  const list = bootstrapList(s);
  const aad = person.aadObjectId?.toLowerCase();
  const upn = person.upn?.toLowerCase();
  return (aad !== undefined && list.includes(aad)) || (upn !== undefined && list.includes(upn));
}

/**
 * Whether the sender may run admin commands. The AAD object id arrives with every activity; a
 * UPN does not, so when the configuration lists UPNs the sender's UPN is looked up once in Teams
 * and cached in the people table.
 */
export async function isAdmin(s: Services, actor: Actor): Promise<boolean> {
  const list = bootstrapList(s);
  const aad = actor.person.aadObjectId?.toLowerCase();
  if (aad && list.includes(aad)) return true;
  if (!actor.person.id) return false;
  const row = await s.storage.people.get(actor.tenantId, actor.person.id);
  if (row?.isAdmin === true) return true;
  if (row?.aadObjectId && list.includes(row.aadObjectId.toLowerCase())) return true;
  if (!list.some((a) => a.includes('@'))) return false;
  let upn = row?.upn?.toLowerCase();
  if (!upn) {
    const me = await lookupQuietly(actor.directory, actor.person.id);
    upn = me?.upn?.toLowerCase();
    if (me && upn) {
      await s.storage.people.upsert({
        tenantId: actor.tenantId,
        id: actor.person.id,
        name: me.name || actor.person.name,
        upn,
        ...(me.aadObjectId ? { aadObjectId: me.aadObjectId.toLowerCase() } : {}),
        updatedAt: s.clock.now().toISOString(),
      });
    }
  }
  return upn !== undefined && list.includes(upn);
}

/** Every admin: bootstrap entries first (names looked up where Teams knows them), then the added ones. */
export async function listAdmins(s: Services, actor: Actor): Promise<AdminEntry[]> {
  const rows = await s.storage.people.listAdmins(actor.tenantId);
  const out: AdminEntry[] = [];
  const seen = new Set<string>();
  for (const entry of bootstrapList(s)) {
    const fromRows = rows.find((r) => r.aadObjectId?.toLowerCase() === entry || r.upn?.toLowerCase() === entry);
    const person = fromRows ?? (await lookupQuietly(actor.directory, entry));
    if (person?.id) seen.add(person.id);
    out.push({ source: 'config', configEntry: entry, ...(person ? { person: { id: person.id, name: person.name } } : {}) });
  }
  for (const r of rows.sort(byName)) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({
      source: 'added',
      person: { id: r.id, name: r.name },
      ...(r.adminAddedBy ? { addedBy: r.adminAddedBy } : {}),
      ...(r.adminAddedAt ? { addedAt: r.adminAddedAt } : {}),
    });
  }
  return out;
}

function byName(a: PersonRow, b: PersonRow): number {
  return a.name.localeCompare(b.name, 'nb');
}

/** The names of the admins the bot knows, for "ask one of them" in a refusal. */
export async function adminNames(s: Services, actor: Actor): Promise<string[]> {
  const names = (await listAdmins(s, actor)).map((a) => a.person?.name).filter((n): n is string => !!n && n.trim() !== '');
  return [...new Set(names)];
}

export type AddAdminResult = 'added' | 'already';
export type RemoveAdminResult = 'removed' | 'notAdmin' | 'bootstrap' | 'last';

export async function addAdmin(s: Services, actor: Actor, person: Person): Promise<AddAdminResult> {
  const row = await s.storage.people.get(actor.tenantId, person.id);
  if (row?.isAdmin === true || isBootstrapAdmin(s, person)) return 'already';
  const now = s.clock.now().toISOString();
  await rememberPeople(s, actor.tenantId, [person]);
  await s.storage.people.upsert({
    tenantId: actor.tenantId,
    id: person.id,
    name: person.name,
    isAdmin: true,
    adminAddedBy: actor.person.name || actor.person.id,
    adminAddedAt: now,
    updatedAt: now,
  });
  await recordAudit(s, actor.tenantId, {
    planId: TENANT_AUDIT,
    by: actor.person,
    at: now,
    action: 'admin.add',
    subject: person.id,
    before: { isAdmin: false },
    after: { isAdmin: true, person: auditPerson(person) },
  });
  return 'added';
}

export async function removeAdmin(s: Services, actor: Actor, person: Person): Promise<RemoveAdminResult> {
  if (isBootstrapAdmin(s, person)) return 'bootstrap';
  const rows = await s.storage.people.listAdmins(actor.tenantId);
  if (!rows.some((r) => r.id === person.id)) return 'notAdmin';
  // Bootstrap admins count only where this tenant has seen them: ADMINS serves every tenant of the
  // deployment, and an admin of another organisation is no admin here.
  const bootstrapHere = (await s.storage.people.listMatching(actor.tenantId, bootstrapList(s))).filter((r) => r.id !== person.id);
  const others = new Set([...rows.filter((r) => r.id !== person.id).map((r) => r.id), ...bootstrapHere.map((r) => r.id)]).size;
  if (others === 0) return 'last';
  const now = s.clock.now().toISOString();
  // Merge with isAdmin=false: keeps the person's other data (away state, UPN) untouched.
  await s.storage.people.upsert({ tenantId: actor.tenantId, id: person.id, isAdmin: false, updatedAt: now });
  await recordAudit(s, actor.tenantId, {
    planId: TENANT_AUDIT,
    by: actor.person,
    at: now,
    action: 'admin.remove',
    subject: person.id,
    before: { isAdmin: true, person: auditPerson(person) },
    after: { isAdmin: false },
  });
  return 'removed';
}
