// records: PartitionKey = tenant~plan; confirmations and lessons of a plan's benefits, never
// overwritten. RowKey 'c~0002~<inverted time>' (confirmation), 'l~0002~<inverted time>' (lesson):
// newest first within a benefit, and a plan's whole record in one partition query for the report.
import { randomBytes } from 'node:crypto';
import type { Confirmation, Lesson } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { benefitKey, invertedTime, planPartition } from './keys';
import { listAll, odata } from './query';
import type { TableStore } from './tables';

export class RecordRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('records');
  }

  async addConfirmation(tenantId: string, c: Confirmation): Promise<void> {
    const rk = `c~${benefitKey(c.benefitNumber)}~${invertedTime(c.at)}~${randomBytes(3).toString('hex')}`;
    await this.t.createEntity(toEntity(planPartition(tenantId, c.planId), rk, { ...c, recordType: 'confirmation' }));
  }

  async addLesson(tenantId: string, l: Lesson): Promise<void> {
    const rk = `l~${benefitKey(l.benefitNumber)}~${invertedTime(l.at)}~${randomBytes(3).toString('hex')}`;
    await this.t.createEntity(toEntity(planPartition(tenantId, l.planId), rk, { ...l, recordType: 'lesson' }));
  }

  async listPlan(tenantId: string, planId: string): Promise<{ confirmations: Confirmation[]; lessons: Lesson[] }> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${planPartition(tenantId, planId)}`);
    const confirmations: Confirmation[] = [];
    const lessons: Lesson[] = [];
    for (const e of rows) {
      const { recordType, etag: _etag, ...rest } = fromEntity<(Confirmation | Lesson) & { recordType: string }>(e);
      if (recordType === 'confirmation') confirmations.push(rest as Confirmation);
      else if (recordType === 'lesson') lessons.push(rest as Lesson);
    }
    return { confirmations, lessons };
  }
}
