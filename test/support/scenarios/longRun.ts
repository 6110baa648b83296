// Scenario 8: a run that outlives the old claim staleness, with others started beside it.
//
// `count` prompts are due now. `gevinstbot run-due` (a child process) sends them to a slow Teams
// (TEAMS_MAX_RPS), so the run lasts long. Beside it:
//   · a hand-run `run-due --at <now + 6 min>`: before the fix, it took over every claim older than
//     five minutes by its clock and sent those prompts again;
//   · an external scheduler starting `run-due` every `cronEveryMs` (SCHEDULER=off deployments);
//   · optionally a server with SCHEDULER=on (its ticker ticks each real minute).
// Every one of them must leave the live run alone (exit 0 at once, saying so on stderr). Then the
// live run is SIGKILLed after `killAfter` deliveries, and whoever is next once its lease has
// expired (the scheduler's next run-due, or the ticker) takes its claims over and sends the rest.
// Checked: every owner got the prompt (0 lost); duplicates only among the sends in flight at the
// kill (delivered by Teams, not yet recorded by the killed process).
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { startAzurite } from '../../../src/storage';
import { numberedPerson, TENANT_ID } from '../activities';
import { FakeConnector, fakePersonalConversationId } from '../fakeConnector';
import { runCli, startCli, startServerProcess, waitUntil, type Child } from '../processes';
import { seedMany, sleep, startBot } from '../reliability';

export interface LongRunOptions {
  count: number;
  /** TEAMS_MAX_RPS of the runs: count / rps seconds is how long the first run would take. */
  rps: number;
  /** The first run is killed after this many deliveries. */
  killAfter: number;
  /** An external scheduler starts run-due this often while the scenario lasts. */
  cronEveryMs: number;
  /** Also a server with SCHEDULER=on beside them. */
  ticker: boolean;
  leaseTtlSeconds: number;
  log?: (line: string) => void;
}

export interface LongRunFigures {
  prompts: number;
  firstRunSeconds: number;
  besideRuns: { started: number; leftAlone: number; exitCodes: number[] };
  handRunAtPlus6: { code: number | null; stderr: string; ms: number };
  deliveredAtKill: number;
  recordedAtKill: number;
  inFlightAtKill: number;
  takenOverBy: string;
  takeoverAfterKillMs: number;
  lost: number;
  duplicates: number;
}

const MINUTE = 60_000;

export async function runLongRunScenario(o: LongRunOptions): Promise<LongRunFigures> {
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  connector.setLatency(30);
  // Real time: the ticker (if any) runs at the real clock, so the prompts are due now. Seeded a
  // week and a day ago, 'mon 09:00' is due at the last Monday that has passed. On a Monday
  // morning the runs' instants (up to now + a few minutes) could straddle 09:00 and ask about the
  // next period too: then the scenario's clock starts two hours earlier.
  const real = DateTime.now().setZone('Europe/Oslo');
  const now = real.weekday === 1 && real.hour >= 8 && real.hour < 10 ? real.minus({ hours: 2 }).toJSDate() : real.toJSDate();
  const seededAt = new Date(now.getTime() - 8 * 24 * 3_600_000).toISOString();
  const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: seededAt });
  const children: Child[] = [];
  let stopCron = false;
  try {
    const owner = (n: number) => numberedPerson(n);
    const plan = await seedMany(bot.services, { serviceUrl, count: o.count, owner, now: seededAt, planId: 'lang-kjoring' });
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      TEAMS_MAX_RPS: String(o.rps),
      LOG_LEVEL: 'warn',
      SCHEDULER: 'off',
      LEASE_TTL_SECONDS: String(o.leaseTtlSeconds),
    };
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

    // 1. The long run.
    const started = Date.now();
    const first = startCli(['run-due', '--at', at(0)], env);
    children.push(first);
    await waitUntil(() => connector.stats.delivered >= Math.min(5, o.killAfter) || first.child.exitCode !== null, 60_000, 'the first run to send', 20);
    assert.equal(first.child.exitCode, null, `the first run is still sending: ${first.stderr()}`);

    // 2. A hand-run run-due six minutes "later" by its clock.
    const t6 = Date.now();
    const handRun = await runCli(['run-due', '--at', at(6 * MINUTE)], env, 60_000);
    const handRunMs = Date.now() - t6;
    say(`hand-run run-due --at +6 min beside it: exit ${handRun.code} in ${handRunMs} ms: ${lastLine(handRun.stderr)}`);

    // 3. An external scheduler starting run-due every cronEveryMs, and maybe a ticking server.
    const beside: { code: number | null; leftAlone: boolean }[] = [];
    let takenOverBy = '';
    let killedAt = 0;
    let takeoverAt = 0;
    const cron = (async () => {
      for (let k = 1; !stopCron; k++) {
        await sleep(o.cronEveryMs);
        if (stopCron) break;
        const before = connector.stats.delivered;
        const r = await runCli(['run-due', '--at', at(k * MINUTE)], env, 10 * MINUTE);
        const leftAlone = /another run holds/.test(r.stderr);
        beside.push({ code: r.code, leftAlone });
        if (!leftAlone && killedAt > 0 && !takenOverBy && connector.stats.delivered > before) {
          takenOverBy = `run-due #${k}`;
        }
      }
    })();
    let server: Child | undefined;
    if (o.ticker) {
      server = startServerProcess({ ...env, SCHEDULER: 'on', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      children.push(server);
    }

    // 4. Kill the long run.
    await waitUntil(() => connector.stats.delivered >= o.killAfter || first.child.exitCode !== null, 30 * MINUTE, `${o.killAfter} deliveries`, 20);
    // (A run that ended before the kill had its prompts sent by someone else beside it: that is
    // what the figures below then show.)
    first.kill('SIGKILL');
    killedAt = Date.now();
    await first.exited;
    await waitUntil(() => connector.requests.every((r) => r.status !== 0), 10_000, 'requests in flight to settle');
    const deliveredAtKill = connector.delivered.length;
    // Owners reached by the kill but not yet recorded: the only prompts a takeover may send again.
    const ownersReachedAtKill = new Set(connector.delivered.map((d) => d.conversationId)).size;
    const recordedAtKill = (await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id)).filter((r) => r.promptActivityId).length;
    const firstRunSeconds = (killedAt - started) / 1000;
    say(`killed after ${deliveredAtKill} deliveries and ${firstRunSeconds.toFixed(0)} s; ${recordedAtKill} recorded`);

    // 5. Someone takes over once the lease has expired, and sends the rest.
    await waitUntil(
      async () => {
        if (!takeoverAt && connector.delivered.length > deliveredAtKill) takeoverAt = Date.now();
        const rows = await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id);
        return rows.length === o.count && rows.every((r) => r.promptActivityId);
      },
      30 * MINUTE,
      'every prompt delivered and recorded',
      250,
    );
    stopCron = true;
    await cron;
    if (!takenOverBy) takenOverBy = o.ticker ? 'the ticker' : 'run-due';
    if (server) {
      server.kill('SIGTERM');
      await server.exited;
    }

    const perOwner = new Map<string, number>();
    for (const d of connector.delivered) perOwner.set(d.conversationId, (perOwner.get(d.conversationId) ?? 0) + 1);
    let lost = 0;
    let duplicates = 0;
    for (let n = 1; n <= o.count; n++) {
      const c = perOwner.get(fakePersonalConversationId(owner(n).id)) ?? 0;
      if (c === 0) lost++;
      duplicates += Math.max(0, c - 1);
    }
    const figures: LongRunFigures = {
      prompts: o.count,
      firstRunSeconds,
      besideRuns: { started: beside.length, leftAlone: beside.filter((b) => b.leftAlone).length, exitCodes: [...new Set(beside.map((b) => b.code ?? -1))] },
      handRunAtPlus6: { code: handRun.code, stderr: lastLine(handRun.stderr), ms: handRunMs },
      deliveredAtKill,
      recordedAtKill,
      inFlightAtKill: ownersReachedAtKill - recordedAtKill,
      takenOverBy,
      takeoverAfterKillMs: takeoverAt ? takeoverAt - killedAt : -1,
      lost,
      duplicates,
    };
    say(JSON.stringify(figures));
    assert.equal(lost, 0, 'no prompt lost');
    assert.ok(duplicates <= figures.inFlightAtKill, `duplicates ${duplicates} ≤ sends in flight at the kill ${figures.inFlightAtKill}`);
    assert.equal(handRun.code, 0, 'the hand-run run-due exits 0');
    assert.match(handRun.stderr, /another run holds the run lease/, 'and says why it did nothing');
    assert.ok(beside.every((b) => b.code === 0), 'every scheduled run-due exits 0');
    return figures;
  } finally {
    stopCron = true;
    for (const c of children) c.kill('SIGKILL');
    await bot.close();
    await connector.stop();
    await azurite.stop();
  }
}

const lastLine = (text: string) => text.trim().split('\n').filter((l) => !/DeprecationWarning|trace-deprecation/.test(l)).pop() ?? '';
