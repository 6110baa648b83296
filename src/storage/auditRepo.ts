// audit: PartitionKey = tenant~plan (or tenant~_tenant for admin changes), RowKey = inverted time
// + random suffix: newest first, so "last changed by" is a one-row query.
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { invertedTime, planPartition } from './keys';
import { listAll, odata } from './query';
import type { TableStore } from './tables';

export class AuditRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('audit');
  }

  async add(tenantId: string, entry: AuditEntry): Promise<void> {
    const rk = `${invertedTime(entry.at)}~${randomBytes(4).toString('hex')}`;
    await this.t.createEntity(toEntity(planPartition(tenantId, entry.planId), rk, entry));
  }

  /** Newest first. */
  async list(tenantId: string, planId: string, top?: number): Promise<AuditEntry[]> {
    const filter = odata`PartitionKey eq ${planPartition(tenantId, planId)}`;
    if (top !== undefined) {
      const page = await this.t.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: top }).next();
      const rows = page.done ? [] : page.value;
      return rows.slice(0, top).map((e) => strip(fromEntity<AuditEntry>(e)));
    }
    return (await listAll(this.t, filter)).map((e) => strip(fromEntity<AuditEntry>(e)));
  }
}

function strip(e: AuditEntry & { etag?: string }): AuditEntry {
  const { etag: _e, ...rest } = e;
  return rest;
}
