// Sharded sending (figure: scale): instances share the due work by tenant shard.
//   · split: two instances on one Azurite, balanced shard leases, prompts of `tenants` tenants due
//     together; each instance's share of the prompts (goal 50 ± 15 %)
//   · the per-tenant cap across both: the connector refuses (429) any create/send/reply beyond
//     `capPerSecond` per tenant in a sliding second (setTenantRateLimit); calls over it (goal 0).
//     The cap is set low (5/s) so that it binds on a shared 2-core machine, where the bot's CPU
//     would otherwise keep every tenant below 30/s and the figure would prove nothing; the bot's
//     TEAMS_MAX_RPS is 90 % of it, a margin for the scheduling jitter of this loaded host between
//     a send slot and the call's arrival (the limiter's own margin is sendRate's subject). Also
//     counted: tenants whose prompts were claimed by both instances (goal 0), from the claim
//     stamps on the period rows.
//   · takeover: two servers with SCHEDULER=on (real processes, real minutes); one is SIGKILLed;
//     time until the survivor holds every shard, and until the first prompt of a tenant in the
//     dead one's shards reaches Teams (goal ≤ 2 min)
import os from 'node:os';
import { shardName, shardOf, SHARD_COUNT } from '../src/domain/shards';
import { LeaseKeeper, tickerHolder } from '../src/jobs/leases';
import { runDue } from '../src/jobs/runDue';
import type { Services } from '../src/services/context';
import { numberedPerson, type Person } from '../test/support/activities';
import { startServerProcess, waitUntil, type Child } from '../test/support/processes';
import { seedMany } from '../test/support/reliability';
import { startConnectorProcess } from './lib/connectorProcess';
import { isQuick, loadInputs } from './lib/inputs';
import { fmt, goal, info, main, progress } from './lib/report';
import { FIRST_PROMPT, SEED_NOW, startBenchAzurite, startWorld } from './lib/world';
import pino from 'pino';

const BENCH = 'shards';
const tenantId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const owner = (tenant: number, n: number): Person => numberedPerson(tenant * 1000 + n);
const silent = pino({ level: 'silent' });

async function seedTenants(s: Services, serviceUrl: string, tenants: number[], perTenant: number, planPrefix: string, now = SEED_NOW): Promise<void> {
  for (const t of tenants) {
    await seedMany(s, { planId: `${planPrefix}-${t}`, serviceUrl, count: perTenant, owner: (n) => owner(t, n), now, plan: { tenantId: tenantId(t) } });
  }
}

/** Per tenant, the instances (claim stamp holders) that claimed its prompts. */
async function claimantsPerTenant(s: Services, tenants: number[], ...prefixes: string[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const t of tenants) {
    const holders = new Set<string>();
    for (const prefix of prefixes) {
      for (const row of await s.storage.measurements.listPlan(tenantId(t), `${prefix}-${t}`)) {
        const holder = row.claim?.split('~')[1]?.split('/')[0];
        if (holder) holders.add(holder);
      }
    }
    out.set(t, holders);
  }
  return out;
}

main(BENCH, async () => {
  const { mode, sizes } = loadInputs(isQuick());
  const cfg = sizes.shards;
  const azurite = await startBenchAzurite();
  const connector = await startConnectorProcess();
  const serviceUrl = connector.serviceUrl;
  const botCap = cfg.capPerSecond * 0.9;
  const env = { TEAMS_MAX_RPS: String(botCap), LEASE_TTL_SECONDS: '15' };
  const tablePrefix = `shards${process.pid}`;
  const children: Child[] = [];
  try {
    // ── Two instances, balanced leases, one batch of due prompts ──
    const a = await startWorld({ azurite, serviceUrl, env, noServer: true, tablePrefix });
    const b = await startWorld({ azurite, serviceUrl, env, noServer: true, tablePrefix });
    const tenants = Array.from({ length: cfg.tenants }, (_, i) => i + 1);
    const prompts = tenants.length * cfg.promptsPerTenant;
    progress(`seeding ${prompts} prompts: ${tenants.length} tenants × ${cfg.promptsPerTenant}, all due ${FIRST_PROMPT}`);
    await seedTenants(a.services, serviceUrl, tenants, cfg.promptsPerTenant, 'del');
    // 15 s leases: short enough that the second instance's share (taken from the first, so it
    // starts when the first one's time on it is up) is active after 15 s, long enough that a busy
    // event loop renews them in time.
    const keeper = (w: typeof a, id: string) => new LeaseKeeper({ storage: w.services.storage, log: silent, holder: tickerHolder(id), ttlMs: 15_000 });
    const ka = keeper(a, 'bench-a');
    const kb = keeper(b, 'bench-b');
    await ka.balance();
    await kb.balance();
    await waitUntil(
      async () => {
        await ka.balance();
        await kb.balance();
        return ka.activeShards().length + kb.activeShards().length === SHARD_COUNT && Math.abs(ka.activeShards().length - kb.activeShards().length) <= 1;
      },
      60_000,
      'the shard leases to balance',
      250,
    );
    for (const k of [ka, kb]) k.startHeartbeat(() => k.balance());
    await connector.clear();
    await connector.setLatency(cfg.latencyMs);
    await connector.setTenantRateLimit(cfg.capPerSecond);
    progress(`two instances (${ka.activeShards().length} + ${kb.activeShards().length} shards) run the due work together`);
    const started = Date.now();
    const cpu = process.cpuUsage();
    const [ra, rb] = await Promise.all([runDue(a.services, new Date(FIRST_PROMPT), ka), runDue(b.services, new Date(FIRST_PROMPT), kb)]);
    const used = process.cpuUsage(cpu);
    const tookS = (Date.now() - started) / 1000;
    const sum = await connector.summary();
    const shareA = ra.prompts / Math.max(1, ra.prompts + rb.prompts);
    const tenantsA = tenants.filter((t) => ka.holds(shardName(shardOf(tenantId(t))))).length;
    goal(
      BENCH,
      `split between two instances: ${fmt(shareA * 100, 1)} % / ${fmt((1 - shareA) * 100, 1)} % of ${ra.prompts + rb.prompts} of ${prompts} prompts (${tenantsA} / ${tenants.length - tenantsA} of ${tenants.length} tenants; shards ${ka.activeShards().length} / ${kb.activeShards().length} of ${SHARD_COUNT}; failed ${ra.failed + rb.failed}, deferred ${ra.deferred + rb.deferred})`,
      '50 ± 15 % each, all sent once',
      Math.abs(shareA - 0.5) <= 0.15 && ra.prompts + rb.prompts === prompts && ra.failed + rb.failed === 0,
    );
    const perTenant = Object.values(sum.acceptedByTenant);
    const claimedBy = await claimantsPerTenant(a.services, tenants, 'del');
    const shared = [...claimedBy.values()].filter((h) => h.size > 1).length;
    goal(
      BENCH,
      `one sender per tenant: ${shared} of ${tenants.length} tenants had prompts claimed by both instances`,
      '0',
      shared === 0,
    );
    goal(
      BENCH,
      `per-tenant cap across both instances: ${sum.stats.overTenant} calls over ${cfg.capPerSecond}/s per tenant (bot at ${fmt(botCap, 1)}/s; ${sum.stats.requests} requests, ${prompts} prompts to owners without a chat: create + send each; ${perTenant.length} tenants, ${cfg.latencyMs} ms latency; run ${fmt(tookS, 1)} s)`,
      '0',
      sum.stats.overTenant === 0,
    );
    info(
      BENCH,
      `bot CPU per prompt: ${fmt((used.user + used.system) / 1000 / Math.max(1, ra.prompts + rb.prompts), 2)} ms (both instances in this process, ${ra.prompts + rb.prompts} prompts to owners without a chat: create + send; Azurite and the connector are other processes)`,
    );
    for (const k of [ka, kb]) await k.release();

    await a.close();
    await b.close();

    // ── Takeover: two servers with SCHEDULER=on, one killed ──
    const ttl = cfg.leaseTtlSeconds;
    const w = await startWorld({ azurite, serviceUrl, noServer: true, tablePrefix: '' });
    const serverEnv = {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      SCHEDULER: 'on',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TEAMS_MAX_RPS: String(cfg.capPerSecond),
      LEASE_TTL_SECONDS: String(ttl),
    };
    progress(`two servers with SCHEDULER=on, LEASE_TTL_SECONDS=${ttl}: waiting for them to share the shards`);
    const servers = [startServerProcess(serverEnv), startServerProcess(serverEnv)];
    children.push(...servers);
    const holders = async () => {
      const now = Date.now();
      const live = (await w.services.storage.leases.list('shard')).filter((l) => Date.parse(l.expiresAt) > now && Date.parse(l.activeFrom) <= now);
      const by = new Map<string, string[]>();
      for (const l of live) by.set(l.holder, [...(by.get(l.holder) ?? []), l.name]);
      return by;
    };
    const balancedAt = await waitUntil(
      async () => {
        const by = await holders();
        const counts = [...by.values()].map((v) => v.length);
        return by.size === 2 && counts.every((c) => c === SHARD_COUNT / 2) ? by : undefined;
      },
      (4 * ttl + 120) * 1000,
      'two servers holding 16 shards each',
      500,
    );
    const victim = servers[0];
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await victim.exited;
    // Whose leases were the dead server's: the survivor renews after the kill, the dead one never.
    const dead = await waitUntil(
      async () => {
        const rows = await w.services.storage.leases.list('shard');
        const renewedSince = new Set(rows.filter((r) => Date.parse(r.expiresAt) > killedAt + ttl * 1000).map((r) => r.holder));
        if (renewedSince.size === 0) return undefined;
        const gone = [...balancedAt.keys()].find((h) => !renewedSince.has(h));
        return gone ? balancedAt.get(gone) : undefined;
      },
      ttl * 1000,
      'the survivor to renew',
      250,
    );
    const seededNow = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
    const deadTenants: number[] = [];
    for (let i = 10_000; deadTenants.length < 8 && i < 20_000; i++) if (dead.includes(shardName(shardOf(tenantId(i))))) deadTenants.push(i);
    await connector.clear();
    await seedTenants(w.services, serviceUrl, deadTenants, cfg.takeoverPrompts, 'overtak', seededNow);
    const expected = deadTenants.length * cfg.takeoverPrompts;
    let allHeldAt = 0;
    let firstSendAt = 0;
    await waitUntil(
      async () => {
        if (!allHeldAt) {
          const by = await holders();
          if (by.size === 1 && [...by.values()][0].length === SHARD_COUNT) allHeldAt = Date.now();
        }
        const s = await connector.summary();
        if (!firstSendAt && s.stats.delivered > 0) firstSendAt = Date.now();
        return allHeldAt > 0 && s.stats.delivered >= expected ? true : undefined;
      },
      (3 * ttl + 120) * 1000,
      'the survivor to take over and send',
      250,
    );
    const leaseS = (allHeldAt - killedAt) / 1000;
    const sendS = (firstSendAt - killedAt) / 1000;
    goal(
      BENCH,
      `takeover after killing one of two servers: every shard held by the survivor after ${fmt(leaseS, 1)} s, first prompt of the dead one's tenants at Teams after ${fmt(sendS, 1)} s (LEASE_TTL_SECONDS=${ttl}, renewed every ${ttl / 4} s; ${expected} prompts in ${dead.length} orphaned shards)`,
      '≤ 120 s',
      sendS <= 120 && leaseS <= 120,
    );
    await w.close();
    info(BENCH, `mode ${mode}; load average at the end ${os.loadavg().map((x) => fmt(x, 1)).join(' ')} on ${os.cpus().length} cores`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await connector.stop();
    await azurite.stop();
  }
});
