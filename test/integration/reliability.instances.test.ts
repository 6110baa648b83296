// Reliability scenario 4: two instances on one storage account run the schedule at the same
// instants for five simulated weeks: every prompt, reminder, digest and notice exactly once. (Which
// instance does the work at each instant is decided by the shard leases; the tickers that hold
// them are tested in ticker.test.ts.)
import assert from 'node:assert/strict';
import { runTwoInstancesScenario } from '../support/scenarios/twoInstances';

describe('reliability: two instances against one storage', () => {
  it('sends every prompt, digest and notice exactly once over five weeks', async function () {
    this.timeout(120_000);
    const f = await runTwoInstancesScenario({ benefits: 12, from: '2026-12-02T06:00:00.000Z', to: '2027-01-08T16:00:00.000Z' });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.duplicateDeliveries, 0);
    assert.ok(f.digests >= 5);
  });
});
