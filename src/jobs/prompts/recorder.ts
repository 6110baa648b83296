// Group commit of prompt delivery records: record() resolves once the patch is stored. While one
// batch is being written, new patches queue up and go together in the next write, so the number of
// storage requests stays a fraction of the number of sends. Transient storage errors are retried
// with backoff for up to RECORD_RETRY_MS (merges are idempotent).
import type { PeriodRecord } from '../../domain/types';
import type { Services } from '../../services/context';
import { isTransient } from '../../storage';

/** How long a delivery record is retried while storage is unreachable before giving up. */
export const RECORD_RETRY_MS = 120_000;

export type DeliveryPatch = { planId: string; benefitNumber: number; period: string; patch: Partial<PeriodRecord> };

export class DeliveryRecorder {
  private pending: { patch: DeliveryPatch; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;
  constructor(
    private readonly s: Services,
    private readonly tenantId: string,
  ) {}

  record(patch: DeliveryPatch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ patch, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0);
      try {
        await this.write(group.map((g) => g.patch));
        for (const g of group) g.resolve();
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    this.writing = false;
  }

  private async write(patches: DeliveryPatch[]): Promise<void> {
    const deadline = Date.now() + RECORD_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.s.storage.measurements.mergeMany(this.tenantId, patches);
        return;
      } catch (e) {
        if (!isTransient(e) || Date.now() >= deadline) throw e;
        if (attempt === 0) this.s.log.warn({ err: e, event: 'prompt.recordRetry', count: patches.length }, 'storage unavailable: holding delivery records and retrying');
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }
}
