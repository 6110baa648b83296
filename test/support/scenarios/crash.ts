// Scenario 1: a crash in the middle of sending.
//
// `count` prompts are due at T. `gevinstbot run-due --at T` runs as a child process against its
// own Azurite and the fake Teams connector; it is SIGKILLed once the connector has delivered
// `killAfter` prompts. A run-due started right away finds the dead run's lease still held and
// leaves the work alone; once the lease has expired (LEASE_TTL_SECONDS, short here), run-due at
// the same instant T takes the dead run's claims over: its holder is dead, however young they are.
// Checked: every owner got the prompt (0 lost); duplicates ≤ the sends in flight at the kill
// (delivered by Teams but not yet recorded by the bot, which is bounded by the send concurrency);
// answers from both copies of a duplicated card give exactly one measurement (the second is a
// correction in the history).
import assert from 'node:assert/strict';
import { startAzurite } from '../../../src/storage';
import { numberedPerson, TENANT_ID } from '../activities';
import { FakeConnector } from '../fakeConnector';
import { startCli, runCli, waitUntil } from '../processes';
import { promptIdsIn, seedMany, startBot } from '../reliability';

export interface CrashOptions {
  count: number;
  killAfter: number;
  /** Fake Teams latency per request (ms): keeps a realistic number of sends in flight. */
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface CrashFigures {
  prompts: number;
  deliveredAtKill: number;
  pendingRequestsAtKill: number;
  recordedAtKill: number;
  /** Delivered by Teams but not recorded by the killed process: the only candidates for a duplicate. */
  inFlightAtKill: number;
  /** What a run-due started right after the kill said (the lease is still the dead run's). */
  immediateRun: { stdout: string; stderr: string; code: number | null };
  secondRunSummary: string;
  lost: number;
  duplicates: number;
  measurementsForDuplicates: number;
  historyRowsForDuplicates: number;
  firstRunMs: number;
  secondRunMs: number;
}

/** The send concurrency of the prompt job (src/jobs/promptJobs.ts): the most sends one run has in flight. */
export const SEND_CONCURRENCY = 64;

const SEEDED_AT = '2026-12-01T10:00:00.000Z'; // Tuesday; 'mon 09:00' is next due Monday 7 December
const T = '2026-12-07T08:00:00.000Z';
/** The lease of the killed run expires this long after its last renewal. */
const LEASE_TTL_SECONDS = 15;

export async function runCrashScenario(o: CrashOptions): Promise<CrashFigures> {
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  connector.setLatency(o.latencyMs ?? 25);
  // The bot the owners answer through, on the same (unprefixed) tables as the CLI.
  const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: SEEDED_AT });
  try {
    const owner = (n: number) => numberedPerson(n);
    const plan = await seedMany(bot.services, { serviceUrl, count: o.count, owner, now: SEEDED_AT, planId: 'krasj' });
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, TEAMS_MAX_RPS: '1000', LOG_LEVEL: 'warn', SCHEDULER: 'off', LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS) };

    // 1. run-due, killed after `killAfter` deliveries.
    const started = Date.now();
    const first = startCli(['run-due', '--at', T], env);
    let pendingAtKill = 0;
    let deliveredAtKill = 0;
    await waitUntil(
      () => {
        if (first.child.exitCode !== null) throw new Error(`run-due ended before the kill: ${first.stdout()} ${first.stderr()}`);
        return connector.stats.delivered >= o.killAfter;
      },
      60_000,
      `${o.killAfter} deliveries`,
      2,
    );
    first.kill('SIGKILL');
    deliveredAtKill = connector.stats.delivered;
    pendingAtKill = connector.requests.filter((r) => r.status === 0).length;
    const exit = await first.exited;
    const firstRunMs = Date.now() - started;
    assert.equal(exit.signal, 'SIGKILL');
    // Requests the dead process had in flight still reach "Teams" and may be delivered.
    await waitUntil(() => connector.requests.every((r) => r.status !== 0), 10_000, 'in-flight requests to settle');
    say(`killed after ${deliveredAtKill} deliveries (${pendingAtKill} requests in flight)`);

    // 2. What the dead process left: claims (period rows), recorded deliveries.
    const rowsAfterKill = await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id);
    const recordedAtKill = rowsAfterKill.filter((r) => r.promptActivityId).length;
    const cardsAfterKill = new Map<string, number>();
    for (const d of connector.delivered) cardsAfterKill.set(d.conversationId, (cardsAfterKill.get(d.conversationId) ?? 0) + 1);
    const inFlightAtKill = connector.delivered.length - recordedAtKill;
    say(`after the kill: ${rowsAfterKill.length} claims, ${recordedAtKill} recorded deliveries, ${connector.delivered.length} delivered → ${inFlightAtKill} delivered but unrecorded`);

    // 3. run-due at once: the dead run's lease has not expired yet, so nothing is touched.
    const deliveredBefore = connector.delivered.length;
    const immediate = await runCli(['run-due', '--at', T], env, 60_000);
    assert.equal(immediate.code, 0, `a run beside a held lease exits 0: ${immediate.stderr}`);
    assert.match(immediate.stderr, /another run holds the run lease/);
    assert.equal(connector.delivered.length, deliveredBefore, 'nothing sent while the lease was held');
    say(`run-due right after the kill: ${immediate.stderr.trim()} / ${immediate.stdout.trim()}`);
    // 4. run-due again once the lease has expired, at the same instant: the claims are taken over.
    await waitUntil(
      async () => (await bot.services.storage.leases.list('shard')).every((l) => Date.parse(l.expiresAt) < Date.now()),
      (LEASE_TTL_SECONDS + 5) * 1000,
      'the dead run’s lease to expire',
      200,
    );
    const t2 = Date.now();
    const second = await runCli(['run-due', '--at', T], env, 120_000);
    const secondRunMs = Date.now() - t2;
    assert.equal(second.code, 0, `second run-due failed: ${second.stdout} ${second.stderr}`);
    say(`second run: ${second.stdout.trim()}`);

    // 5. Every owner exactly once, except the sends in flight at the kill.
    const perOwner = new Map<string, number>();
    for (const d of connector.delivered) perOwner.set(d.conversationId, (perOwner.get(d.conversationId) ?? 0) + 1);
    let lost = 0;
    let duplicates = 0;
    const duplicated: number[] = [];
    for (let n = 1; n <= o.count; n++) {
      const c = perOwner.get(`a:fake-${owner(n).id}`) ?? 0;
      if (c === 0) lost++;
      if (c > 1) {
        duplicates += c - 1;
        duplicated.push(n);
      }
      assert.ok(c <= 2, `owner ${n} got ${c} prompts`);
    }
    assert.equal(lost, 0, 'no prompt lost');
    assert.ok(duplicates <= inFlightAtKill, `duplicates ${duplicates} ≤ sends in flight at the kill ${inFlightAtKill}`);
    assert.ok(inFlightAtKill <= SEND_CONCURRENCY, `in flight at the kill ${inFlightAtKill} ≤ send concurrency ${SEND_CONCURRENCY}`);
    const rows = await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id);
    assert.equal(rows.length, o.count, 'one period row per benefit');
    assert.equal(rows.filter((r) => r.promptActivityId).length, o.count, 'every delivery recorded');

    // 6. Answers from both copies of each duplicated card: one measurement, the first kept as history.
    bot.clock.set(new Date('2026-12-07T10:00:00.000Z'));
    for (const n of duplicated) {
      const cards = connector.cardsTo(`a:fake-${owner(n).id}`);
      const ids = promptIdsIn(cards);
      assert.equal(ids.length, 2);
      assert.equal(ids[0], ids[1], 'both copies name the same (benefit, period)');
      const a = await bot.act(owner(n), 'measurement.submit', { promptId: ids[0], value: '24' });
      const b = await bot.act(owner(n), 'measurement.submit', { promptId: ids[1], value: '25' });
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
    }
    const answered = (await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id)).filter((r) => duplicated.includes(r.benefitNumber));
    const history = (await bot.services.storage.measurements.listHistory(TENANT_ID, plan.id)).filter((r) => duplicated.includes(r.benefitNumber));
    for (const r of answered) {
      assert.equal(r.state, 'answered');
      assert.equal(r.version, 2, 'the second copy corrected the first');
      assert.equal(r.value, 25);
    }
    assert.equal(answered.length, duplicated.length, 'exactly one measurement per duplicated prompt');
    assert.equal(history.length, duplicated.length, 'the first answer is kept in the history');
    void cardsAfterKill;
    return {
      prompts: o.count,
      deliveredAtKill,
      pendingRequestsAtKill: pendingAtKill,
      recordedAtKill,
      inFlightAtKill,
      immediateRun: { stdout: immediate.stdout.trim(), stderr: immediate.stderr.trim(), code: immediate.code },
      secondRunSummary: second.stdout.trim(),
      lost,
      duplicates,
      measurementsForDuplicates: answered.length,
      historyRowsForDuplicates: history.length,
      firstRunMs,
      secondRunMs,
    };
  } finally {
    await bot.close();
    await connector.stop();
    await azurite.stop();
  }
}
