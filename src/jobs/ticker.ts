// One node-cron tick a minute on every instance with SCHEDULER=on. The due work is split into
// shards by tenant (domain/shards.ts); each instance holds the leases of its fair share of them
// (jobs/leases.ts, balanced as Azure's event processors balance partitions: renewed in the
// background while the instance lives, taken from an instance above its share, given back when it
// stops), and each tick runs the due work of the shards it holds. A run that outlives the minute
// keeps its leases (they are renewed, not taken at the tick), so no other instance starts a
// competing run meanwhile; the next tick is skipped while one is in progress. When an instance
// dies its leases expire and the others take them at their next balance (every TTL/4) and run
// their work at once: within two minutes with the default LEASE_TTL_SECONDS of 60.
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/context';
import { runDue } from './runDue';
import { formatSummary } from './dueWork';
import { LeaseKeeper, tickerHolder } from './leases';

export interface Ticker {
  stop(): Promise<void>;
  /** Resolves when the tick in progress (if any) is done. */
  idle(): Promise<void>;
  /** The shard leases of this instance (tests and the operator's view). */
  readonly leases: LeaseKeeper;
  /** Runs one tick now (what node-cron does every minute). */
  tick(): Promise<void>;
}

/** `afterRun`: called after each run that did something (the process's memory release). */
export function startTicker(s: Services, afterRun: () => void = () => undefined): Ticker {
  const leases = new LeaseKeeper({ storage: s.storage, log: s.log, holder: tickerHolder(s.instanceId), ttlMs: s.config.leaseTtlMs });
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const balance = async () => {
    try {
      return (await leases.balance()).gained;
    } catch (e) {
      s.log.warn({ err: e, event: 'lease.failed' }, 'could not reach the shard leases; working with those still held');
      return [];
    }
  };
  const tick = async (alreadyBalanced = false) => {
    if (stopped || running) return;
    const work = (async () => {
      if (!alreadyBalanced) await balance();
      if (stopped || leases.activeShards().length === 0) return;
      const summary = await runDue(s, s.clock.now(), leases);
      const total = summary.prompts + summary.reminders + summary.digests + summary.notices + summary.failed + summary.deferred;
      if (total > 0) {
        s.log.info({ event: 'tick', shards: leases.activeShards().length, ...summary }, formatSummary(summary));
        afterRun();
      }
    })();
    running = work;
    try {
      await work;
    } catch (e) {
      s.log.error({ err: e, event: 'tick.failed' }, 'tick failed; the next tick retries');
    } finally {
      running = undefined;
    }
  };
  // Between ticks: keep the leases, and work at once on shards taken over from an instance that
  // died (their due work has waited long enough).
  leases.startHeartbeat(async () => {
    const gained = await balance();
    if (gained.some((name) => leases.holds(name))) void tick(true);
  });
  const task: ScheduledTask = cron.schedule('* * * * *', () => tick(), { name: 'gevinstbot-ticker', noOverlap: true, timezone: 'UTC' });
  return {
    leases,
    tick: () => tick(),
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      if (running) await running.catch(() => undefined);
      await leases.release().catch(() => undefined);
    },
    async idle() {
      if (running) await running.catch(() => undefined);
    },
  };
}
