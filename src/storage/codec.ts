// Entity ⇄ object. Scalars are stored as properties so the tables stay readable in Storage
// Explorer; nested objects (a person, a channel) as JSON strings in a property named `<key>__json`.
// The suffix, not a value prefix, marks JSON: user text can never be mistaken for it.
// Undefined is not stored.

export type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string; etag?: string };

const SYSTEM = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'odata.etag', 'odata.metadata']);
const JSON_SUFFIX = '__json';

export function toEntity(partitionKey: string, rowKey: string, obj: object): Entity {
  const out: Entity = { partitionKey, rowKey };
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || SYSTEM.has(k)) continue;
    if (typeof v === 'object' && v !== null) out[k + JSON_SUFFIX] = JSON.stringify(v);
    else out[k] = v;
  }
  return out;
}

export function fromEntity<T>(entity: Record<string, unknown>): T & { etag: string } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    if (SYSTEM.has(k)) continue;
    if (k.endsWith(JSON_SUFFIX) && typeof v === 'string') out[k.slice(0, -JSON_SUFFIX.length)] = JSON.parse(v);
    else out[k] = v;
  }
  out.etag = String(entity.etag ?? '');
  return out as T & { etag: string };
}
