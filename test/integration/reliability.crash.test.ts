// Reliability scenario 1: `gevinstbot run-due` SIGKILLed in the middle of 500 prompts, then run
// again once the dead run's lease has expired: no prompt lost, duplicates only for the sends in
// flight at the kill, and a duplicated card's two answers make one measurement.
import assert from 'node:assert/strict';
import { runCrashScenario, SEND_CONCURRENCY } from '../support/scenarios/crash';

describe('reliability: crash in the middle of sending', () => {
  it('loses no prompt when run-due is killed after ~200 of 500 sends: a run beside the dead run’s lease leaves it alone, a run after it expired takes the claims over', async function () {
    this.timeout(90_000);
    const f = await runCrashScenario({ count: 500, killAfter: 200, latencyMs: 5 });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.lost, 0);
    assert.ok(f.deliveredAtKill >= 200 && f.deliveredAtKill < 500);
    assert.ok(f.duplicates <= f.inFlightAtKill && f.inFlightAtKill <= SEND_CONCURRENCY);
  });
});
