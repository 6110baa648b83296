// measurements: PartitionKey = tenant~plan.
//   RowKey '0002~2026-W49'          the current state of (benefit 2, period 2026-W49): prompt + answer
//   RowKey 'h~0002~2026-W49~v0001'  an earlier version, kept when an answer is corrected
// Current rows sort before 'h', so a plan's digest reads `RowKey lt 'h'` in one partition query and
// never pulls the history; a report reads both. An answer replaces the current row (with its etag)
// and inserts the replaced version in one batch transaction: either both or neither.
import type { PeriodRecord } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { assertSafe, benefitKey, planPartition } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

export type PeriodRow = PeriodRecord & { etag: string };
export type HistoryRow = PeriodRecord & { replacedAt: string };

const rowKey = (n: number, period: string) => `${benefitKey(n)}~${assertSafe(period)}`;
const historyKey = (n: number, period: string, version: number) =>
  `h~${benefitKey(n)}~${assertSafe(period)}~v${String(version).padStart(4, '0')}`;

export class MeasurementRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('measurements');
  }

  async get(tenantId: string, planId: string, n: number, period: string): Promise<PeriodRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, planPartition(tenantId, planId), rowKey(n, period));
    return e ? fromEntity<PeriodRow>(e) : undefined;
  }

  /** Every current period row of a plan (no history). */
  async listPlan(tenantId: string, planId: string): Promise<PeriodRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${planPartition(tenantId, planId)} and RowKey lt 'h'`);
    return rows.map((e) => fromEntity<PeriodRow>(e));
  }

  /** Current period rows of one benefit, oldest first. */
  async listBenefit(tenantId: string, planId: string, n: number): Promise<PeriodRow[]> {
    const lo = `${benefitKey(n)}~`;
    const hi = benefitKey(n + 1 > 9999 ? 9999 : n + 1);
    const filter =
      n >= 9999
        ? odata`PartitionKey eq ${planPartition(tenantId, planId)} and RowKey ge ${lo} and RowKey lt 'h'`
        : odata`PartitionKey eq ${planPartition(tenantId, planId)} and RowKey ge ${lo} and RowKey lt ${hi}`;
    const rows = await listAll(this.t, filter);
    return rows.map((e) => fromEntity<PeriodRow>(e)).sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  }

  /** Every replaced version of a plan's answers (for the report's corrections). */
  async listHistory(tenantId: string, planId: string): Promise<HistoryRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${planPartition(tenantId, planId)} and RowKey ge 'h~' and RowKey lt 'i'`);
    return rows.map((e) => fromEntity<HistoryRow>(e));
  }

  /** Inserts the row of a newly prompted period; 409 when it exists already. */
  async create(tenantId: string, row: PeriodRecord): Promise<string> {
    const r = await this.t.createEntity(toEntity(planPartition(tenantId, row.planId), rowKey(row.benefitNumber, row.period), row));
    return r.etag ?? '';
  }

  /** Replaces the row (etag-checked) without keeping history: prompt bookkeeping, not answers. */
  async update(tenantId: string, row: PeriodRecord, etag: string): Promise<string> {
    const r = await this.t.updateEntity(
      toEntity(planPartition(tenantId, row.planId), rowKey(row.benefitNumber, row.period), row),
      'Replace',
      { etag },
    );
    return r.etag ?? '';
  }

  /**
   * Stores an answer: the new current row replaces `previous` (etag-checked, so two concurrent
   * answers cannot both win), and when `previous` had an answer it is kept as a history row.
   * One batch transaction: one round trip, all or nothing.
   */
  async answer(tenantId: string, previous: PeriodRow, next: PeriodRecord, now: string): Promise<void> {
    const pk = planPartition(tenantId, next.planId);
    const { etag, ...prev } = previous;
    const actions: Parameters<typeof this.t.submitTransaction>[0] = [
      ['update', toEntity(pk, rowKey(next.benefitNumber, next.period), next), 'Replace', { etag }],
    ];
    if (prev.version > 0) {
      actions.push(['create', toEntity(pk, historyKey(prev.benefitNumber, prev.period, prev.version), { ...prev, replacedAt: now })]);
    }
    await this.t.submitTransaction(actions);
  }
}
