// Reliability scenario 9: storage cut at each step (claim, just after the claim, send, settle) of a
// prompt, a reminder, a digest and a missed-target notice: each is delivered exactly once after
// storage returns, recorded as sent, and nothing of it is left due.
import assert from 'node:assert/strict';
import { runCutStepsScenario } from '../support/scenarios/cutSteps';

describe('reliability: storage cut at each step of a delivery', () => {
  it('delivers every prompt, reminder, digest and notice once, whichever step storage went away at', async function () {
    this.timeout(240_000);
    const cases = await runCutStepsScenario({ outageMs: 1_000 });
    console.log(`      figures: ${JSON.stringify(cases.map((c) => ({ kind: c.kind, step: c.step, cutAt: c.cutAt, delivered: c.delivered, runs: c.runs })))}`);
    assert.equal(cases.length, 16);
  });
});
