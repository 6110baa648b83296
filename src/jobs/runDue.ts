// runDue(now): everything due at or before `now`, once (ARCHITECTURE rules 1–2). Reads only the
// due buckets up to now; each item is handled by its kind's handler, which claims what it sends in
// the delivery ledger; the item is deleted only after its handler finished, so a crash leaves it
// for the next run (and the ledger stops it from being sent twice).
import type { DueItem, DueKind } from '../storage';
import type { Services } from '../services/context';

export interface RunSummary {
  prompts: number;
  reminders: number;
  digests: number;
  notices: number;
  failed: number;
}

export const emptySummary = (): RunSummary => ({ prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0 });

/** A handler does the item's work and says what it sent. Throwing keeps the item for a later run. */
export type DueHandler = (s: Services, item: DueItem, now: Date, summary: RunSummary) => Promise<void>;

const handlers = new Map<DueKind, DueHandler>();

export function registerDueHandler(kind: DueKind, handler: DueHandler): void {
  handlers.set(kind, handler);
}

export interface RunDueOptions {
  /** How many items are worked on at once; sends are rate-limited per tenant underneath. */
  concurrency?: number;
}

export async function runDue(s: Services, now: Date, options: RunDueOptions = {}): Promise<RunSummary> {
  const summary = emptySummary();
  const items = await s.storage.due.listDue(now.toISOString());
  const concurrency = Math.max(1, options.concurrency ?? 48);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const handler = handlers.get(item.kind);
      if (!handler) {
        s.log.warn({ kind: item.kind }, 'due item of unknown kind dropped');
        await s.storage.due.remove(item);
        continue;
      }
      try {
        await handler(s, item, now, summary);
        await s.storage.due.remove(item);
      } catch (e) {
        summary.failed++;
        s.log.error({ err: e, kind: item.kind, planId: item.planId, benefit: item.benefitNumber }, 'due item failed; kept for the next run');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return summary;
}

export function formatSummary(r: RunSummary): string {
  const base = `sent ${r.prompts} prompts, ${r.reminders} reminders, ${r.digests} digests, ${r.notices} notices`;
  return r.failed > 0 ? `${base} (${r.failed} items failed and stay due)` : base;
}
