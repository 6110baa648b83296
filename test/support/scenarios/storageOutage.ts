// Scenario 2: Table Storage goes away for `outageMs` while owners answer their cards
// and a run-due is sending prompts and reminders, then comes back (same port, same data).
// Checked: the process stays up (no unhandled rejection or exception); /healthz says 503 with a
// reason during the outage and 200 after; every answer is either stored (and the card says so)
// or the card tells the owner it was not saved; after recovery the due work completes, once:
// every prompt delivered exactly once, at most one reminder per owner, nothing left due.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startAzurite, type EmbeddedAzurite } from '../../../src/storage';
import { numberedPerson, TENANT_ID } from '../activities';
import { FakeConnector, fakePersonalConversationId } from '../fakeConnector';
import { promptIdsIn, seedMany, sleep, startBot } from '../reliability';

export interface StorageOutageOptions {
  outageMs: number;
  /** Owners per plan (plan A is prompted before the outage, plan B during it). */
  owners: number;
  log?: (line: string) => void;
}

export interface StorageOutageFigures {
  outageMs: number;
  answers: number;
  /** First answers whose response came while storage was down, and how those ended. */
  answersDuringOutage: number;
  toldNotSavedDuringOutage: number;
  storedFirstTry: number;
  toldNotSaved: number;
  healthDuring: number;
  healthReason: string;
  healthAfter: number;
  healthRecoveredMs: number;
  runDuringOutage: string;
  promptsB: number;
  duplicatePrompts: number;
  reminders: number;
  leftDue: number;
  unhandled: number;
}

const SEEDED_AT = '2026-12-01T10:00:00.000Z';
const MONDAY = '2026-12-07T08:00:00.000Z'; // plan A ('mon 09:00') prompts
const TUESDAY = Date.parse('2026-12-08T08:00:00.000Z'); // plan B ('tue 09:00') prompts + plan A reminders
const STORED = /er registrert for/;
const NOT_SAVED = /ingenting ble lagret|ble ikke lagret/;

export async function runStorageOutageScenario(o: StorageOutageOptions): Promise<StorageOutageFigures> {
  const say = o.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(tmpdir(), 'gevinstbot-outage-'));
  const port = await freePort();
  let azurite: EmbeddedAzurite | undefined = await startAzurite({ location: dir, port });
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = await startBot({ connectionString: azurite.connectionString, serviceUrl, now: SEEDED_AT, env: { TEAMS_MAX_RPS: '5' } });
  let unhandled = 0;
  const onUnhandled = (e: unknown) => {
    unhandled++;
    say(`UNHANDLED: ${e instanceof Error ? e.stack : String(e)}`);
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  try {
    const a = (n: number) => numberedPerson(n);
    const b = (n: number) => numberedPerson(o.owners + n);
    const planA = await seedMany(bot.services, { planId: 'plan-a', serviceUrl, count: o.owners, owner: a, now: SEEDED_AT });
    const planB = await seedMany(bot.services, { planId: 'plan-b', serviceUrl, count: o.owners, owner: b, now: SEEDED_AT, cadence: 'tue 09:00' });
    // Half of plan B's owners have talked to the bot (a stored chat), half need a chat opened.
    for (let n = 1; n <= o.owners / 2; n++) {
      await bot.services.storage.conversations.savePersonal(
        b(n).id,
        { serviceUrl, conversationId: fakePersonalConversationId(b(n).id), conversationType: 'personal', tenantId: TENANT_ID, botId: '28:gevinstbot', userId: b(n).id },
        SEEDED_AT,
      );
    }
    assert.equal((await bot.runtime.runDue(new Date(MONDAY))).prompts, o.owners, 'plan A prompted before the outage');
    const promptIdA = (n: number) => promptIdsIn(connector.cardsTo(fakePersonalConversationId(a(n).id)))[0];

    // Tuesday morning: the run-due starts (slow Teams: every send takes 300 ms, 5 per second).
    bot.clock.set(new Date(TUESDAY));
    connector.setLatency(300);
    const runStarted = Date.now();
    const runDuring = bot.runtime.runDue(new Date(TUESDAY)).then(
      (s) => `resolved ${JSON.stringify(s)}`,
      (e: unknown) => `rejected: ${e instanceof Error ? e.message.slice(0, 120) : String(e)}`,
    );

    // Owners answer throughout: one before, most during, one after the outage.
    const results: { n: number; value: string; outcome: 'stored' | 'notSaved' | 'other'; at: number }[] = [];
    const answer = async (n: number, value: string) => {
      const r = await bot.act(a(n), 'measurement.submit', { promptId: promptIdA(n), value });
      const text = JSON.stringify(r.card ?? r.body ?? '');
      const outcome = r.status === 200 && STORED.test(text) ? 'stored' : r.status === 200 && NOT_SAVED.test(text) ? 'notSaved' : 'other';
      results.push({ n, value, outcome, at: Date.now() - runStarted });
      if (outcome === 'other') say(`answer ${n}: HTTP ${r.status} ${text.slice(0, 300)}`);
    };
    const answering: Promise<void>[] = [];
    const spread = o.outageMs + 2_000;
    for (let n = 1; n <= o.owners - 2; n++) {
      const delay = 300 + Math.round(((n - 1) / Math.max(1, o.owners - 3)) * spread);
      answering.push(sleep(delay).then(() => answer(n, String(20 + n))));
    }

    // The outage, while sends are in flight.
    await sleep(700);
    const outageStarted = Date.now();
    await azurite.stop();
    azurite = undefined;
    say(`storage stopped ${outageStarted - runStarted} ms into the run`);
    await sleep(Math.min(2_000, o.outageMs / 2));
    const during = await fetch(`${bot.url}/healthz`);
    const duringBody = (await during.json()) as { reason?: string };
    say(`/healthz during the outage: ${during.status} ${JSON.stringify(duringBody)}`);
    await sleep(Math.max(0, o.outageMs - (Date.now() - outageStarted)));
    azurite = await startAzurite({ location: dir, port });
    const back = Date.now();
    say(`storage back after ${back - outageStarted} ms`);
    let healthAfter = 0;
    for (let i = 0; i < 100 && healthAfter !== 200; i++) {
      healthAfter = (await fetch(`${bot.url}/healthz`)).status;
      if (healthAfter !== 200) await sleep(100);
    }
    const healthRecoveredMs = Date.now() - back;
    const runDuringOutage = await runDuring;
    await Promise.all(answering);
    say(`run-due during the outage: ${runDuringOutage}`);
    await answer(o.owners - 1, String(20 + o.owners - 1)); // after recovery
    // Owners told "not saved" try again, as the card asks them to.
    for (const r of results.filter((x) => x.outcome === 'notSaved')) await answer(r.n, r.value);

    // After recovery the ticker goes on: the next minutes, and after the stale-claim window.
    for (const minutes of [1, 2, 6, 7]) {
      const s = await bot.runtime.runDue(new Date(TUESDAY + minutes * 60_000));
      say(`run-due +${minutes} min: ${JSON.stringify(s)}`);
    }

    // Checks.
    assert.equal(unhandled, 0, 'no unhandled rejection or exception: the process stays up');
    assert.equal(during.status, 503);
    assert.match(duringBody.reason ?? '', /^storage: /);
    assert.equal(healthAfter, 200);
    assert.deepEqual(results.filter((r) => r.outcome === 'other'), [], 'every answer was stored or the owner was told it was not');
    const firstAnswers = results.slice(0, o.owners - 1);
    const toldNotSaved = firstAnswers.filter((r) => r.outcome === 'notSaved').length;
    const storedDuring = firstAnswers.filter((r) => r.outcome === 'stored').length;
    const inOutage = firstAnswers.filter((r) => r.at >= outageStarted - runStarted && r.at <= back - runStarted);
    for (let n = 1; n <= o.owners - 1; n++) {
      const row = await bot.services.storage.measurements.get(TENANT_ID, planA.id, n, '2026-W49');
      assert.equal(row?.state, 'answered', `owner ${n}'s answer is stored in the end`);
      assert.equal(row?.value, 20 + n);
    }
    // Plan B: every prompt exactly once. Plan A: at most one reminder each, none after an answer.
    let duplicatePrompts = 0;
    for (let n = 1; n <= o.owners; n++) {
      const c = connector.cardsTo(fakePersonalConversationId(b(n).id)).length;
      assert.ok(c >= 1, `plan B owner ${n} got the prompt`);
      duplicatePrompts += c - 1;
    }
    assert.equal(duplicatePrompts, 0, 'no prompt sent twice');
    const rowsB = await bot.services.storage.measurements.listPlan(TENANT_ID, planB.id);
    assert.equal(rowsB.filter((r) => r.promptActivityId).length, o.owners, 'every plan B delivery recorded');
    let reminders = 0;
    for (let n = 1; n <= o.owners; n++) {
      const c = connector.cardsTo(fakePersonalConversationId(a(n).id)).length - 1;
      assert.ok(c <= 1, `at most one reminder for owner ${n}`);
      reminders += c;
    }
    // The owner who never answers is reminded (once), outage or not.
    assert.equal(connector.cardsTo(fakePersonalConversationId(a(o.owners).id)).length, 2, 'the silent owner got one reminder');
    const leftDue = (await bot.services.storage.due.listDue(new Date(TUESDAY + 7 * 60_000).toISOString())).length;
    assert.equal(leftDue, 0, 'nothing due is left undone');
    return {
      outageMs: o.outageMs,
      answers: firstAnswers.length,
      answersDuringOutage: inOutage.length,
      toldNotSavedDuringOutage: inOutage.filter((r) => r.outcome === 'notSaved').length,
      storedFirstTry: storedDuring,
      toldNotSaved,
      healthDuring: during.status,
      healthReason: duringBody.reason ?? '',
      healthAfter,
      healthRecoveredMs,
      runDuringOutage,
      promptsB: rowsB.length,
      duplicatePrompts,
      reminders,
      leftDue,
      unhandled,
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await bot.close();
    await connector.stop();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
