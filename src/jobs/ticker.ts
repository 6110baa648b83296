// One node-cron tick a minute on every instance with SCHEDULER=on. The instance keeps the shard
// leases it can get (jobs/leases.ts: renewed in the background while it lives, given back when it
// stops) and each tick runs the due work of the shards it holds. A run that outlives the minute
// keeps its leases (they are renewed, not taken at the tick), so no other instance starts a
// competing run meanwhile; the next tick is skipped while one is in progress (noOverlap). When an
// instance dies its leases expire and another instance takes them at its next tick: within
// two minutes with the default LEASE_TTL_SECONDS of 60.
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/context';
import { runDue } from './runDue';
import { formatSummary } from './dueWork';
import { LeaseKeeper } from './leases';

export interface Ticker {
  stop(): Promise<void>;
  /** Resolves when the tick in progress (if any) is done. */
  idle(): Promise<void>;
  /** The shard leases of this instance (tests and the operator's view). */
  readonly leases: LeaseKeeper;
  /** Runs one tick now (what node-cron does every minute). */
  tick(): Promise<void>;
}

export function startTicker(s: Services): Ticker {
  const leases = new LeaseKeeper({ storage: s.storage, log: s.log, holder: `${s.instanceId}/ticker-${randomUUID().slice(0, 8)}`, ttlMs: s.config.leaseTtlMs });
  leases.startHeartbeat();
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped || running) return;
    const work = (async () => {
      try {
        await leases.takeFree();
      } catch (e) {
        s.log.warn({ err: e, event: 'lease.failed' }, 'could not reach the shard leases; running what is still held');
      }
      if (stopped || leases.activeShards().length === 0) return;
      const summary = await runDue(s, s.clock.now(), leases);
      const total = summary.prompts + summary.reminders + summary.digests + summary.notices + summary.failed + summary.deferred;
      if (total > 0) s.log.info({ event: 'tick', ...summary }, formatSummary(summary));
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
  const task: ScheduledTask = cron.schedule('* * * * *', tick, { name: 'gevinstbot-ticker', noOverlap: true, timezone: 'UTC' });
  return {
    leases,
    tick,
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
