// Group commit of prompt delivery records: record() resolves once the patch is stored. Patches
// are gathered for a moment and written together: while one batch is being written, and while
// other sends of the plan are still under way (for up to GATHER_MS), so the number of storage
// requests stays a fraction of the number of sends even when the sends are paced by the rate
// limit (30 a second arrive one by one; written as they came, each was a request of its own).
// Transient storage errors are retried with backoff for up to RECORD_RETRY_MS (merges are
// idempotent).
import type { PeriodRecord } from '../../domain/types';
import type { Services } from '../../services/context';
import { isTransient } from '../../storage';

/** How long a delivery record is retried while storage is unreachable before giving up. */
export const RECORD_RETRY_MS = 120_000;
/** How long a record waits for others to join it while sends of the plan are still under way. */
export const GATHER_MS = 250;
/** One entity-group transaction holds up to this many: no reason to wait for more. */
const FULL_GROUP = 100;

export type DeliveryPatch = { planId: string; benefitNumber: number; period: string; patch: Partial<PeriodRecord> };

export class DeliveryRecorder {
  private pending: { patch: DeliveryPatch; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;
  private gathering: { timer: NodeJS.Timeout; done: () => void } | undefined;

  /** `othersSending`: how many sends of the plan have started and are not yet to be recorded. */
  constructor(
    private readonly s: Services,
    private readonly tenantId: string,
    private readonly othersSending: () => number = () => 0,
  ) {}

  record(patch: DeliveryPatch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ patch, resolve, reject });
      if (this.gathering && (this.pending.length >= FULL_GROUP || this.othersSending() === 0)) this.stopGathering();
      if (!this.writing) void this.flush();
    });
  }

  private stopGathering(): void {
    const g = this.gathering;
    if (!g) return;
    this.gathering = undefined;
    clearTimeout(g.timer);
    g.done();
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      if (this.pending.length < FULL_GROUP && this.othersSending() > 0) {
        await new Promise<void>((done) => (this.gathering = { timer: setTimeout(() => this.stopGathering(), GATHER_MS), done }));
      }
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
