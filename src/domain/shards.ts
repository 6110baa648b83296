// The due work is split into shards by tenant: every tenant is in exactly one shard, so whoever
// holds a shard's lease sends all of that tenant's scheduled messages, and the tenant's send rate
// (TEAMS_MAX_RPS) holds for the whole deployment. Pure: a hash of the tenant id.
//
// The shard count is part of the storage layout (the due table's partition keys begin with the
// shard), so it is a constant, not a setting: changing it would strand due rows under old keys.

export const SHARD_COUNT = 1;

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
