// due: PartitionKey = UTC hour bucket of the due instant ('2026-11-30T08'), RowKey =
// instant~tenant~plan~benefit~kind. runDue(now) reads only the buckets up to now, and items are
// deleted once done, so its work is O(items due), not O(benefits) (ARCHITECTURE rule 1).
// An item is a pointer, not the truth: the job re-reads the plan/benefit and drops stale items.
import type { TransactionAction } from '@azure/data-tables';
import { runEach, submitInBatches } from './batch';
import { fromEntity, toEntity } from './codec';
import { assertSafe, benefitKey, tenantKey } from './keys';
import { listAll, odata } from './query';
import type { TableStore } from './tables';

export type DueKind = 'prompt' | 'reminder' | 'periodEnd' | 'digest' | 'targetCheck';

export interface DueItem {
  at: string; // UTC instant
  tenantId: string;
  planId: string;
  benefitNumber?: number;
  kind: DueKind;
  /** Period the item concerns, when it has one (reminder, periodEnd). */
  period?: string;
}

const bucket = (iso: string) => iso.slice(0, 13);

function keys(item: DueItem) {
  const benefit = item.benefitNumber ? benefitKey(item.benefitNumber) : '-';
  const period = item.period ? `~${assertSafe(item.period)}` : '';
  return {
    pk: bucket(item.at),
    rk: `${item.at}~${tenantKey(item.tenantId)}~${assertSafe(item.planId)}~${benefit}~${item.kind}${period}`,
  };
}

export class DueRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('due');
  }

  /** Idempotent: scheduling the same item twice stores it once. */
  async schedule(item: DueItem): Promise<void> {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(item.at)) throw new Error(`due instant must be UTC ISO with ms: ${item.at}`);
    const { pk, rk } = keys(item);
    await this.t.upsertEntity(toEntity(pk, rk, item), 'Replace');
  }

  /** Items due at or before `now`, oldest first. */
  async listDue(now: string): Promise<DueItem[]> {
    const rows = await listAll(this.t, odata`PartitionKey le ${bucket(now)}`);
    return rows
      .map((e) => fromEntity<DueItem>(e))
      .filter((i) => i.at <= now)
      .map(({ etag: _e, ...i }) => i as DueItem)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async remove(item: DueItem): Promise<void> {
    const { pk, rk } = keys(item);
    try {
      await this.t.deleteEntity(pk, rk);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
  }

  /** Schedules many items in batch transactions (per hour bucket); idempotent like schedule(). */
  async scheduleMany(items: DueItem[]): Promise<void> {
    const actions: TransactionAction[] = items.map((item) => {
      const { pk, rk } = keys(item);
      return ['upsert', toEntity(pk, rk, item), 'Replace'];
    });
    const { failed } = await submitInBatches(this.t, actions);
    // A batch fails as a whole; do its items one by one so one bad item costs only itself.
    await runEach(this.t, failed);
  }

  /** Deletes many items in batch transactions; items already gone are fine. */
  async removeMany(items: DueItem[]): Promise<void> {
    const actions: TransactionAction[] = items.map((item) => {
      const { pk, rk } = keys(item);
      return ['delete', { partitionKey: pk, rowKey: rk }];
    });
    const { failed } = await submitInBatches(this.t, actions);
    await runEach(this.t, failed, [404]);
  }

  /**
   * Items due after `after` and at or before `until`, in instant order (partition keys are hour
   * buckets and row keys start with the instant, both sorted by the service), read a page at a
   * time: the caller stops when it has what it needs, so the hour buckets past that are never read.
   */
  async *scanAfter(after: string, until: string, pageSize = 100): AsyncGenerator<DueItem> {
    const filter = odata`PartitionKey ge ${bucket(after)} and PartitionKey le ${bucket(until)}`;
    for await (const page of this.t.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize })) {
      for (const e of page) {
        const { etag: _e, ...item } = fromEntity<DueItem>(e as Record<string, unknown>);
        if (item.at > after && item.at <= until) yield item as DueItem;
      }
    }
  }

  /** Everything still scheduled (for tests; not on a hot path). */
  async listAllItems(): Promise<DueItem[]> {
    const rows = await listAll(this.t, '');
    return rows.map((e) => fromEntity<DueItem>(e)).map(({ etag: _e, ...i }) => i as DueItem);
  }
}
