// leases: PartitionKey 'lease', RowKey = lease name. One instance at a time runs the ticker
// (ARCHITECTURE rule 4): acquire = insert or etag-checked takeover of an expired lease; renew =
// etag-checked update by the holder. A dead holder's lease expires and another instance takes it.
import { fromEntity, toEntity } from './codec';
import { assertSafe } from './keys';
import { getOrUndefined } from './query';
import type { TableStore } from './tables';

interface LeaseRow {
  holder: string;
  expiresAt: string;
}

export class LeaseRepo {
  private etags = new Map<string, string>();
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('leases');
  }

  /** True when `holder` holds the lease until now + ttlMs after this call. */
  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const rk = assertSafe(name);
    const row: LeaseRow = { holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
    const current = await getOrUndefined<Record<string, unknown>>(this.t, 'lease', rk);
    try {
      if (!current) {
        const r = await this.t.createEntity(toEntity('lease', rk, row));
        this.etags.set(name, r.etag ?? '');
        return true;
      }
      const lease = fromEntity<LeaseRow>(current);
      if (lease.holder !== holder && Date.parse(lease.expiresAt) > now.getTime()) return false;
      const r = await this.t.updateEntity(toEntity('lease', rk, row), 'Replace', { etag: lease.etag });
      this.etags.set(name, r.etag ?? '');
      return true;
    } catch (e) {
      const s = (e as { statusCode?: number }).statusCode;
      if (s === 409 || s === 412) return false; // another instance won the race
      throw e;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    const current = await getOrUndefined<Record<string, unknown>>(this.t, 'lease', assertSafe(name));
    if (!current) return;
    const lease = fromEntity<LeaseRow>(current);
    if (lease.holder !== holder) return;
    try {
      await this.t.deleteEntity('lease', name, { etag: lease.etag });
    } catch {
      // someone took it meanwhile; nothing to release
    }
  }
}
