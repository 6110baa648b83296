// runDue(now): everything due at or before `now`, once (ARCHITECTURE rules 1–2). Reads only the
// due buckets up to now; each item is handled by its kind's handler, which claims what it sends in
// the delivery ledger; the item is deleted only after its handler finished, so a crash leaves it
// for the next run (and the ledger stops it from being sent twice).
import type { DueItem, DueKind } from '../storage';
import type { Services } from '../services/context';
import { telemetry } from '../telemetry';

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
/** A batch handler does many items at once and returns those that are done (the rest stay due). */
export type DueBatchHandler = (s: Services, items: DueItem[], now: Date, summary: RunSummary) => Promise<DueItem[]>;

const handlers = new Map<DueKind, DueHandler>();
const batchHandlers = new Map<DueKind, DueBatchHandler>();

export function registerDueHandler(kind: DueKind, handler: DueHandler): void {
  handlers.set(kind, handler);
}

export function registerDueBatchHandler(kind: DueKind, handler: DueBatchHandler): void {
  batchHandlers.set(kind, handler);
}

/** Prompts first, then what follows from them; digests last so they see this run's prompts. */
const ORDER: DueKind[] = ['prompt', 'periodEnd', 'reminder', 'targetCheck', 'digest'];

export interface RunDueOptions {
  /** How many single items are worked on at once; sends are rate-limited per tenant underneath. */
  concurrency?: number;
}

export async function runDue(s: Services, now: Date, options: RunDueOptions = {}): Promise<RunSummary> {
  const summary = emptySummary();
  const timer = telemetry.runDueStarted();
  const all = await s.storage.due.listDue(now.toISOString());
  const byKind = new Map<DueKind, DueItem[]>();
  for (const item of all) {
    let list = byKind.get(item.kind);
    if (!list) byKind.set(item.kind, (list = []));
    list.push(item);
  }
  const kinds = [...ORDER, ...[...byKind.keys()].filter((k) => !ORDER.includes(k))];
  for (const kind of kinds) {
    const items = byKind.get(kind);
    if (!items?.length) continue;
    const done = await runKind(s, kind, items, now, summary, Math.max(1, options.concurrency ?? 48));
    if (done.length > 0) await s.storage.due.removeMany(done);
  }
  timer.finished(summary);
  return summary;
}

async function runKind(s: Services, kind: DueKind, items: DueItem[], now: Date, summary: RunSummary, concurrency: number): Promise<DueItem[]> {
  const batch = batchHandlers.get(kind);
  if (batch) {
    try {
      return await batch(s, items, now, summary);
    } catch (e) {
      summary.failed += items.length;
      s.log.error({ err: e, kind, event: 'due.failed' }, 'due batch failed; items kept for the next run');
      return [];
    }
  }
  const handler = handlers.get(kind);
  if (!handler) {
    s.log.warn({ kind, event: 'due.unknownKind' }, 'due items of unknown kind dropped');
    return items;
  }
  const done: DueItem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await handler(s, item, now, summary);
        done.push(item);
      } catch (e) {
        summary.failed++;
        s.log.error({ err: e, kind: item.kind, planId: item.planId, benefit: item.benefitNumber, event: 'due.failed' }, 'due item failed; kept for the next run');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return done;
}

export function formatSummary(r: RunSummary): string {
  const base = `sent ${r.prompts} prompts, ${r.reminders} reminders, ${r.digests} digests, ${r.notices} notices`;
  return r.failed > 0 ? `${base} (${r.failed} items failed and stay due)` : base;
}
