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

/** How long getRecent may answer with a plan read earlier. */
export const PLAN_CACHE_MS = 30_000;
/** Plans kept by getRecent at once (emptied when full). */
const PLAN_CACHE_MAX = 2_000;

export class PlanRepo {
  private readonly recent = new Map<string, { at: number; plan: Promise<PlanRow | undefined> }>();

  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('plans');
  }

  async get(tenantId: string, planId: string): Promise<PlanRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), assertSafe(planId));
    return e ? fromEntity<PlanRow>(e) : undefined;
  }

  /**
   * The plan as read at most PLAN_CACHE_MS ago (by this instance; its own writes are seen at
   * once), for the hot path of answering a card, where the plan gives title, time zone and
   * language. Not for deciding what to change: a change made on another instance may not show
   * yet (what must count at once, such as archiving, is carried on the rows read fresh).
   * A read that failed is not kept.
   */
  getRecent(tenantId: string, planId: string): Promise<PlanRow | undefined> {
    const key = `${tenantId}|${planId}`;
    const hit = this.recent.get(key);
    if (hit && Date.now() - hit.at < PLAN_CACHE_MS) return hit.plan;
    if (this.recent.size >= PLAN_CACHE_MAX) this.recent.clear();
    const entry = { at: Date.now(), plan: this.get(tenantId, planId) };
    this.recent.set(key, entry);
    entry.plan.catch(() => {
      if (this.recent.get(key) === entry) this.recent.delete(key);
    });
    return entry.plan;
  }

  private forget(tenantId: string, planId: string): void {
    this.recent.delete(`${tenantId}|${planId}`);
  }

  async list(tenantId: string): Promise<PlanRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${tenantKey(tenantId)}`);
    return rows.map((e) => fromEntity<PlanRow>(e));
  }

  /** Inserts; a 409 (plan id taken) propagates. */
  async create(plan: Plan): Promise<void> {
    try {
      await this.t.createEntity(toEntity(tenantKey(plan.tenantId), assertSafe(plan.id), plan));
    } finally {
      this.forget(plan.tenantId, plan.id); // also what was read while the write was under way
    }
  }

  /** Replaces with optimistic concurrency; 412 propagates when someone changed it first. */
  async update(plan: Omit<PlanRow, 'etag'>, etag: string): Promise<string> {
    try {
      const r = await this.t.updateEntity(toEntity(tenantKey(plan.tenantId), assertSafe(plan.id), plan), 'Replace', { etag });
      return r.etag ?? '';
    } finally {
      this.forget(plan.tenantId, plan.id);
    }
  }
}
