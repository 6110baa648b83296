// Reliability scenario 4: two instances on one storage account run the schedule at the same
// instants for five simulated weeks: every prompt, reminder, digest and notice exactly once.
import assert from 'node:assert/strict';
import cron from 'node-cron';
import sinon from 'sinon';
import { runTwoInstancesScenario } from '../support/scenarios/twoInstances';
import { startTicker } from '../../src/jobs/ticker';
import { startHarness } from '../support/harness';

describe('reliability: two instances against one storage', () => {
  it('sends every prompt, digest and notice exactly once over five weeks', async function () {
    this.timeout(120_000);
    const f = await runTwoInstancesScenario({ benefits: 12, from: '2026-12-02T06:00:00.000Z', to: '2027-01-08T16:00:00.000Z' });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.duplicateDeliveries, 0);
    assert.ok(f.digests >= 5);
  });
});

describe('reliability: one ticker per deployment', () => {
  it('hands node-cron the ticker lease as a distributed run coordinator (else every instance ticks)', async () => {
    const h = await startHarness();
    const spy = sinon.spy(cron, 'schedule');
    try {
      const ticker = startTicker(h.services);
      await ticker.stop();
      const options = spy.firstCall.args[2] as { distributed?: boolean; runCoordinator?: { shouldRun: () => Promise<boolean> } };
      assert.equal(options.distributed, true, 'node-cron only consults runCoordinator for distributed tasks');
      assert.equal(await options.runCoordinator!.shouldRun(), true, 'the coordinator is the lease: the first instance to ask holds it');
    } finally {
      spy.restore();
      await h.close();
    }
  });
});
