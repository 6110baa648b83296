// leases: PartitionKey = lease group ('shard'), RowKey = lease name. A lease says which instance
// (`holder`) may do a piece of scheduled work until `expiresAt`, from `activeFrom` on (a lease
// taken from a live holder starts only when that holder's time is up). The rules of who may take
// what are in domain/leases.ts and jobs/leases.ts; here only the storage: list a group in one
// query, and change several leases of a group in one entity-group transaction, each checked
// against the etag it was read with, so either all of a change happens or none of it.
import type { TransactionAction } from '@azure/data-tables';
import { fromEntity, toEntity } from './codec';
import { assertSafe } from './keys';
import { listAll, odata } from './query';
import type { TableStore } from './tables';

export interface LeaseState {
  holder: string;
  /** UTC ISO instants. */
  expiresAt: string;
  activeFrom: string;
}

export interface LeaseRow extends LeaseState {
  name: string;
  etag: string;
}

/**
 * Create (no etag) or replace one lease; a replace must match `etag`. A lease is given back by
 * replacing it with one that has expired, never deleted: a transaction cannot check a delete's etag.
 */
export type LeaseChange = { kind: 'create'; name: string; state: LeaseState } | { kind: 'replace'; name: string; etag: string; state: LeaseState };

export class LeaseRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('leases');
  }

  async list(group: string): Promise<LeaseRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${assertSafe(group)}`);
    return rows.map((e) => ({ ...fromEntity<LeaseState>(e), name: String(e.rowKey) }));
  }

  /**
   * Applies the changes in one transaction (all or none). Returns the new etag of each created or
   * replaced lease. A lease someone else changed meanwhile makes it fail with 409 or 412.
   */
  async commit(group: string, changes: LeaseChange[]): Promise<Map<string, string>> {
    const pk = assertSafe(group);
    const etags = new Map<string, string>();
    if (changes.length === 0) return etags;
    const actions: TransactionAction[] = changes.map((c) => {
      const entity = toEntity(pk, assertSafe(c.name), c.state);
      return c.kind === 'create' ? ['create', entity] : ['update', entity, 'Replace', { etag: c.etag }];
    });
    if (changes.length === 1) {
      const c = changes[0];
      const r = c.kind === 'create' ? await this.t.createEntity(actions[0][1]) : await this.t.updateEntity(actions[0][1], 'Replace', { etag: c.etag });
      etags.set(c.name, r.etag ?? '');
      return etags;
    }
    const r = await this.t.submitTransaction(actions);
    for (const sub of r.subResponses) if (sub.rowKey && sub.etag) etags.set(sub.rowKey, sub.etag);
    // Some servers leave the row key out of sub-responses: read the group again for those.
    const missing = changes.filter((c) => !etags.has(c.name));
    if (missing.length > 0) {
      const rows = new Map((await this.list(group)).map((row) => [row.name, row.etag]));
      for (const c of missing) etags.set(c.name, rows.get(c.name) ?? '');
    }
    return etags;
  }
}
