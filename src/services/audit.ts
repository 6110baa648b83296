// The audit trail of configuration changes (DOMAIN.md: every change is kept). Each successful
// command stores who, when, what and the before → after of the fields it changed, so "who set
// this target?" has an answer long after the chat scrolled away.
import type { AuditEntry, Person } from '../domain/types';
import type { Services } from './context';

/** Admin changes (admin add/remove) are not about one plan: they go to this partition. */
export const TENANT_AUDIT = '_tenant';

/** A person as the audit keeps it: id and name are enough to tell who, and names can change. */
export function auditPerson(p: Person): { id: string; name: string } {
  return { id: p.id, name: p.name };
}

/** Values as stored in the trail: persons shrink to id + name; everything else is kept as is. */
function auditValue(v: unknown): unknown {
  if (v && typeof v === 'object' && 'id' in v && 'name' in v) return auditPerson(v as Person);
  return v;
}

/**
 * The fields of `keys` whose value differs between before and after, as two small objects.
 * Undefined when nothing changed (the caller then stores no entry: a no-op is not a change).
 */
export function changedFields(
  before: object,
  after: object,
  keys: readonly string[],
): { before: Record<string, unknown>; after: Record<string, unknown> } | undefined {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const from = before as Record<string, unknown>;
  const to = after as Record<string, unknown>;
  for (const k of keys) {
    const x = auditValue(from[k]);
    const y = auditValue(to[k]);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (x !== undefined) b[k] = x;
    if (y !== undefined) a[k] = y;
  }
  return Object.keys(a).length + Object.keys(b).length === 0 ? undefined : { before: b, after: a };
}

export async function recordAudit(s: Services, tenantId: string, entry: Omit<AuditEntry, 'at' | 'by'> & { by: Person; at?: string }): Promise<void> {
  await s.storage.audit.add(tenantId, {
    ...entry,
    by: auditPerson(entry.by),
    at: entry.at ?? s.clock.now().toISOString(),
  });
}

/** The newest entry about `subject` in a plan's trail (a plan id or `<plan>/<n>`). */
export async function lastChange(s: Services, tenantId: string, planId: string, subject: string): Promise<AuditEntry | undefined> {
  // Most recent entries first: the first page usually holds the answer; read on only when not.
  const recent = await s.storage.audit.list(tenantId, planId, 50);
  const hit = recent.find((e) => e.subject === subject);
  if (hit || recent.length < 50) return hit;
  return (await s.storage.audit.list(tenantId, planId)).find((e) => e.subject === subject);
}
