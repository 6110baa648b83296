// Shard leases (jobs/leases.ts): one holder per shard, kept while it renews, taken over when its
// holder stops renewing (not before), fenced locally a margin before anyone else may take it, and
// given back at the end; ticking instances share the shards fairly and rebalance when one comes or
// goes. Then the tickers themselves: two instances with SCHEDULER=on tick together.
import assert from 'node:assert/strict';
import pino from 'pino';
import { LeaseKeeper, leaseMargin, tickerHolder } from '../../src/jobs/leases';
import { LeaseLostError } from '../../src/delivery/fence';
import { SHARD_COUNT } from '../../src/domain/shards';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { seedBenefit, seedPlan } from '../support/seed';

const TTL = 60_000;

describe('shard leases', () => {
  let h: Harness;
  let t: number;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());
  beforeEach(async () => {
    t = Date.parse('2026-12-07T08:00:00.000Z');
    // Each test starts with every lease free.
    const table = h.services.storage.store.table('leases');
    for await (const e of table.listEntities()) await table.deleteEntity(String(e.partitionKey), String(e.rowKey));
  });
  const keeper = (holder: string) => new LeaseKeeper({ storage: h.services.storage, log: pino({ level: 'silent' }), holder, ttlMs: TTL, now: () => t });

  it('keeps a lease while it is renewed, lets another take it only after it expired, and fences the old holder first', async () => {
    const a = keeper('a/run-00000001');
    const b = keeper('b/run-00000002');
    assert.equal((await a.takeFree()).taken.length, SHARD_COUNT, 'the first to ask holds them all');
    assert.deepEqual((await b.takeFree()).taken, [], 'the other none');
    const fence = a.startRun();
    fence.check(TENANT_ID);
    // A renews every 15 s for five minutes (a long run): B never gets one.
    for (let i = 0; i < 20; i++) {
      t += 15_000;
      await a.renew();
      assert.deepEqual((await b.takeFree()).taken, [], `minute ${(i + 1) / 4}: a live holder keeps them`);
    }
    // A stops renewing (it died, or storage is out of its reach). It fences itself before its leases expire…
    t += TTL - leaseMargin(TTL);
    assert.throws(() => fence.check(TENANT_ID), LeaseLostError);
    assert.deepEqual((await b.takeFree()).taken, [], '…and until they have expired, nobody else may start');
    t += leaseMargin(TTL);
    assert.equal((await b.takeFree()).taken.length, SHARD_COUNT, 'then B takes them over');
    assert.equal(b.activeShards().length, SHARD_COUNT, 'expired leases are B’s to use at once');
    // A comes back: it no longer holds them, and learns so.
    assert.deepEqual((await a.takeFree()).taken, []);
    assert.deepEqual(a.heldNames(), []);
    // B gives them back: free at once.
    await b.release();
    assert.equal((await a.takeFree()).taken.length, SHARD_COUNT);
    fence.end();
    await a.release();
  });

  it('shares the shards fairly between ticking instances, and rebalances when one comes and one dies', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((id) => keeper(tickerHolder(id)));
    const counts = () => [a, b, c].map((k) => k.heldNames().length);
    assert.equal((await a.balance()).gained.length, SHARD_COUNT, 'alone: every shard');
    // B comes: it takes half from A, to start when A's time on them is up.
    assert.equal((await b.balance()).gained.length, SHARD_COUNT / 2);
    assert.equal(b.activeShards().length, 0, 'not before A’s leases on them have expired');
    t += 15_000;
    await a.balance(); // A learns at its next renewal
    assert.deepEqual(counts(), [16, 16, 0]);
    for (let i = 0; i < 4; i++) {
      t += 15_000;
      await b.balance();
      await a.balance();
    }
    assert.deepEqual([a.activeShards().length, b.activeShards().length], [16, 16]);
    // The split is stable: another round moves nothing.
    await a.balance();
    await b.balance();
    assert.deepEqual(counts(), [16, 16, 0]);
    // C comes: ⌈32 / 3⌉ = 11 each at most.
    await c.balance();
    t += 15_000;
    await a.balance();
    await b.balance();
    assert.deepEqual([...counts()].sort(), [10, 11, 11]);
    // C dies (stops renewing); after its leases expire, A and B take them back at once.
    for (let i = 0; i < 5; i++) {
      t += 15_000;
      await a.balance();
      await b.balance();
    }
    const [na, nb] = counts();
    assert.equal(na + nb, SHARD_COUNT, 'every shard has a holder again');
    assert.deepEqual([na, nb].sort(), [16, 16]);
    assert.equal(a.activeShards().length + b.activeShards().length, SHARD_COUNT, 'and works on it at once');
  });
});

describe('tickers: two instances with SCHEDULER=on', () => {
  let a: Harness;
  let b: Harness;
  before(async () => {
    a = await startHarness({ env: { SCHEDULER: 'on' }, now: '2026-12-07T08:00:00.000Z' });
    b = await startHarness({ env: { SCHEDULER: 'on' }, now: '2026-12-07T08:00:00.000Z', tablePrefix: a.tablePrefix, connector: a.connector });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('send the due work once between them, and the other takes over what the one that stops held', async () => {
    const plan = await seedPlan(a, {});
    a.clock.set(new Date('2026-12-01T10:00:00.000Z'));
    await seedBenefit(a, plan, 1);
    a.clock.set(new Date('2026-12-07T08:00:00.000Z'));
    await Promise.all([a.runtime.ticker!.tick(), b.runtime.ticker!.tick()]);
    await Promise.all([a.runtime.ticker!.tick(), b.runtime.ticker!.tick()]);
    assert.equal(a.connector.cardsTo(`a:fake-${people.kari.id}`).length, 1, 'the prompt went out once');
    const held = [a, b].map((x) => x.runtime.ticker!.leases.heldNames().length);
    assert.equal(held[0] + held[1] >= SHARD_COUNT, true, 'every shard has a holder');
    // One stops (gives its leases back); the other's next tick takes them.
    await a.runtime.ticker!.stop();
    await b.runtime.ticker!.tick();
    assert.equal(b.runtime.ticker!.leases.heldNames().length, SHARD_COUNT);
  });
});
