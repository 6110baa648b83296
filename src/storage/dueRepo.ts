// due: PartitionKey = 'd' kind rank~UTC hour bucket of the due instant~shard
// ('d1~2026-11-30T08~s07'), RowKey = instant~tenant~plan~benefit~kind[~period]. runDue(now) reads,
// for each kind in order, only the buckets up to now, a page at a time, and works on the items of
// the shards it holds the leases of; items are deleted once done, so its work is O(items due), not
// O(benefits) (ARCHITECTURE rule 1), and its memory is one page whatever the backlog. One query per
// kind serves every shard (an instance skips the rows of shards it does not hold); the shard in the
// key spreads one busy hour (every Monday-morning prompt) over SHARD_COUNT partitions, and lets an
// operator read one shard's bucket. An item is a pointer, not the truth: the job re-reads the
// plan/benefit and drops stale items.
//
// Rows written before shards existed have PartitionKey = the hour bucket alone ('2026-11-30T08',
// always a digit first; new keys begin with 'd'). They are still found: runDue moves them under
// their new keys (migrateLegacy, page by page) before it runs anything, and listDue reads both.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { shardName, shardOf } from '../domain/shards';
import { runEach, submitInBatches } from './batch';
import { fromEntity, toEntity } from './codec';
import { assertSafe, benefitKey, tenantKey } from './keys';
import { listAll, odata, queryPages } from './query';
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

/** The order runDue works in: prompts first, then what follows from them, digests last. */
export const DUE_ORDER: readonly DueKind[] = ['prompt', 'periodEnd', 'reminder', 'targetCheck', 'digest'];
/** Items of a kind this version does not know sort after all others (runDue drops them). */
const UNKNOWN_RANK = 9;
const rankOf = (kind: string) => {
  const i = (DUE_ORDER as readonly string[]).indexOf(kind);
  return i < 0 ? UNKNOWN_RANK : i + 1;
};

/** Rows per page: Table Storage's own maximum. */
export const DUE_PAGE = 1000;

const bucket = (iso: string) => iso.slice(0, 13);

const kindPrefix = (rank: number) => `d${rank}~`;

function keys(item: DueItem) {
  const benefit = item.benefitNumber ? benefitKey(item.benefitNumber) : '-';
  const period = item.period ? `~${assertSafe(item.period)}` : '';
  return {
    pk: `${kindPrefix(rankOf(item.kind))}${bucket(item.at)}~${shardName(shardOf(item.tenantId))}`,
    rk: `${item.at}~${tenantKey(item.tenantId)}~${assertSafe(item.planId)}~${benefit}~${item.kind}${period}`,
  };
}

/** The keys the same item had before shards. */
function legacyKeys(item: DueItem) {
  return { pk: bucket(item.at), rk: keys(item).rk };
}

const toItem = (e: Record<string, unknown>): DueItem => {
  const { etag: _e, ...i } = fromEntity<DueItem>(e);
  return i as DueItem;
};

export class DueRepo {
  constructor(private readonly store: TableStore) {}
  private get t(): TableClient {
    return this.store.table('due');
  }

  /** Idempotent: scheduling the same item twice stores it once. */
  async schedule(item: DueItem): Promise<void> {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(item.at)) throw new Error(`due instant must be UTC ISO with ms: ${item.at}`);
    const { pk, rk } = keys(item);
    await this.t.upsertEntity(toEntity(pk, rk, item), 'Replace');
  }

  /**
   * The items of one kind due at or before `now`, in the shards `inShard` accepts, oldest hour
   * first, a page at a time. Rows may be deleted between pages (the continuation is a key, not a
   * position).
   */
  async *pages(kind: DueKind, now: string, inShard: (shard: number) => boolean, pageSize = DUE_PAGE): AsyncGenerator<DueItem[]> {
    const prefix = kindPrefix(rankOf(kind));
    const filter = odata`PartitionKey ge ${prefix} and PartitionKey le ${`${prefix}${bucket(now)}~~`} and RowKey le ${`${now}~~`}`;
    for await (const page of queryPages(this.t, filter, { pageSize })) {
      const items = page.map(toItem).filter((i) => i.at <= now && inShard(shardOf(i.tenantId)));
      if (items.length > 0) yield items;
    }
  }

  /** Items of kinds this version does not know (due or not), in the shards `inShard` accepts. */
  async *unknownKindPages(inShard: (shard: number) => boolean, pageSize = DUE_PAGE): AsyncGenerator<DueItem[]> {
    const prefix = kindPrefix(UNKNOWN_RANK);
    const filter = odata`PartitionKey ge ${prefix} and PartitionKey lt ${kindPrefix(UNKNOWN_RANK + 1)}`;
    for await (const page of queryPages(this.t, filter, { pageSize })) {
      const items = page.map(toItem).filter((i) => inShard(shardOf(i.tenantId)));
      if (items.length > 0) yield items;
    }
  }

  /** Rows under the keys of the version before shards, a page at a time (any instant). */
  async *legacyPages(pageSize = DUE_PAGE): AsyncGenerator<DueItem[]> {
    const filter = odata`PartitionKey ge ${'0'} and PartitionKey lt ${':'}`;
    for await (const page of queryPages(this.t, filter, { pageSize })) {
      if (page.length > 0) yield page.map(toItem);
    }
  }

  /**
   * Moves rows written under the old keys to the new ones: the new row first, then the old one
   * goes, so a crash in between leaves the item twice (harmless: items are pointers and their
   * work is claimed), never not at all. Returns how many were moved.
   */
  async migrateLegacy(): Promise<number> {
    let moved = 0;
    for await (const items of this.legacyPages()) {
      await this.scheduleMany(items);
      const actions: TransactionAction[] = items.map((item) => {
        const { pk, rk } = legacyKeys(item);
        return ['delete', { partitionKey: pk, rowKey: rk }];
      });
      const { failed } = await submitInBatches(this.t, actions);
      await runEach(this.t, failed, [404]);
      moved += items.length;
    }
    return moved;
  }

  /** Every item due at or before `now`, in all shards, oldest first (tests and the operator's view). */
  async listDue(now: string): Promise<DueItem[]> {
    const rows = await listAll(this.t, odata`PartitionKey ge ${'d'} and PartitionKey lt ${'e'} and RowKey le ${`${now}~~`}`);
    const legacy = await listAll(this.t, odata`PartitionKey ge ${'0'} and PartitionKey le ${bucket(now)}`);
    return [...rows, ...legacy]
      .map(toItem)
      .filter((i) => i.at <= now)
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

  /** Schedules many items in batch transactions (per partition); idempotent like schedule(). */
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
   * Items due after `after` and at or before `until`, in instant order, read a page at a time: the
   * caller stops when it has what it needs, so the hour buckets past that are never read. Each
   * kind's rows come sorted by hour bucket, then shard, then instant; one hour of one kind is
   * gathered and sorted before it is given out, and the kinds (and any rows under the keys of the
   * version before shards) are merged by instant, so memory is one hour of items per kind.
   */
  async *scanAfter(after: string, until: string, pageSize = 100): AsyncGenerator<DueItem> {
    const streams = [...DUE_ORDER.map((kind) => kindPrefix(rankOf(kind))), kindPrefix(UNKNOWN_RANK)].map((prefix) =>
      this.hourSorted(odata`PartitionKey ge ${`${prefix}${bucket(after)}`} and PartitionKey le ${`${prefix}${bucket(until)}~~`}`, after, until, pageSize),
    );
    streams.push(this.hourSorted(odata`PartitionKey ge ${bucket(after)} and PartitionKey le ${bucket(until)}`, after, until, pageSize));
    yield* mergeByInstant(streams);
  }

  /** The rows of a filter whose partitions are hour buckets (each maybe split by shard), in instant order. */
  private async *hourSorted(filter: string, after: string, until: string, pageSize: number): AsyncGenerator<DueItem> {
    let hour: DueItem[] = [];
    let hourKey = '';
    const flush = () => {
      const out = hour.sort((a, b) => a.at.localeCompare(b.at));
      hour = [];
      return out;
    };
    for await (const page of queryPages(this.t, filter, { pageSize })) {
      for (const e of page) {
        const item = toItem(e as Record<string, unknown>);
        if (!(item.at > after && item.at <= until)) continue;
        const key = bucket(item.at);
        if (key !== hourKey) {
          yield* flush();
          hourKey = key;
        }
        hour.push(item);
      }
    }
    yield* flush();
  }

  /** Everything still scheduled (for tests; not on a hot path). */
  async listAllItems(): Promise<DueItem[]> {
    const rows = await listAll(this.t, '');
    return rows.map(toItem);
  }
}

/** Merges streams that are each in instant order into one in instant order (ties: the earlier stream first). */
async function* mergeByInstant(streams: AsyncGenerator<DueItem>[]): AsyncGenerator<DueItem> {
  const heads = await Promise.all(streams.map((g) => g.next()));
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h.done) continue;
      if (pick < 0 || h.value.at < (heads[pick].value as DueItem).at) pick = i;
    }
    if (pick < 0) return;
    yield heads[pick].value as DueItem;
    heads[pick] = await streams[pick].next();
  }
}
