// Several instances: one at a time runs the ticker, through a lease in Table Storage. A holder
// that dies stops renewing, and another instance takes over within two minutes.
import assert from 'node:assert/strict';
import { LEASE_TTL_MS, shouldRunTick } from '../../src/jobs/ticker';
import { ManualClock } from '../../src/clock';
import type { Services } from '../../src/services/context';
import { startHarness, type Harness } from '../support/harness';

describe('ticker lease: one instance ticks at a time', () => {
  let a: Harness;
  let b: Harness;
  before(async () => {
    a = await startHarness();
    b = await startHarness({ tablePrefix: a.tablePrefix, connector: a.connector });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  const at = (h: Harness, iso: string): Services => {
    (h.services.clock as ManualClock).set(new Date(iso));
    return h.services;
  };

  it('elects one instance per tick, keeps it while it renews, and hands over within two minutes when it dies', async () => {
    // Minute ticks on both instances.
    assert.equal(await shouldRunTick(at(a, '2026-12-07T08:00:00.000Z')), true, 'first to ask holds it');
    assert.equal(await shouldRunTick(at(b, '2026-12-07T08:00:00.100Z')), false, 'the other does not tick');
    assert.equal(await shouldRunTick(at(a, '2026-12-07T08:01:00.000Z')), true, 'the holder renews at its next tick');
    assert.equal(await shouldRunTick(at(b, '2026-12-07T08:01:00.100Z')), false);
    // A dies right after renewing at 08:01. B's ticks at 08:02 fail; at 08:03 (two minutes later) B takes over.
    assert.equal(await shouldRunTick(at(b, '2026-12-07T08:02:00.100Z')), false, 'a live lease is not stolen');
    assert.ok(LEASE_TTL_MS > 60_000, 'longer than a tick, so a live holder keeps it');
    assert.equal(await shouldRunTick(at(b, '2026-12-07T08:03:00.100Z')), true, 'taken over within two minutes');
    // If A comes back, it does not tick while B holds the lease.
    assert.equal(await shouldRunTick(at(a, '2026-12-07T08:03:30.000Z')), false);
  });
});
