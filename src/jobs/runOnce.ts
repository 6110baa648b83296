// One run of everything due, as `gevinstbot run-due` does it (and the tests, and an external
// scheduler with SCHEDULER=off): take the shard leases that are free, run their work while
// renewing them, give them back. Shards that another live run holds (a ticking instance, or a
// run-due started a minute earlier that is still sending) are left to it: the summary says so,
// and the CLI prints that on stderr and exits 0, so a scheduler that starts run-due every minute
// never piles runs up on one another.
import { shardName } from '../domain/shards';
import type { Services } from '../services/context';
import type { LeaseRow } from '../storage';
import { emptySummary, type RunSummary } from './dueWork';
import { LeaseKeeper, runHolder } from './leases';
import { runDue, type RunDueOptions } from './runDue';

export interface RunOnceOptions extends RunDueOptions {
  /** Only these shards (default: all). */
  shards?: number[];
}

export async function runDueOnce(s: Services, now: Date, options: RunOnceOptions = {}): Promise<RunSummary> {
  const keeper = new LeaseKeeper({
    storage: s.storage,
    log: s.log,
    holder: runHolder(s.instanceId),
    ttlMs: s.config.leaseTtlMs,
    names: options.shards?.map(shardName),
  });
  const { taken, busy } = await keeper.takeFree();
  const held = busyInfo(busy);
  if (taken.length === 0) return { ...emptySummary(), busy: held };
  keeper.startHeartbeat();
  try {
    const summary = await runDue(s, now, keeper, options);
    return held ? { ...summary, busy: held } : summary;
  } finally {
    await keeper.release().catch((e: unknown) => s.log.warn({ err: e, event: 'lease.releaseFailed' }, 'could not give the shard leases back; they expire by themselves'));
  }
}

function busyInfo(busy: LeaseRow[]): RunSummary['busy'] {
  if (busy.length === 0) return undefined;
  return {
    shards: busy.length,
    holders: [...new Set(busy.map((b) => b.holder))].sort(),
    until: busy.map((b) => b.expiresAt).sort().pop()!,
  };
}
