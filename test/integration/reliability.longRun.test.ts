// Reliability scenario 8 (short): a slow run-due still sending when another run-due starts beside
// it (by hand, six minutes later by its clock, and from a scheduler every few seconds): they leave
// it alone and exit 0; killed, the run's claims are taken over by the next run once its lease has
// expired. 0 lost, duplicates only among the sends in flight at the kill.
import assert from 'node:assert/strict';
import { runLongRunScenario } from '../support/scenarios/longRun';

describe('reliability: a long run with others beside it', () => {
  it('sends 30 slow prompts once although run-due is started beside the live run, and takes over after a kill', async function () {
    this.timeout(180_000);
    const f = await runLongRunScenario({ count: 30, rps: 3, killAfter: 18, cronEveryMs: 3_000, ticker: false, leaseTtlSeconds: 6 });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.lost, 0);
    assert.ok(f.besideRuns.leftAlone >= 1, 'at least one scheduled run-due found the live run');
  });
});
