// Retries of one call to Teams: exponential backoff with full jitter, never sooner than the
// server's Retry-After, capped; and which failures are worth another attempt.
import assert from 'node:assert/strict';
import { backoffMs, DEFAULT_RETRY, isFinalFailure, withRetry, type AttemptResult } from '../../../src/delivery/retry';

describe('delivery: backoffMs', () => {
  const policy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };
  it('doubles per attempt, jittered between half and the whole step', () => {
    assert.equal(backoffMs(0, policy, undefined, () => 0), 250);
    assert.equal(backoffMs(0, policy, undefined, () => 1), 500);
    assert.equal(backoffMs(3, policy, undefined, () => 0), 2000);
    assert.equal(backoffMs(3, policy, undefined, () => 1), 4000);
  });
  it('never exceeds the cap, however many attempts', () => {
    for (let a = 0; a < 40; a++) assert.ok(backoffMs(a, policy, undefined, () => 1) <= 15_000);
    assert.equal(backoffMs(30, policy, undefined, () => 0), 7500);
  });
  it('waits at least what Retry-After says, even beyond the cap', () => {
    assert.equal(backoffMs(0, policy, 3000, () => 0), 3000);
    assert.equal(backoffMs(10, policy, 60_000, () => 1), 60_000);
    assert.equal(backoffMs(5, policy, 10, () => 0.5), 0.75 * 15_000);
  });
});

describe('delivery: withRetry', () => {
  const noWait = async () => undefined;
  const sequence = (results: AttemptResult[]) => {
    let i = 0;
    const calls = { n: 0 };
    return { calls, attempt: async () => (calls.n++, results[Math.min(i++, results.length - 1)]) };
  };

  it('tries 5xx and 429 again until one succeeds', async () => {
    const { calls, attempt } = sequence([{ ok: false, status: 503 }, { ok: false, status: 429 }, { ok: true }]);
    assert.deepEqual(await withRetry(attempt, DEFAULT_RETRY, noWait), { ok: true });
    assert.equal(calls.n, 3);
  });
  it('gives up after the policy’s attempts and returns the last failure', async () => {
    const { calls, attempt } = sequence([{ ok: false, status: 500 }]);
    assert.deepEqual(await withRetry(attempt, { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 }, noWait), { ok: false, status: 500 });
    assert.equal(calls.n, 4);
  });
  it('stops at once for unreachable (403/404) and other 4xx, but not 408', async () => {
    for (const r of [{ ok: false, unreachable: true, status: 403 }, { ok: false, status: 400 }, { ok: false, status: 401 }]) {
      const { calls, attempt } = sequence([r, { ok: true }]);
      assert.deepEqual(await withRetry(attempt, DEFAULT_RETRY, noWait), r);
      assert.equal(calls.n, 1);
    }
    const { calls, attempt } = sequence([{ ok: false, status: 408 }, { ok: true }]);
    assert.deepEqual(await withRetry(attempt, DEFAULT_RETRY, noWait), { ok: true });
    assert.equal(calls.n, 2);
  });
  it('waits the server’s Retry-After between attempts', async () => {
    const waits: number[] = [];
    const { attempt } = sequence([{ ok: false, status: 429, retryAfterMs: 7000 }, { ok: true }]);
    await withRetry(attempt, DEFAULT_RETRY, async (ms) => void waits.push(ms));
    assert.ok(waits[0]! >= 7000);
  });
  it('isFinalFailure: timeouts (no status) and 5xx are not final', () => {
    assert.equal(isFinalFailure({ ok: false }), false);
    assert.equal(isFinalFailure({ ok: false, status: 502 }), false);
    assert.equal(isFinalFailure({ ok: false, status: 404, unreachable: true }), true);
  });
});
