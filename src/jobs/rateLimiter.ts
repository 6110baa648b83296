// One send rate per tenant (ARCHITECTURE rule 4). Every HTTP attempt to Teams for a tenant,
// including botbuilder's own retries, takes a slot here; a 429 pauses the whole tenant until its
// Retry-After has passed, so no sender of that tenant goes before it.
//
// Slots are spaced evenly (1000/rps ms apart) rather than handed out in bursts: Teams counts in
// short sliding windows, and an even stream at the cap is the fastest rate that never trips it.

export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: Sleeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

interface TenantState {
  nextSlotAt: number;
  pausedUntil: number;
}

export class TenantRateLimiter {
  private readonly tenants = new Map<string, TenantState>();
  private readonly spacingMs: number;

  constructor(
    maxRps: number,
    private readonly time: Sleeper = realTime,
  ) {
    if (!(maxRps > 0)) throw new Error('maxRps must be positive');
    this.spacingMs = 1000 / maxRps;
  }

  private state(tenantId: string): TenantState {
    let s = this.tenants.get(tenantId);
    if (!s) {
      s = { nextSlotAt: 0, pausedUntil: 0 };
      this.tenants.set(tenantId, s);
    }
    return s;
  }

  /** Waits for this tenant's next slot. */
  async acquire(tenantId: string): Promise<void> {
    const s = this.state(tenantId);
    for (;;) {
      const now = this.time.now();
      const slot = Math.max(now, s.nextSlotAt, s.pausedUntil);
      if (slot <= now) {
        s.nextSlotAt = now + this.spacingMs;
        return;
      }
      // Reserve nothing while waiting: a pause set meanwhile must push this caller back too.
      await this.time.sleep(slot - now);
    }
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

/** Parses Retry-After (seconds or HTTP date) into ms; undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs, 3600) * 1000;
  const at = Date.parse(header);
  if (Number.isFinite(at)) return Math.max(0, Math.min(at - nowMs, 3_600_000));
  return undefined;
}
