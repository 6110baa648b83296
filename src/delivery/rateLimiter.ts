// One send rate per tenant (ARCHITECTURE rule 4). Every HTTP attempt to Teams for a tenant,
// including botbuilder's own retries, takes a slot here; a 429 pauses the whole tenant until its
// Retry-After has passed, so no sender of that tenant goes before it.
//
// Slots are spaced evenly (1000/rps ms apart) rather than handed out in bursts: Teams counts in
// short sliding windows, and an even stream at the cap is the fastest rate that never trips it.
//
// Measured in bench/sendRate.ts (1 000 prompts, 200 ms per call, a connector that
// refuses more than 30 calls in any second), three refinements keep that stream at the cap
// without tripping it:
//  · The slots form a grid that a late caller does not move: timers fire 1–2 ms after their time
//    and a busy process adds more, and moving every later slot back by that lateness had cost
//    ~6 % of the rate (28.2/s of 30/s).
//  · The grid is 2 % wider than 1000/rps: Teams counts arrivals, and a request reaches the wire a
//    few ms after its slot (more when the process is busy). 30 slots then span 1 020 ms, so that
//    jitter does not put a 31st call into anyone's one-second window.
//  · A sliding-window guard: at most floor(rps) grants in any 1 010 ms. A late slot followed by an
//    on-time one would otherwise be two calls close together at the edge of a window.
//  · A grant made while the process is busy counts later, by as much as the limiter's own timers
//    have recently fired late: a busy host holds the granted requests back for about that long
//    before they leave (or, sharing the CPU, before Teams' side reads them), and a call held back
//    lands in the same second as the calls granted after it. On this 2-core host, serving ten
//    tenants at once, the limiter never granted more than 30 calls in any second, yet the
//    connector counted 2–42 calls over its limit per run (bench/tenants.ts).
// Waiters are served in arrival order from one timer per tenant, instead of every waiter polling
// the same slot.

export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: Sleeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Slots are this much wider than 1000/rps: the achieved rate is ~98 % of the cap, never above it. */
export const GRID_MARGIN = 0.02;
/** The guard's window is this much longer than one second. */
export const WINDOW_MARGIN = 0.01;
/**
 * The first call after a second without any (or after a pause) is counted as this much later than
 * its slot: it may open a connection and run cold code, and it reached the connector 20–30 ms
 * after its slot in the benchmark, while the calls after it were on time.
 */
export const COLD_START_MS = 50;
/** At most this much is added to a grant's time for a busy process; the measure halves every second. */
export const MAX_BUSY_MS = 100;
const BUSY_HALF_LIFE_MS = 1000;

interface TenantState {
  /** The grid slot of the next grant (ms). */
  nextSlotAt: number;
  pausedUntil: number;
  lastGrantAt: number;
  /** Times of the last `windowLimit` grants; once full, `ring` points at the oldest. */
  grants: number[];
  ring: number;
  waiters: (() => void)[];
  serving: boolean;
}

export class TenantRateLimiter {
  private readonly tenants = new Map<string, TenantState>();
  private readonly spacingMs: number;
  private readonly windowLimit: number;
  private readonly windowMs: number;
  /** How late the limiter's timers fired recently (ms), and when that was measured. */
  private busy = { ms: 0, at: 0 };

  constructor(
    maxRps: number,
    private readonly time: Sleeper = realTime,
  ) {
    if (!(maxRps > 0)) throw new Error('maxRps must be positive');
    this.spacingMs = (1000 / maxRps) * (1 + GRID_MARGIN);
    this.windowLimit = Math.max(1, Math.floor(maxRps));
    this.windowMs = Math.max(1000, (this.windowLimit * 1000) / maxRps) * (1 + WINDOW_MARGIN);
  }

  private state(tenantId: string): TenantState {
    let s = this.tenants.get(tenantId);
    if (!s) {
      s = { nextSlotAt: 0, pausedUntil: 0, lastGrantAt: -Infinity, grants: [], ring: 0, waiters: [], serving: false };
      this.tenants.set(tenantId, s);
    }
    return s;
  }

  /** Waits for this tenant's next slot. */
  acquire(tenantId: string): Promise<void> {
    const s = this.state(tenantId);
    return new Promise<void>((resolve) => {
      s.waiters.push(resolve);
      if (!s.serving) void this.serve(s);
    });
  }

  /** The earliest instant the next grant may happen. */
  private nextGrantAt(s: TenantState): number {
    const windowOpen = s.grants.length < this.windowLimit ? 0 : s.grants[s.ring] + this.windowMs;
    return Math.max(s.nextSlotAt, s.pausedUntil, windowOpen);
  }

  private async serve(s: TenantState): Promise<void> {
    s.serving = true;
    try {
      while (s.waiters.length > 0) {
        const now = this.time.now();
        // Recomputed after every sleep: a pause set meanwhile pushes the waiters back too.
        const at = this.nextGrantAt(s);
        if (at > now) {
          await this.time.sleep(at - now);
          this.noteLateness(this.time.now() - at);
          continue;
        }
        // On the grid when less than a slot late; after idle time, a stall, a pause or a wait for
        // the guard, a new grid from now (never a burst to catch up).
        const onGrid = now - s.nextSlotAt < this.spacingMs;
        s.nextSlotAt = (onGrid ? s.nextSlotAt : now) + this.spacingMs;
        const counted = (now - s.lastGrantAt >= 1000 ? now + COLD_START_MS : now) + this.busyMs(now);
        s.lastGrantAt = now;
        if (s.grants.length < this.windowLimit) s.grants.push(counted);
        else {
          s.grants[s.ring] = counted;
          s.ring = (s.ring + 1) % this.windowLimit;
        }
        s.waiters.shift()!();
      }
    } finally {
      s.serving = false;
    }
  }

  private noteLateness(lateMs: number): void {
    const now = this.time.now();
    if (lateMs > this.busyMs(now)) this.busy = { ms: Math.min(MAX_BUSY_MS, lateMs), at: now };
  }

  /** The recent lateness of the timers, decayed: 0 when the process keeps time. */
  private busyMs(now: number): number {
    return this.busy.ms * 0.5 ** ((now - this.busy.at) / BUSY_HALF_LIFE_MS);
  }

  /** Teams said 429: nobody of this tenant sends before `retryAfterMs` from now. */
  pause(tenantId: string, retryAfterMs: number): void {
    const s = this.state(tenantId);
    s.pausedUntil = Math.max(s.pausedUntil, this.time.now() + retryAfterMs);
  }

  pausedUntil(tenantId: string): number {
    return this.state(tenantId).pausedUntil;
  }
}

/**
 * At most `size` prompts of one tenant prepared or in flight at once, across all the plans of a
 * run (bench/sendRate.ts). With a pool per plan, ten plans due at the same minute had
 * 640 workers: they read and built their cards together (a burst of CPU and memory that delayed
 * the granted sends, 0.92 of the cap instead of 0.98) and waited in the limiter with them. The
 * first `size` entries are also spread one send slot apart (a slow start), so that the first
 * cards are not all built in the same instant either.
 */
export class SendPool {
  private active = 0;
  private entered = 0;
  private firstAt: number | undefined;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly rampMs: number,
    private readonly time: Sleeper = realTime,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await fn();
    } finally {
      this.leave();
    }
  }

  private async enter(): Promise<void> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((resolve) => this.queue.push(resolve)); // leave() hands its place over
    if (this.entered < this.size) {
      const i = this.entered++;
      const now = this.time.now();
      this.firstAt ??= now;
      const wait = this.firstAt + i * this.rampMs - now;
      if (wait > 0) await this.time.sleep(wait);
    }
  }

  private leave(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

/** Parses Retry-After (seconds or HTTP date) into ms; undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  // A number is seconds; a negative one is no hint at all (Date.parse would read "-1" as a year).
  if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(header)) {
    const secs = Number(header);
    return secs >= 0 ? Math.min(secs, 3600) * 1000 : undefined;
  }
  const at = Date.parse(header);
  if (Number.isFinite(at)) return Math.max(0, Math.min(at - nowMs, 3_600_000));
  return undefined;
}
