// Many municipalities served by one bot: each tenant sends at its own Teams limit, and one
// tenant held back — Teams answering it slowly, or refusing it with 429 + Retry-After — does not
// slow the sends of another tenant due at the same minute.
import assert from 'node:assert/strict';
import type { Plan } from '../../src/domain/types';
import { BOT, asMember, numberedPerson, personalConversationId, type Person } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, seedBenefit, seedPlan } from '../support/seed';

const SLOW = '00000000-0000-0000-0000-00000000000a';
const OTHER = '00000000-0000-0000-0000-00000000000b';
const CAP = 30; // TEAMS_MAX_RPS, as in production
const PER_TENANT = 12;
/** More than a tenant's sends in flight at once (64): shared slots or sockets would show. */
const HELD_BACK = 70;
const DUE = '2026-11-30T08:00:00.000Z'; // Monday 09:00 Oslo: the seeded benefits' first prompt

/** A plan of `tenantId` with a benefit due at DUE for each owner, every owner with a chat (8 at a time). */
async function seedOwners(h: Harness, tenantId: string, planId: string, list: Person[]): Promise<void> {
  const plan: Plan = await seedPlan(h, { tenantId, id: planId });
  let next = 0;
  const seedOne = async (): Promise<void> => {
    for (let i = next++; i < list.length; i = next++) {
      const owner = list[i];
      h.connector.addMember('*', asMember(owner, tenantId));
      await h.services.storage.conversations.savePersonal(
        owner.id,
        { serviceUrl: h.serviceUrl, conversationId: personalConversationId(owner), conversationType: 'personal', tenantId, botId: BOT.id, botName: BOT.name, userId: owner.id, userName: owner.name },
        h.clock.now().toISOString(),
      );
      await seedBenefit(h, plan, i + 1, { owner: asPerson(owner) });
    }
  };
  await Promise.all(Array.from({ length: 8 }, seedOne));
}

describe('many tenants at once: one held back does not slow another', function () {
  this.timeout(60_000);
  let h: Harness;
  const owners = (tenant: number, n: number): Person[] => Array.from({ length: n }, (_, i) => numberedPerson(tenant * 1000 + i + 1));

  beforeEach(async () => {
    h = await startHarness({ env: { TEAMS_MAX_RPS: String(CAP) }, members: [] });
  });
  afterEach(async () => h.close());

  /** A plan in each tenant, every owner with a chat and a benefit due at DUE. */
  async function seedTenants(): Promise<void> {
    for (const [k, tenantId] of [SLOW, OTHER].entries()) {
      await seedOwners(h, tenantId, `plan-${k + 1}`, owners(k + 1, tenantId === SLOW ? HELD_BACK : PER_TENANT));
    }
  }

  /** Arrival times (ms after `t0`) of the accepted sends of a tenant. */
  const arrivals = (tenantId: string, t0: number) =>
    h.connector.requests.filter((r) => r.tenantId === tenantId && (r.kind === 'send' || r.kind === 'reply') && r.status >= 200 && r.status < 300).map((r) => r.at - t0);

  async function runAndMeasure() {
    const t0 = Date.now();
    const summary = await h.runDue(DUE);
    return { summary, slow: arrivals(SLOW, t0), other: arrivals(OTHER, t0), tookMs: Date.now() - t0 };
  }

  /** The other tenant sent all its prompts at its own cap, from the start of the run. */
  function assertOtherUnhindered(other: number[], heldBackMs: number): void {
    assert.equal(other.length, PER_TENANT, 'every prompt of the other tenant was delivered');
    const expectedMs = ((PER_TENANT - 1) * 1000) / CAP; // its own limit: CAP a second
    const last = Math.max(...other);
    assert.ok(last < expectedMs + 1500, `the other tenant's last prompt arrived ${last} ms into the run (its own pace: ${expectedMs} ms; the held-back tenant waits ${heldBackMs} ms a call)`);
    assert.ok(last < heldBackMs, `the other tenant finished (${last} ms) before the held-back tenant's first answer could have come (${heldBackMs} ms)`);
  }

  it('a tenant whose calls Teams answers slowly', async () => {
    await seedTenants();
    const latency = 4_000;
    h.connector.setLatency(latency, SLOW);
    const { summary, slow, other } = await runAndMeasure();
    assertOtherUnhindered(other, latency);
    assert.equal(slow.length, HELD_BACK, 'the slow tenant is prompted too');
    assert.equal(summary.prompts, HELD_BACK + PER_TENANT);
  });

  it('a tenant that Teams refuses with 429 and Retry-After', async () => {
    await seedTenants();
    // Its first calls are refused: each 429 pauses the whole tenant for its Retry-After.
    const retryAfterS = 3;
    h.connector.failNext(2, { status: 429, retryAfter: retryAfterS }, { tenantId: SLOW });
    const { summary, slow, other } = await runAndMeasure();
    assertOtherUnhindered(other, retryAfterS * 1000);
    assert.equal(slow.length, HELD_BACK, 'the refused tenant is prompted once Retry-After has passed');
    assert.ok(Math.min(...slow) >= retryAfterS * 1000 - 50, `no accepted call of the refused tenant before its Retry-After (${Math.min(...slow)} ms)`);
    assert.equal(h.connector.earlyRetries(), 0, 'nobody retried before Retry-After');
    assert.equal(summary.prompts, HELD_BACK + PER_TENANT);
  });
});

describe('many tenants at once: due work larger than a page', function () {
  this.timeout(60_000);
  // Due rows are read in key order, a shard (and so a tenant) after another: A's shard (11) comes
  // before B's (30), so A fills the first pages and B's prompts are on the last one.
  const A = '00000000-0000-0000-0000-00000000001a';
  const B = '00000000-0000-0000-0000-00000000001b';
  const RATE = 3; // TEAMS_MAX_RPS
  const PAGE = 3;
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { TEAMS_MAX_RPS: String(RATE) }, members: [] });
  });
  after(async () => h.close());

  it('the tenant on the next page starts at once, and a tenant spread over pages keeps its cap', async () => {
    for (const [k, tenantId, n] of [[1, A, 9], [2, B, 3]] as const) {
      await seedOwners(h, tenantId, `side-${k}`, Array.from({ length: n }, (_, i) => numberedPerson(5000 + k * 100 + i)));
    }
    h.connector.setLatency(200);
    const t0 = Date.now();
    const summary = await h.runDue(DUE, { pageSize: PAGE });
    const at = (tenantId: string) =>
      h.connector.requests.filter((r) => r.tenantId === tenantId && (r.kind === 'send' || r.kind === 'reply') && r.status < 300).map((r) => r.at - t0).sort((x, y) => x - y);
    const a = at(A);
    const b = at(B);
    console.log(`      figures: ${JSON.stringify({ a, b })}`);
    assert.equal(summary.prompts, 12);
    assert.deepEqual([a.length, b.length], [9, 3]);
    // A alone needs (9 − 1) / 3 s at its cap; pages one after another would hold B until then.
    assert.ok(b[0]! < 1_500, `B's first prompt arrived ${b[0]} ms into the run, not after A's pages (A's last at ${a[8]} ms)`);
    const most = Math.max(...a.map((t) => a.filter((u) => u >= t && u < t + 1_000).length));
    assert.ok(most <= RATE + 1, `A, spread over three pages worked at once, sent at most ${most} prompts in one second (cap ${RATE})`);
  });
});
