// Shard leases (jobs/leases.ts): one holder at a time, kept while it renews, taken over when its
// holder stops renewing (not before), fenced locally a margin before anyone else may take it, and
// given back at the end. Then the tickers themselves: two instances with SCHEDULER=on tick
// together, and one of them does the due work.
import assert from 'node:assert/strict';
import pino from 'pino';
import { LeaseKeeper, leaseMargin } from '../../src/jobs/leases';
import { LeaseLostError } from '../../src/delivery/fence';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { seedBenefit, seedPlan } from '../support/seed';

const TTL = 60_000;

describe('shard leases: one holder at a time', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('keeps a lease while it is renewed, lets another take it only after it expired, and fences the old holder first', async () => {
    let t = Date.parse('2026-12-07T08:00:00.000Z');
    const keeper = (holder: string) => new LeaseKeeper({ storage: h.services.storage, log: pino({ level: 'silent' }), holder, ttlMs: TTL, now: () => t });
    const a = keeper('a');
    const b = keeper('b');
    assert.deepEqual((await a.takeFree()).taken, ['s00'], 'the first to ask holds it');
    assert.deepEqual((await b.takeFree()).taken, [], 'the other does not');
    const fence = a.startRun();
    fence.check(TENANT_ID);
    // A renews every 15 s for five minutes (a long run): B never gets it.
    for (let i = 0; i < 20; i++) {
      t += 15_000;
      await a.renew();
      assert.deepEqual((await b.takeFree()).taken, [], `minute ${(i + 1) / 4}: a live holder keeps it`);
    }
    // A stops renewing (it died, or storage is out of its reach). It fences itself before the lease expires…
    t += TTL - leaseMargin(TTL);
    assert.throws(() => fence.check(TENANT_ID), LeaseLostError);
    assert.deepEqual((await b.takeFree()).taken, [], '…and until it has expired, nobody else may start');
    t += leaseMargin(TTL);
    assert.deepEqual((await b.takeFree()).taken, ['s00'], 'then B takes it over');
    assert.deepEqual(b.activeShards(), [0], 'an expired lease is B’s to use at once');
    // A comes back: it no longer holds it, and learns so.
    assert.deepEqual((await a.takeFree()).taken, []);
    assert.deepEqual(a.heldNames(), []);
    // B gives it back: free at once.
    await b.release();
    assert.deepEqual((await a.takeFree()).taken, ['s00']);
    fence.end();
    await a.release();
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

  it('run the due work on one instance, and the other takes over when it stops', async () => {
    const plan = await seedPlan(a, {});
    a.clock.set(new Date('2026-12-01T10:00:00.000Z'));
    await seedBenefit(a, plan, 1);
    a.clock.set(new Date('2026-12-07T08:00:00.000Z'));
    await Promise.all([a.runtime.ticker!.tick(), b.runtime.ticker!.tick()]);
    const holders = [a, b].map((x) => x.runtime.ticker!.leases.heldNames().length);
    assert.deepEqual(holders.sort(), [0, 1], 'one instance holds the shard');
    assert.equal(a.connector.cardsTo(`a:fake-${people.kari.id}`).length, 1, 'the prompt went out once');
    // The holder stops (gives its lease back); the other's next tick takes it.
    const [holder, other] = a.runtime.ticker!.leases.heldNames().length === 1 ? [a, b] : [b, a];
    await holder.runtime.ticker!.stop();
    await other.runtime.ticker!.tick();
    assert.deepEqual(other.runtime.ticker!.leases.heldNames(), ['s00']);
  });
});
