// The due work is split into shards by tenant: every tenant is in exactly one shard, so whoever
// holds a shard's lease sends all of that tenant's scheduled messages, and the tenant's send rate
// (TEAMS_MAX_RPS) holds for the whole deployment. Pure: a hash of the tenant id.
//
// The shard count is part of the storage layout (the due table's partition keys begin with the
// shard), so it is a constant, not a setting: changing it would strand due rows under old keys.

export const SHARD_COUNT = 32;

/** FNV-1a (32 bit) of the lower-cased tenant id, modulo SHARD_COUNT. */
export function shardOf(tenantId: string): number {
  let h = 0x811c9dc5;
  const s = tenantId.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % SHARD_COUNT;
}

/** 's07': the lease name and the due table's partition prefix of a shard. */
export function shardName(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= SHARD_COUNT) throw new Error(`no shard ${shard}`);
  return `s${String(shard).padStart(2, '0')}`;
}

export function allShards(): number[] {
  return Array.from({ length: SHARD_COUNT }, (_, i) => i);
}

/** `0-7,12` → [0…7, 12]; undefined when the text names no shard or one outside 0…SHARD_COUNT−1. */
export function parseShardList(text: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > to || to >= SHARD_COUNT) return undefined;
    for (let i = from; i <= to; i++) out.add(i);
  }
  return out.size > 0 ? [...out].sort((a, b) => a - b) : undefined;
}
