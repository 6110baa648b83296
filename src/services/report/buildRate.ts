// How many report files a tenant may have built per minute: a token bucket per tenant that holds
// a minute's worth of builds and refills evenly over the minute, so a burst of the whole minute's
// builds is allowed at once and then one every 60/limit seconds. Files served from the cache take
// nothing from it. Time is read from the clock it is given (the services' clock port).

export type RateAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TenantBuildRate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly nowMs: () => number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one build for `tenantId`, or says in how many seconds the next one is allowed. */
  take(tenantId: string): RateAnswer {
    const now = this.nowMs();
    const b = this.refilled(tenantId, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  private refilled(tenantId: string, now: number): Bucket {
    let b = this.buckets.get(tenantId);
    if (!b) {
      b = { tokens: this.perMinute, at: now };
      this.buckets.set(tenantId, b);
      this.forgetFull(now);
      return b;
    }
    // A clock that went back adds nothing, and refilling goes on from the new time (holding on to
    // the old one would lock the tenant out for as long as the clock jumped).
    const elapsed = Math.max(0, now - b.at);
    b.tokens = Math.min(this.perMinute, b.tokens + elapsed * this.perMs);
    b.at = now;
    return b;
  }

  /** A bucket that has refilled is the same as none: keeps the map to the tenants active lately. */
  private forgetFull(now: number): void {
    if (this.buckets.size < 64) return;
    for (const [tenant, b] of this.buckets) {
      if (b.tokens + Math.max(0, now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(tenant);
    }
  }
}
