// Row and partition keys. Azure Tables forbid / \ # ? and control characters in keys, so keys are
// built only from ids the bot made (slugs, numbers, ISO periods) or from external ids encoded
// with base64url (Teams user and conversation ids, tenant ids that are not plain GUIDs).

const SAFE = /^[A-Za-z0-9._:@~-]{1,200}$/;

/** Encodes an external id for use inside a key; reversible, and never contains a forbidden char. */
export function encodeId(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeId(key: string): string {
  return Buffer.from(key, 'base64url').toString('utf8');
}

/** Tenant ids are GUIDs in Teams; anything else is encoded rather than trusted. */
export function tenantKey(tenantId: string): string {
  return /^[0-9A-Za-z-]{1,64}$/.test(tenantId) ? tenantId.toLowerCase() : `x${encodeId(tenantId)}`;
}

export function planPartition(tenantId: string, planId: string): string {
  assertSafe(planId);
  return `${tenantKey(tenantId)}~${planId}`;
}

export function benefitKey(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new Error(`bad benefit number ${n}`);
  return String(n).padStart(4, '0');
}

export function assertSafe(part: string): string {
  if (!SAFE.test(part)) throw new Error(`unsafe key part ${JSON.stringify(part.slice(0, 40))}`);
  return part;
}

/** Newest first: inverted millisecond timestamp, zero padded, so RowKey order is time-descending. */
export function invertedTime(iso: string): string {
  return String(9_999_999_999_999 - Date.parse(iso)).padStart(13, '0');
}

/** The delivery-ledger subject of a benefit: `<plan>~0002` (plan ids are slugs, the number padded). */
export function ledgerSubject(planId: string, n: number): string {
  return `${assertSafe(planId)}~${benefitKey(n)}`;
}

/** The ledger period of a target value: `target-15`, `target-12.5`, `target--3`. */
export function targetPeriod(target: number): string {
  return `target-${String(target)}`.replace(/[^A-Za-z0-9._:-]/g, '_');
}
