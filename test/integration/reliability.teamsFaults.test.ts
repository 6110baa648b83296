// Reliability scenario 3: Teams answers 429 (with and without Retry-After), 5xx, hangs, 403 and 404.
// Every prompt Teams accepts arrives once, refused owners are flagged and named to the admins in
// the digest, and retries are bounded per prompt.
import assert from 'node:assert/strict';
import { runTeamsFaultsScenario } from '../support/scenarios/teamsFaults';

describe('reliability: Teams faults', () => {
  it('delivers every deliverable prompt once, flags the unreachable, never spins', async function () {
    this.timeout(90_000);
    const f = await runTeamsFaultsScenario({
      owners: 40,
      blocked403: 3,
      blocked404: 2,
      p429: 0.08,
      retryAfterSeconds: 1,
      p5xx: 0.1,
      p403: 0.01,
      p404: 0.01,
      throttledWithoutRetryAfter: 4,
      timeouts: 3,
      timeoutMs: 1_000,
      seed: 20261207,
    });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.delivered + f.unreachable, 40);
    assert.ok(f.unreachable >= 5);
    assert.ok(f.throttled > 0 && f.serverErrors > 0 && f.timeouts > 0, 'every kind of fault was injected');
    assert.ok(f.maxAttemptsPerPrompt <= f.attemptBound);
  });
});
