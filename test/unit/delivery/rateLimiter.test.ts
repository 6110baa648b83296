// The per-tenant send rate: slots spaced evenly just under the cap, never more than floor(rps) in
// any window, a 429's Retry-After holding back every sender of that tenant (and no other), waiters
// served in arrival order, and no burst to catch up after a quiet spell. Run on virtual time.
import assert from 'node:assert/strict';
import { COLD_START_MS, GRID_MARGIN, parseRetryAfter, SendPool, TenantRateLimiter, type Sleeper } from '../../../src/delivery/rateLimiter';

/** A clock that moves only when every sleeper is waiting: timers fire in time order, exactly. */
class VirtualTime implements Sleeper {
  private t = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }
  /** Runs until nothing is pending or `until` (virtual ms) is reached. */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) return;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
    }
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const settle = () => new Promise<void>((r) => setImmediate(r));

async function grantTimes(limiter: TenantRateLimiter, time: VirtualTime, tenant: string, n: number): Promise<number[]> {
  const times: number[] = [];
  const all = Array.from({ length: n }, () => limiter.acquire(tenant).then(() => times.push(time.now())));
  await time.run();
  await Promise.all(all);
  return times;
}

describe('delivery: TenantRateLimiter', () => {
  it('spaces 90 grants at 30/s evenly, 2 % wider than 1000/rps, never 31 in any second', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(30, time);
    const times = await grantTimes(limiter, time, 't1', 90);
    assert.equal(times.length, 90);
    const spacing = (1000 / 30) * (1 + GRID_MARGIN);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    assert.ok(gaps.every((g) => g >= spacing - 1e-6), `a gap below the spacing: ${Math.min(...gaps)}`);
    // Only the 31st waits longer: the cold first grant counts COLD_START_MS late in its window.
    assert.equal(gaps.filter((g) => g > spacing + 1e-6).length, 1);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 1000).length;
      assert.ok(inWindow <= 30, `${inWindow} grants in the second from ${times[i]}`);
    }
    // The whole run takes what the cap allows, give or take the margins: 89 gaps of ~34 ms.
    assert.ok(times[89] - times[0] <= 89 * spacing + COLD_START_MS + 20 && times[89] - times[0] > 2900);
  });

  it('a fractional cap (2.5/s) still grants at most 2 in any window of a second', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(2.5, time);
    const times = await grantTimes(limiter, time, 't1', 12);
    for (let i = 0; i < times.length; i++) assert.ok(times.filter((t) => t >= times[i] && t < times[i] + 1000).length <= 2);
  });

  it('a pause after a 429 holds every waiter of that tenant until Retry-After, and no other tenant', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(10, time);
    const a: number[] = [];
    const b: number[] = [];
    await limiter.acquire('a');
    limiter.pause('a', 5_000);
    // A shorter pause given meanwhile never shortens a longer one.
    limiter.pause('a', 100);
    assert.equal(limiter.pausedUntil('a'), 5_000);
    const waits = [
      ...Array.from({ length: 3 }, () => limiter.acquire('a').then(() => a.push(time.now()))),
      ...Array.from({ length: 3 }, () => limiter.acquire('b').then(() => b.push(time.now()))),
    ];
    await time.run();
    await Promise.all(waits);
    assert.ok(a.every((t) => t >= 5_000), `tenant a went early: ${a}`);
    assert.ok(b.every((t) => t < 1_000), `tenant b was held back: ${b}`);
  });

  it('serves waiters in the order they arrived', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(5, time);
    const order: number[] = [];
    const waits = Array.from({ length: 8 }, (_, i) => limiter.acquire('t').then(() => order.push(i)));
    await time.run();
    await Promise.all(waits);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('after a quiet spell starts a new grid from now: no burst to catch up', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(10, time);
    await grantTimes(limiter, time, 't', 3);
    time.advance(10_000);
    const later = await grantTimes(limiter, time, 't', 5);
    const spacing = 100 * (1 + GRID_MARGIN);
    assert.equal(later[0], time.now() - 4 * spacing);
    for (let i = 1; i < later.length; i++) assert.ok(later[i] - later[i - 1] >= spacing - 1e-6, `gap ${later[i] - later[i - 1]}`);
  });

  it('counts the first call after a quiet second as late (cold start) in its window', async () => {
    const time = new VirtualTime();
    const limiter = new TenantRateLimiter(2, time);
    const times = await grantTimes(limiter, time, 't', 4);
    // The cold first grant is counted COLD_START_MS late, so the third waits a window from then.
    assert.ok(times[2] >= 1000 * (1 + 0.01) + COLD_START_MS - 1e-6, `third grant at ${times[2]}`);
  });

  it('counts a grant later when its timer fired late (a busy process), so the calls after it leave room', async () => {
    // One sleep, the 50th, ends 25 ms late, as when a busy host runs the timer late.
    class StallTime extends VirtualTime {
      sleeps = 0;
      override sleep(ms: number): Promise<void> {
        return super.sleep(ms + (++this.sleeps === 50 ? 25 : 0));
      }
    }
    const windows = async (time: VirtualTime) => {
      const times = await grantTimes(new TenantRateLimiter(30, time), time, 't', 100);
      return times.slice(40, 70).map((t, k) => times[40 + k + 30] - t);
    };
    const onTime = await windows(new VirtualTime());
    const stalled = await windows(new StallTime());
    const slots = 30 * (1000 / 30) * (1 + GRID_MARGIN);
    assert.ok(onTime.every((w) => Math.abs(w - slots) < 1e-6), `on time, every 30 grants take the grid's ${slots} ms: ${onTime}`);
    // The late grant may have been held back on its way out for as long: the 30 grants from it take
    // longer than the grid's, for a while, by no more than the lateness twice over.
    assert.ok(Math.max(...stalled) >= slots + 15, `after a 25 ms late timer, 30 grants take at most ${Math.max(...stalled)} ms`);
    assert.ok(Math.max(...stalled) <= slots + 2 * 25 + 1, `no more than the lateness is added: ${Math.max(...stalled)} ms`);
    assert.ok(stalled.every((w) => w >= 1000 * (1 + 0.01) - 1e-6), 'never more than 30 in a window');
  });

  it('refuses a cap that is not positive', () => {
    assert.throws(() => new TenantRateLimiter(0), /positive/);
    assert.throws(() => new TenantRateLimiter(-3), /positive/);
  });
});

describe('delivery: SendPool', () => {
  it('runs at most `size` at once and starts the first ones one ramp step apart', async () => {
    const time = new VirtualTime();
    const pool = new SendPool(3, 50, time);
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    const jobs = Array.from({ length: 7 }, () =>
      pool.run(async () => {
        starts.push(time.now());
        active++;
        peak = Math.max(peak, active);
        await time.sleep(200);
        active--;
      }),
    );
    await time.run();
    await Promise.all(jobs);
    assert.equal(peak, 3);
    assert.deepEqual(starts.slice(0, 3), [0, 50, 100]);
    assert.equal(starts.length, 7);
  });
});

describe('delivery: parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it('reads seconds, also with decimals, and caps them at an hour', () => {
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('86400', now), 3_600_000);
  });
  it('reads an HTTP date as the time left until it (never negative, capped at an hour)', () => {
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('Wed, 02 Dec 2026 10:00:00 GMT', now), 3_600_000);
  });
  it('gives no hint for absent, negative or unreadable values', () => {
    for (const h of [undefined, null, '', '-1', '-0.5', 'soon', 'NaN']) assert.equal(parseRetryAfter(h, now), undefined, String(h));
  });
});
