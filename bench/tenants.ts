// Many tenants at once (figure 5): one deployment serving several municipalities (Teams tenants),
// every owner of every tenant due at the same minute. Teams limits a bot's calls per tenant, so
// the deployment can send up to tenants × cap per second; the bot's own CPU is what is left to
// stop it. The fake connector (a process of its own) answers after `latencyMs` and refuses (429)
// more than `capPerSecond` calls of one tenant in any second; TEAMS_MAX_RPS = capPerSecond.
//   · bot CPU per prompt: user + system time of this process (the bot: Azurite and the connector
//     run in processes of their own) over the run-due, ÷ prompts sent (goal ≤ 1.5 ms)
//   · aggregate send efficiency: accepted calls per second over the sending window (first accepted
//     call → last, all tenants) ÷ (tenants × cap) (goal ≥ 0.9); each tenant's own rate ÷ cap too
//   · over the limit: calls refused for a tenant over its cap (goal 0)
// A second, smaller world (alsoTenants × ownersPerTenant at alsoLatencyMs) is printed for
// information. With BENCH_PROFILE=<folder> each run-due is CPU-profiled (bench/lib/profile.ts).
import os from 'node:os';
import { asMember, personalConversationId, type Person as TestPerson } from '../test/support/activities';
import { startConnectorProcess, windowRate, type ConnectorClient } from './lib/connectorProcess';
import { Gen, benefitFields, isQuick, loadInputs } from './lib/inputs';
import { profiled } from './lib/profile';
import { fmt, goal, info, main, progress, quantile } from './lib/report';
import type { EmbeddedAzurite } from '../src/storage';
import type { TenantRateLimiter } from '../src/delivery/rateLimiter';
import { FIRST_PROMPT, TENANT_ID, numberedPerson, seedBenefits, seedConversations, seedPlan, startBenchAzurite, startWorld, type World } from './lib/world';

const BENCH = 'tenants';

const tenantId = (t: number) => (t === 0 ? TENANT_ID : `00000000-0000-0000-0000-${String(200 + t).padStart(12, '0')}`);

/** Records the times the bot's rate limiter lets each tenant send (a wrapper on its acquire). */
function recordGrants(w: World): Map<string, number[]> {
  const grants = new Map<string, number[]>();
  const limiter = (w.services.messenger as unknown as { limiter?: TenantRateLimiter }).limiter;
  if (!limiter) return grants;
  const acquire = limiter.acquire.bind(limiter);
  limiter.acquire = async (tenantId: string) => {
    await acquire(tenantId);
    let list = grants.get(tenantId);
    if (!list) grants.set(tenantId, (list = []));
    list.push(Date.now());
  };
  return grants;
}

/** The most of `times` (ascending ms) in any window of one second. */
function maxInAnySecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}


interface Scenario {
  tenants: number;
  ownersPerTenant: number;
  plansPerTenant: number;
  latencyMs: number;
  capPerSecond: number;
}

interface Outcome {
  prompts: number;
  failed: number;
  cpuMsPerPrompt: number;
  aggregate: number;
  aggregateRate: number;
  windowS: number;
  perTenant: number[];
  over: number;
  everyOwnerOnce: boolean;
  load: number;
  tookS: number;
  storagePerPrompt: number;
  /** The most sends the bot's limiter let one tenant make in any second (it counts grants, Teams arrivals). */
  maxGrantsPerSecond: number;
}

async function runScenario(azurite: EmbeddedAzurite, connector: ConnectorClient, g: Gen, sc: Scenario, firstOwner: number, label: string): Promise<Outcome> {
  const w = await startWorld({ azurite, serviceUrl: connector.serviceUrl, env: { TEAMS_MAX_RPS: String(sc.capPerSecond) }, noServer: true });
  try {
    progress(`${label}: seeding ${sc.tenants} tenants × ${sc.ownersPerTenant} owners (${sc.plansPerTenant} plans each), all due ${FIRST_PROMPT}`);
    const owners: TestPerson[] = [];
    const perPlan = Math.ceil(sc.ownersPerTenant / sc.plansPerTenant);
    for (let t = 0; t < sc.tenants; t++) {
      const mine = Array.from({ length: sc.ownersPerTenant }, (_, i) => numberedPerson(firstOwner + t * sc.ownersPerTenant + i));
      await connector.addMembers(mine.map((p) => asMember(p, tenantId(t))));
      for (let k = 0; k < sc.plansPerTenant; k++) {
        const plan = await seedPlan(w, `tenant${t + 1}-${k + 1}`, { tenantId: tenantId(t) });
        const planOwners = mine.slice(k * perPlan, (k + 1) * perPlan);
        await seedBenefits(w, plan, planOwners.map((owner, j) => ({ number: j + 1, owner, ...benefitFields(g, j + 1) })));
      }
      await seedConversations(w, mine, tenantId(t));
      owners.push(...mine);
    }
    const grants = recordGrants(w);
    await connector.clear();
    await connector.setLatency(sc.latencyMs);
    await connector.setRateLimit(sc.capPerSecond, { perTenant: true });
    (globalThis as { gc?: () => void }).gc?.();
    progress(`${label}: run-due, ${owners.length} prompts, ≤ ${sc.capPerSecond}/s per tenant, ${sc.latencyMs} ms per call`);
    const load = os.loadavg()[0];
    w.resetCounter();
    const cpu0 = process.cpuUsage();
    const started = Date.now();
    const summary = await profiled(`tenants-${sc.tenants}x${sc.ownersPerTenant}-${sc.latencyMs}ms`, () => w.runtime.runDue(new Date(FIRST_PROMPT)));
    const tookS = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sent = await connector.summary();
    const calls = sent.calls.filter((r) => r.status >= 200 && r.status < 300);
    const all = windowRate(calls);
    const perTenant = Array.from({ length: sc.tenants }, (_, t) => windowRate(calls.filter((c) => c.tenantId === tenantId(t))).rate / sc.capPerSecond);
    const everyOwnerOnce = owners.every((p) => sent.cardsPerConversation[personalConversationId(p)] === 1);
    return {
      prompts: summary.prompts,
      failed: summary.failed,
      cpuMsPerPrompt: (cpu.user + cpu.system) / 1000 / Math.max(1, summary.prompts),
      aggregate: all.rate / (sc.tenants * sc.capPerSecond),
      aggregateRate: all.rate,
      windowS: all.seconds,
      perTenant,
      over: sent.stats.over,
      everyOwnerOnce,
      load,
      tookS,
      storagePerPrompt: w.counter.count / Math.max(1, summary.prompts),
      maxGrantsPerSecond: Math.max(0, ...[...grants.values()].map(maxInAnySecond)),
    };
  } finally {
    await w.close();
  }
}

main(BENCH, async () => {
  const { seed, mode, sizes } = loadInputs(isQuick());
  const cfg = sizes.tenants;
  const g = new Gen(seed, BENCH);
  const azurite = await startBenchAzurite();
  const connector = await startConnectorProcess();
  try {
    const sc: Scenario = { tenants: cfg.tenants, ownersPerTenant: cfg.ownersPerTenant, plansPerTenant: cfg.plansPerTenant, latencyMs: cfg.latencyMs, capPerSecond: cfg.capPerSecond };
    const o = await runScenario(azurite, connector, g, sc, 1, 'many tenants');
    const size = `${sc.tenants} tenants × ${sc.ownersPerTenant} owners (${sc.plansPerTenant} plans each), ${sc.latencyMs} ms latency, cap ${sc.capPerSecond}/s per tenant`;
    const complete = o.prompts === sc.tenants * sc.ownersPerTenant && o.everyOwnerOnce;
    goal(BENCH, `bot CPU per prompt: ${fmt(o.cpuMsPerPrompt, 2)} ms (user + system over the run-due, ${o.prompts} prompts), ${size}; load average ${fmt(o.load, 1)}`, '≤ 1.5 ms', o.cpuMsPerPrompt <= 1.5 && complete);
    goal(
      BENCH,
      `aggregate send efficiency: ${fmt(o.aggregate)} of ${sc.tenants} × cap (${fmt(o.aggregateRate, 1)}/s vs ${sc.tenants * sc.capPerSecond}/s over ${fmt(o.windowS, 1)} s), ${size}; load average ${fmt(o.load, 1)}`,
      '≥ 0.9',
      o.aggregate >= 0.9 && complete,
    );
    goal(BENCH, `over a tenant's limit: ${o.over} calls answered 429, ${o.prompts} prompts, ${o.failed} failed, every owner prompted once: ${o.everyOwnerOnce ? 'yes' : 'no'}`, '0, all once', o.over === 0 && complete);
    info(BENCH, `the bot's limiter let a tenant send at most ${o.maxGrantsPerSecond} calls in any second (cap ${sc.capPerSecond}); Teams (the connector process) counts arrivals, which a busy host can bunch`);
    info(BENCH, `each tenant's own rate ÷ cap: min ${fmt(Math.min(...o.perTenant))}, median ${fmt(quantile(o.perTenant, 0.5))}, max ${fmt(Math.max(...o.perTenant))}; run-due took ${fmt(o.tookS, 1)} s in all; ${fmt(o.storagePerPrompt)} storage requests per prompt`);
    if (cfg.alsoTenants > 0) {
      const also: Scenario = { ...sc, tenants: cfg.alsoTenants, latencyMs: cfg.alsoLatencyMs };
      const a = await runScenario(azurite, connector, g, also, 1 + sc.tenants * sc.ownersPerTenant, 'fewer tenants, faster connector');
      info(
        BENCH,
        `${also.tenants} tenants × ${also.ownersPerTenant} owners at ${also.latencyMs} ms: bot CPU ${fmt(a.cpuMsPerPrompt, 2)} ms per prompt, aggregate ${fmt(a.aggregate)} of ${also.tenants} × cap (${fmt(a.aggregateRate, 1)}/s of ${also.tenants * also.capPerSecond}/s), ${a.over} over limit, ${a.prompts} prompts; load average ${fmt(a.load, 1)}`,
      );
    }
    info(BENCH, `mode ${mode}, seed ${seed}; load average at the end ${os.loadavg().map((x) => fmt(x, 1)).join(' ')} on ${os.cpus().length} cores`);
  } finally {
    await connector.stop();
    await azurite.stop();
  }
});
