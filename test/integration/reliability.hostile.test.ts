// Reliability scenario 5: 10 000 generated hostile requests at /api/messages (malformed JSON,
// wrong types, missing fields, unknown activity types, invokes with wrong shapes, forged prompt
// ids, OData-looking strings), oversized and deeply nested bodies: no crash, no 5xx without
// cause, 413 over 256 kB, and nothing invalid stored.
import assert from 'node:assert/strict';
import { runHostileScenario } from '../support/scenarios/hostile';

describe('reliability: hostile input at /api/messages', () => {
  it('survives 10 000 generated cases and stores nothing invalid', async function () {
    this.timeout(120_000);
    const lines: string[] = [];
    const f = await runHostileScenario({ cases: 10_000, seed: 424242, log: (l) => lines.push(l) });
    console.log(`      figures: ${JSON.stringify(f)}`);
    assert.equal(f.oversized.got413, f.oversized.sent);
  });
});
