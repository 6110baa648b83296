// plans: PartitionKey = tenant key, RowKey = plan id (slug).
// Answers `plan list` (one partition query) and a plan by id (point read). The tenant's plans are
// few (tens), so a digest reads the whole partition once and gets the portfolio totals with it.
import type { Plan } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { assertSafe, tenantKey } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

/** What the plan row carries besides the Plan itself: its schedule pointer and its link epoch. */
export interface PlanRow extends Plan {
  /** Instant of the next digest (the due table holds a pointer to it). */
  nextDigestAt?: string;
  /** Report links signed with a lower epoch are revoked; archiving raises it (absent = 0). */
  linkEpoch?: number;
  etag: string;
}

export class PlanRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('plans');
  }

  async get(tenantId: string, planId: string): Promise<PlanRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), assertSafe(planId));
    return e ? fromEntity<PlanRow>(e) : undefined;
  }

  async list(tenantId: string): Promise<PlanRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${tenantKey(tenantId)}`);
    return rows.map((e) => fromEntity<PlanRow>(e));
  }

  /** Inserts; a 409 (plan id taken) propagates. */
  async create(plan: Plan): Promise<void> {
    await this.t.createEntity(toEntity(tenantKey(plan.tenantId), assertSafe(plan.id), plan));
  }

  /** Replaces with optimistic concurrency; 412 propagates when someone changed it first. */
  async update(plan: Omit<PlanRow, 'etag'>, etag: string): Promise<string> {
    const r = await this.t.updateEntity(toEntity(tenantKey(plan.tenantId), assertSafe(plan.id), plan), 'Replace', { etag });
    return r.etag ?? '';
  }
}
