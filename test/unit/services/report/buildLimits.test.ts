// The bounds on building report files: builds per tenant and minute (a token bucket on the
// injected clock), and builds at once with a bounded line behind them.
import assert from 'node:assert/strict';
import { BuildSlots } from '../../../../src/services/report/buildSlots';
import { TenantBuildRate } from '../../../../src/services/report/buildRate';

describe('report builds per tenant and minute', () => {
  it('allows a minute’s builds at once, then one per 60/limit seconds, and says when', () => {
    const clock = { now: 0 };
    const rate = new TenantBuildRate(6, () => clock.now);
    for (let i = 0; i < 6; i++) assert.deepEqual(rate.take('t1'), { ok: true }, `build ${i + 1}`);
    assert.deepEqual(rate.take('t1'), { ok: false, retryAfterSeconds: 10 });
    clock.now = 4_000;
    assert.deepEqual(rate.take('t1'), { ok: false, retryAfterSeconds: 6 });
    clock.now = 10_000;
    assert.deepEqual(rate.take('t1'), { ok: true });
    assert.equal(rate.take('t1').ok, false);
    clock.now = 10_000 + 60_000;
    for (let i = 0; i < 6; i++) assert.equal(rate.take('t1').ok, true, 'refilled after a minute, never beyond the limit');
    assert.equal(rate.take('t1').ok, false);
  });

  it('counts each tenant on its own', () => {
    const rate = new TenantBuildRate(1, () => 0);
    assert.equal(rate.take('t1').ok, true);
    assert.equal(rate.take('t1').ok, false);
    assert.equal(rate.take('t2').ok, true);
  });

  it('gives nothing back when the clock goes back, and refills from there on', () => {
    const clock = { now: 3_600_000 };
    const rate = new TenantBuildRate(2, () => clock.now);
    rate.take('t');
    rate.take('t');
    clock.now = 0; // corrected an hour back
    assert.deepEqual(rate.take('t'), { ok: false, retryAfterSeconds: 30 });
    clock.now = 30_000;
    assert.equal(rate.take('t').ok, true, 'not locked out for the hour the clock jumped');
  });
});

describe('report builds at once', () => {
  it('runs two at once, lines up the next, and refuses beyond the line without running anything', async () => {
    const slots = new BuildSlots(2, 1);
    const releases: Array<() => void> = [];
    const started: number[] = [];
    const job = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        releases.push(() => resolve(n));
      });
    const a = slots.run(job(1));
    const b = slots.run(job(2));
    const c = slots.run(job(3));
    assert.ok(a && b && c);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [1, 2], 'the third waits');
    assert.deepEqual(slots.load, { running: 2, waiting: 1 });
    assert.equal(slots.full, true);
    assert.equal(slots.run(job(4)), undefined, 'no place in line: refused, not queued');
    releases[0]();
    assert.equal(await a, 1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [1, 2, 3], 'the slot went to the one in line');
    assert.deepEqual(slots.load, { running: 2, waiting: 0 });
    releases[1]();
    releases[2]();
    assert.deepEqual(await Promise.all([b, c]), [2, 3]);
    assert.deepEqual(slots.load, { running: 0, waiting: 0 });
  });

  it('frees the slot of a build that failed', async () => {
    const slots = new BuildSlots(1, 0);
    await assert.rejects(slots.run(() => Promise.reject(new Error('boom')))!, /boom/);
    assert.equal(await slots.run(async () => 'next'), 'next');
  });
});
