// Scenario 3: Teams misbehaves. The fake connector answers 429 with Retry-After (at a
// rate), 429 without it, 500/502/503 (at a rate), hung requests (timeouts), and 403/404 for some
// owners (blocked / uninstalled) and at a small random rate. Checked: every owner Teams did not
// refuse gets exactly one prompt; every refused owner is marked unreachable (period row and
// conversation) and named to the admins in the plan's digest; attempts per prompt are bounded
// (no spinning); memory does not grow with the faults.
import assert from 'node:assert/strict';
import { DEFAULT_RETRY } from '../../../src/delivery/retry';
import { startAzurite } from '../../../src/storage';
import { numberedPerson, TENANT_ID } from '../activities';
import { FakeConnector, fakePersonalConversationId } from '../fakeConnector';
import { seedMany, startBot } from '../reliability';

export interface TeamsFaultsOptions {
  owners: number;
  blocked403: number;
  blocked404: number;
  p429: number;
  retryAfterSeconds: number;
  p5xx: number;
  p403?: number;
  p404?: number;
  /** Queued at the start: this many 429s without Retry-After and this many hung requests. */
  throttledWithoutRetryAfter: number;
  timeouts: number;
  timeoutMs: number;
  seed: number;
  teamsMaxRps?: number;
  maxRounds?: number;
  log?: (line: string) => void;
}

export interface TeamsFaultsFigures {
  owners: number;
  delivered: number;
  unreachable: number;
  unreachableBlocked: number;
  unreachableRandom: number;
  rounds: number;
  durationMs: number;
  requests: number;
  throttled: number;
  serverErrors: number;
  timeouts: number;
  forbidden: number;
  notFound: number;
  maxAttemptsPerPrompt: number;
  attemptBound: number;
  earlyRetries: number;
  digestNamesUnreachable: boolean;
  heapGrowthMb: number;
}

const SEEDED_AT = '2026-12-01T10:00:00.000Z';
const T = Date.parse('2026-12-07T08:00:00.000Z');
const FRIDAY_DIGEST = '2026-12-11T13:00:00.000Z'; // 'fri 14:00' Oslo

/**
 * Botbuilder's connector client retries 429/5xx itself (core-rest-pipeline: 3 retries), and the
 * dispatcher retries what still fails DEFAULT_RETRY.attempts times, for the chat creation and for
 * the send: the most HTTP requests one prompt can cause.
 */
export const ATTEMPT_BOUND = 2 * DEFAULT_RETRY.attempts * 4;

export async function runTeamsFaultsScenario(o: TeamsFaultsOptions): Promise<TeamsFaultsFigures> {
  const say = o.log ?? (() => undefined);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = await startBot({
    connectionString: azurite.connectionString,
    serviceUrl,
    now: SEEDED_AT,
    noServer: true,
    env: { TEAMS_MAX_RPS: String(o.teamsMaxRps ?? 30) },
  });
  try {
    const owner = (n: number) => numberedPerson(n);
    const plan = await seedMany(bot.services, { serviceUrl, count: o.owners, owner, now: SEEDED_AT, planId: 'feil', digestScheduled: true });
    const blocked = new Set<number>();
    for (let n = 1; n <= o.blocked403 + o.blocked404; n++) {
      connector.blockConversation(owner(n).id, n <= o.blocked403 ? 403 : 404);
      blocked.add(n);
    }
    connector.failNext(o.throttledWithoutRetryAfter, { status: 429 });
    connector.failNext(o.timeouts, { timeoutMs: o.timeoutMs });
    connector.setFaultRate({ p429: o.p429, retryAfter: o.retryAfterSeconds, p5xx: o.p5xx, p403: o.p403 ?? 0, p404: o.p404 ?? 0, seed: o.seed });

    const started = Date.now();
    let rounds = 0;
    const cards = (n: number) => connector.cardsTo(fakePersonalConversationId(owner(n).id)).length;
    const settled = async () => {
      const rows = await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id);
      return rows.length === o.owners && rows.every((r) => r.state === 'unreachable' || r.promptActivityId);
    };
    // The ticker: one run-due a minute until every prompt is delivered or refused.
    for (; rounds < (o.maxRounds ?? 10); rounds++) {
      const summary = await bot.runtime.runDue(new Date(T + rounds * 60_000));
      say(`round ${rounds}: ${JSON.stringify(summary)} (${Date.now() - started} ms)`);
      if (await settled()) break;
    }
    rounds++;
    const durationMs = Date.now() - started;
    connector.setFaultRate(undefined);

    const rows = await bot.services.storage.measurements.listPlan(TENANT_ID, plan.id);
    const unreachableRows = new Set(rows.filter((r) => r.state === 'unreachable').map((r) => r.benefitNumber));
    let delivered = 0;
    for (let n = 1; n <= o.owners; n++) {
      const c = cards(n);
      if (unreachableRows.has(n)) {
        assert.equal(c, 0, `unreachable owner ${n} got no card`);
        const conv = await bot.services.storage.conversations.getPersonal(TENANT_ID, owner(n).id);
        assert.equal(conv?.unreachable, true, `owner ${n}'s conversation is flagged unreachable`);
      } else {
        assert.equal(c, 1, `owner ${n} got exactly one prompt (got ${c})`);
        delivered++;
      }
    }
    for (const n of blocked) assert.ok(unreachableRows.has(n), `blocked owner ${n} is flagged unreachable`);
    assert.equal(delivered + unreachableRows.size, o.owners, 'every prompt delivered or flagged');

    // Bounded retries: HTTP requests per prompt (chat creation + send, all attempts).
    const perConversation = new Map<string, number>();
    for (const r of connector.requests) if (r.conversationId) perConversation.set(r.conversationId, (perConversation.get(r.conversationId) ?? 0) + 1);
    const maxAttempts = Math.max(...perConversation.values());
    assert.ok(maxAttempts <= ATTEMPT_BOUND, `at most ${ATTEMPT_BOUND} requests per prompt, saw ${maxAttempts}`);
    // Retry-After was honoured by every sender.
    const earlyRetries = connector.earlyRetries();
    assert.equal(earlyRetries, 0, `no request before its Retry-After: ${JSON.stringify(connector.earlyRetryDetails().slice(0, 3))}`);

    // A further run sends nothing and asks nobody unreachable again.
    const before = connector.requests.length;
    const again = await bot.runtime.runDue(new Date(T + (rounds + 1) * 60_000));
    assert.equal(again.prompts, 0);
    assert.equal(connector.requests.length, before, 'nothing more to send, nobody unreachable asked again');

    // The digest tells the admins who cannot be reached.
    const digest = await bot.runtime.runDue(new Date(FRIDAY_DIGEST));
    assert.equal(digest.digests, 1, 'the weekly digest was posted');
    const channel = JSON.stringify(connector.cardsTo(plan.channel.conversationId)).replace(/\u00a0/g, ' ');
    const named = [...unreachableRows].every((n) => channel.includes(owner(n).name));
    assert.match(channel, /Til administratorene: noen eiere kan ikke nås/);
    assert.ok(named, 'every unreachable owner is named in the digest');

    gc?.();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const s = connector.stats;
    return {
      owners: o.owners,
      delivered,
      unreachable: unreachableRows.size,
      unreachableBlocked: blocked.size,
      unreachableRandom: unreachableRows.size - blocked.size,
      rounds,
      durationMs,
      requests: s.requests,
      throttled: s.throttled,
      serverErrors: s.serverErrors,
      timeouts: s.timeouts,
      forbidden: s.forbidden,
      notFound: s.notFound,
      maxAttemptsPerPrompt: maxAttempts,
      attemptBound: ATTEMPT_BOUND,
      earlyRetries,
      digestNamesUnreachable: named,
      heapGrowthMb: Math.round(heapGrowthMb * 10) / 10,
    };
  } finally {
    await bot.close();
    await connector.stop();
    await azurite.stop();
  }
}
