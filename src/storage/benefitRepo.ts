// benefits: PartitionKey = tenant~plan, RowKey = benefit number zero-padded ('0002').
// A plan's benefits in one partition query; a benefit by point read.
import type { TransactionAction } from '@azure/data-tables';
import type { Benefit, Lesson, Person } from '../domain/types';
import { single, submitInBatches } from './batch';
import { fromEntity, toEntity } from './codec';
import { benefitKey, planPartition } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

/** What the benefit row carries besides the Benefit itself: schedule state and latest records. */
export interface BenefitRow extends Benefit {
  /** Instant of the next prompt occurrence (the due table holds a pointer to it). */
  nextPromptAt?: string;
  /** Consecutive missed periods, for escalation. */
  missedStreak?: number;
  lastLesson?: Lesson;
  confirmedAt?: string;
  confirmedBy?: Person;
  confirmedValue?: number;
  /** The confirmed amount in NOK (cost, and time at the plan's hourly rate then). */
  confirmedNok?: number;
  confirmedHours?: number;
  /** The form (or other single-use request) that created it: lets a replayed submit find it. */
  sourceId?: string;
  etag: string;
}

export class BenefitRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('benefits');
  }

  async get(tenantId: string, planId: string, n: number): Promise<BenefitRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, planPartition(tenantId, planId), benefitKey(n));
    return e ? fromEntity<BenefitRow>(e) : undefined;
  }

  async list(tenantId: string, planId: string): Promise<BenefitRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${planPartition(tenantId, planId)}`);
    return rows.map((e) => fromEntity<BenefitRow>(e)).sort((a, b) => a.number - b.number);
  }

  async create(b: Omit<BenefitRow, 'etag'>): Promise<string> {
    const r = await this.t.createEntity(toEntity(planPartition(b.tenantId, b.planId), benefitKey(b.number), b));
    return r.etag ?? '';
  }

  /** Inserts many new benefits (batches of 100 per plan); throws when any of them could not be written. */
  async createMany(rows: readonly Omit<BenefitRow, 'etag'>[]): Promise<void> {
    const actions: TransactionAction[] = rows.map((b) => ['create', toEntity(planPartition(b.tenantId, b.planId), benefitKey(b.number), b)]);
    const { failed, errors } = await submitInBatches(this.t, actions);
    if (failed.length > 0) throw errors[0];
  }

  /**
   * Merges schedule pointers into many benefits (batches of 100 per plan), each etag-checked: a
   * benefit changed meanwhile (e.g. a new cadence) keeps its own, newer pointer. Returns how many
   * were stale.
   */
  async mergeSchedules(tenantId: string, updates: { planId: string; number: number; etag: string; patch: Partial<BenefitRow> }[]): Promise<number> {
    const actions: TransactionAction[] = updates.map((u) => [
      'update',
      toEntity(planPartition(tenantId, u.planId), benefitKey(u.number), u.patch),
      'Merge',
      { etag: u.etag },
    ]);
    const { failed } = await submitInBatches(this.t, actions);
    let stale = 0;
    for (const a of failed) {
      try {
        await single(this.t, a);
      } catch (e) {
        const s = (e as { statusCode?: number }).statusCode;
        if (s !== 412 && s !== 404) throw e;
        stale++;
      }
    }
    return stale;
  }

  async update(b: Omit<BenefitRow, 'etag'>, etag: string): Promise<string> {
    const r = await this.t.updateEntity(toEntity(planPartition(b.tenantId, b.planId), benefitKey(b.number), b), 'Replace', { etag });
    return r.etag ?? '';
  }
}
