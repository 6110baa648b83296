// One node-cron tick a minute calls runDue(now). With several instances, a lease in Table Storage
// elects one ticker at a time (node-cron's runCoordinator); if its holder dies, the lease expires
// and another instance takes over at its next tick (within two minutes).
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/context';
import { runDue } from './runDue';
import { formatSummary } from './dueWork';

export const TICKER_LEASE = 'ticker';
// Ticks fall on minute boundaries on every instance. The holder renews at each tick; if it dies
// right after renewing at t, the lease lapses at t + 70 s and another instance takes it at its tick
// at t + 120 s: within two minutes. Longer than one tick, so a live holder never loses it.
export const LEASE_TTL_MS = 70_000;

export interface Ticker {
  stop(): Promise<void>;
  /** Resolves when the tick in progress (if any) is done. */
  idle(): Promise<void>;
}

export function startTicker(s: Services): Ticker {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    '* * * * *',
    async () => {
      const work = (async () => {
        const summary = await runDue(s, s.clock.now());
        const total = summary.prompts + summary.reminders + summary.digests + summary.notices + summary.failed;
        if (total > 0) s.log.info({ event: 'tick', ...summary }, formatSummary(summary));
      })();
      running = work;
      // A long run (thousands of prompts at the tenant rate) outlives the lease: renew it while
      // working, so no other instance starts a competing run meanwhile.
      const heartbeat = setInterval(() => void shouldRunTick(s), LEASE_TTL_MS / 3);
      heartbeat.unref();
      try {
        await work;
      } catch (e) {
        s.log.error({ err: e, event: 'tick.failed' }, 'tick failed; the next tick retries');
      } finally {
        clearInterval(heartbeat);
        running = undefined;
      }
    },
    {
      name: 'gevinstbot-ticker',
      noOverlap: true,
      timezone: 'UTC',
      // Without `distributed: true` node-cron ignores runCoordinator and every instance with
      // SCHEDULER=on ticked (found by the reliability tests): the lease never elected anyone, so the per-tenant
      // send rate held per process, not per deployment (ARCHITECTURE rule 4).
      distributed: true,
      runCoordinator: {
        shouldRun: () => shouldRunTick(s),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      if (running) await running.catch(() => undefined);
      await s.storage.leases.release(TICKER_LEASE, s.instanceId).catch(() => undefined);
    },
    async idle() {
      if (running) await running.catch(() => undefined);
    },
  };
}

/** The run coordinator: this instance ticks only while it holds the ticker lease. */
export async function shouldRunTick(s: Services): Promise<boolean> {
  try {
    return await s.storage.leases.acquire(TICKER_LEASE, s.instanceId, s.clock.now(), LEASE_TTL_MS);
  } catch (e) {
    s.log.warn({ err: e, event: 'lease.failed' }, 'could not reach the ticker lease; skipping this tick');
    return false;
  }
}
