// benefits: PartitionKey = tenant~plan, RowKey = benefit number zero-padded ('0002').
// A plan's benefits in one partition query; a benefit by point read.
import type { Benefit, Lesson, Person } from '../domain/types';
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

  async update(b: Omit<BenefitRow, 'etag'>, etag: string): Promise<string> {
    const r = await this.t.updateEntity(toEntity(planPartition(b.tenantId, b.planId), benefitKey(b.number), b), 'Replace', { etag });
    return r.etag ?? '';
  }
}
