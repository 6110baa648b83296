// runDue(now): everything due at or before `now`, once (ARCHITECTURE rules 1–2), for the shards
// this instance holds the leases of. For each kind in order (prompts, then what follows them,
// digests last) and each shard held, the due items are read a page at a time, up to now, and
// handed to the kind's handler in DUE_HANDLERS, which claims what it sends. So a backlog of any
// size (after an outage) is worked through with a few pages in memory. An item is deleted only after
// its handler finished with its delivery settled, so a crash leaves it for the next run (and the
// claims stop it from being sent twice). The run's fence goes with every handler: a claim names
// this run, and nothing is sent once its lease may have passed to another instance.
import { isDeferral } from '../delivery/fence';
import { shardName } from '../domain/shards';
import type { Services } from '../services/context';
import { DUE_ORDER, type DueItem, type DueKind } from '../storage';
import { telemetry } from '../telemetry';
import { handleDigestDue } from './digests';
import type { LeaseKeeper } from './leases';
import { handlePeriodEnd } from './periodEnd';
import { startPromptRun } from './prompts/batch';
import { handleReminder } from './reminders';
import { emptySummary, type DueBatchHandler, type DueHandler, type RunSummary } from './dueWork';
import { handleTargetCheck } from './targetChecks';

type DueHandlerEntry = { readonly batch: DueBatchHandler } | { readonly each: DueHandler };

/** Every kind of due item and its handler; the compiler checks that no kind is missing. */
export const DUE_HANDLERS: { readonly [K in DueKind]: DueHandlerEntry } = {
  prompt: { batch: startPromptRun },
  periodEnd: { each: handlePeriodEnd },
  reminder: { each: handleReminder },
  targetCheck: { each: handleTargetCheck },
  digest: { each: handleDigestDue },
};

/** Pages of one kind worked on at once (a page is up to DUE_PAGE items). */
const PAGES_IN_FLIGHT = 4;

export interface RunDueOptions {
  /** How many single items are worked on at once; sends are rate-limited per tenant underneath. */
  concurrency?: number;
  /** Items per page read from the due table (default: Table Storage's maximum, 1 000). */
  pageSize?: number;
}

export async function runDue(s: Services, now: Date, leases: LeaseKeeper, options: RunDueOptions = {}): Promise<RunSummary> {
  const summary = emptySummary();
  const timer = telemetry.runDueStarted();
  const fence = leases.startRun();
  const rs: Services = { ...s, run: fence };
  const nowIso = now.toISOString();
  const concurrency = Math.max(1, options.concurrency ?? 48);
  try {
    // Rows of the version before shards first: moved under their new keys, then found below.
    const moved = await s.storage.due.migrateLegacy();
    if (moved > 0) s.log.info({ event: 'due.migrated', moved }, 'due items moved to the sharded keys');
    // Asked again for every page: a shard whose lease went elsewhere mid-run is left to its new holder.
    const held = (shard: number) => leases.holds(shardName(shard));
    for (const kind of DUE_ORDER) {
      const handle = pageHandler(rs, DUE_HANDLERS[kind], now, summary, concurrency);
      // Pages are worked on a few at a time: the tenants of one page must not wait for those of the
      // page before (a page holds the shards in key order), and memory stays a few pages.
      const inFlight = new Set<Promise<void>>();
      try {
        for await (const page of s.storage.due.pages(kind, nowIso, held, options.pageSize)) {
          const work = handle(page).then((done) => removeDone(s, done));
          inFlight.add(work);
          void work.finally(() => inFlight.delete(work));
          if (inFlight.size >= PAGES_IN_FLIGHT) await Promise.race(inFlight);
        }
      } catch (e) {
        // The due table could not be read (storage away): what is left of this kind stays due,
        // and the run goes on to report what it did rather than end without a word.
        summary.failed++;
        s.log.error({ err: e, kind, event: 'due.readFailed' }, 'due items could not be read; they stay due for the next run');
      } finally {
        await Promise.all(inFlight);
      }
    }
    try {
      for await (const page of s.storage.due.unknownKindPages(held)) {
        // Written by a newer version, or damaged: never run, and not kept to pile up either.
        s.log.warn({ kinds: [...new Set(page.map((i) => i.kind))], event: 'due.unknownKind' }, 'due items of unknown kind dropped');
        await removeDone(s, page);
      }
    } catch (e) {
      s.log.warn({ err: e, event: 'due.readFailed' }, 'due items of unknown kind could not be read; the next run drops them');
    }
    timer.finished(summary);
    return summary;
  } finally {
    fence.end();
  }
}

/** Items whose work is done and settled go; if storage refuses now, the next run finds them settled and drops them. */
async function removeDone(s: Services, done: DueItem[]): Promise<void> {
  if (done.length === 0) return;
  try {
    await s.storage.due.removeMany(done);
  } catch (e) {
    s.log.warn({ err: e, count: done.length, event: 'due.removeFailed' }, 'done due items not removed; the next run drops them');
  }
}

/** How the run works on one page of a kind: a batch handler's page, or single items a few at a time. */
function pageHandler(s: Services, entry: DueHandlerEntry, now: Date, summary: RunSummary, concurrency: number): (items: DueItem[]) => Promise<DueItem[]> {
  if ('batch' in entry) {
    const page = entry.batch(s, now, summary);
    return async (items) => {
      try {
        return await page(items);
      } catch (e) {
        if (isDeferral(e)) summary.deferred += items.length;
        else {
          summary.failed += items.length;
          s.log.error({ err: e, kind: items[0]?.kind, event: 'due.failed' }, 'due batch failed; items kept for the next run');
        }
        return [];
      }
    };
  }
  return async (items) => {
    const done: DueItem[] = [];
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await entry.each(s, item, now, summary);
          done.push(item);
        } catch (e) {
          if (isDeferral(e)) {
            summary.deferred++;
            continue;
          }
          summary.failed++;
          s.log.error({ err: e, kind: item.kind, planId: item.planId, benefit: item.benefitNumber, event: 'due.failed' }, 'due item failed; kept for the next run');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    return done;
  };
}

export { formatSummary, type RunSummary } from './dueWork';
