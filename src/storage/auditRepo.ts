// audit: PartitionKey = tenant~plan (or tenant~_tenant for admin changes), RowKey = inverted time
// ~ inverted sequence: newest first, so "last changed by" is a one-row query.
//
// The order is total: two changes in the same millisecond (or an instance whose clock is behind
// the newest entry) are told apart by a sequence number, not by a random suffix. Each entry is
// keyed strictly before the newest entry its writer read, and the insert is conditional, so two
// writers that read the same newest entry cannot both take the next key: the loser reads again.
// Entries written before the sequence existed end in eight random hex digits; a new entry in
// their millisecond moves one millisecond on instead, so it still sorts first.
import type { AuditEntry } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { invertedTime, planPartition } from './keys';
import { listAll, odata } from './query';
import type { TableStore } from './tables';

const SEQ_MAX = 999_999;
const INVERTED_MS = 9_999_999_999_999;
/** Conflicting inserts retried before giving up; each retry reads the newest entry again. */
const INSERT_ATTEMPTS = 20;

/** `<13-digit inverted ms>~<6-digit inverted sequence>` */
export function auditRowKey(ms: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 0 || seq > SEQ_MAX) throw new Error(`audit sequence out of range: ${seq}`);
  return `${invertedTime(new Date(ms).toISOString())}~${String(SEQ_MAX - seq).padStart(6, '0')}`;
}

/** The key that sorts just before (is newer than) `newest`, for an entry made at `ms`. */
export function nextAuditKey(ms: number, newest: string | undefined): string {
  const parsed = newest ? parseKey(newest) : undefined;
  if (!parsed || parsed.ms < ms) return auditRowKey(ms, 0);
  if (parsed.seq === undefined || parsed.seq >= SEQ_MAX) return auditRowKey(parsed.ms + 1, 0);
  return auditRowKey(parsed.ms, parsed.seq + 1);
}

function parseKey(rk: string): { ms: number; seq?: number } | undefined {
  const m = /^(\d{13})~(\d{6}|[0-9a-f]{8})$/.exec(rk);
  if (!m) return undefined;
  const ms = INVERTED_MS - Number(m[1]);
  return m[2].length === 6 ? { ms, seq: SEQ_MAX - Number(m[2]) } : { ms };
}

export class AuditRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('audit');
  }

  async add(tenantId: string, entry: AuditEntry): Promise<void> {
    const pk = planPartition(tenantId, entry.planId);
    const ms = Date.parse(entry.at);
    for (let attempt = 0; ; attempt++) {
      const rk = nextAuditKey(ms, await this.newestKey(pk));
      try {
        await this.t.createEntity(toEntity(pk, rk, entry));
        return;
      } catch (e) {
        // Another change took this key first: it is the newer one by a hair; go after it.
        if ((e as { statusCode?: number }).statusCode !== 409 || attempt + 1 >= INSERT_ATTEMPTS) throw e;
      }
    }
  }

  private async newestKey(pk: string): Promise<string | undefined> {
    const page = await this.t
      .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ['RowKey'] } })
      .byPage({ maxPageSize: 1 })
      .next();
    return page.done ? undefined : page.value[0]?.rowKey;
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
