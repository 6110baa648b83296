// Reliability scenario 2: Table Storage is unreachable for a few seconds while owners answer and a
// run-due is sending. The process stays up, /healthz tells the truth, no answer is silently lost,
// and the due work completes once after recovery. (`npm run soak` runs the 30-second outage.)
import assert from 'node:assert/strict';
import { runStorageOutageScenario } from '../support/scenarios/storageOutage';

describe('reliability: storage outage', () => {
  it('stays up, says 503 then 200 on /healthz, stores or refuses every answer, and finishes the due work once', async function () {
    this.timeout(90_000);
    const lines: string[] = [];
    try {
      const f = await runStorageOutageScenario({ outageMs: 6_000, owners: 10, log: (l) => lines.push(l) });
      console.log(`      figures: ${JSON.stringify(f)}`);
      assert.equal(f.unhandled, 0);
      assert.equal(f.duplicatePrompts, 0);
      assert.ok(f.toldNotSaved > 0, 'some answers fell into the outage');
    } catch (e) {
      console.log(lines.join('\n'));
      throw e;
    }
  });
});
