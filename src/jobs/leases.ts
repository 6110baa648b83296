// The shard leases of one holder (a ticking instance, or one `run-due`): take the free ones, renew
// them while working, give them back at the end, and fence every send by them.
//
// A lease is written with an expiry `ttl` after the moment its renewal was sent; the holder itself
// counts it as lost `margin` earlier than that (LEASE_MARGIN), so a holder whose renewals stop
// getting through stops sending before anyone else may start. Whoever takes a lease over waits
// until the old expiry has passed (`activeFrom`). Between them there is no moment in which two
// holders may send for the same shard, even with clocks up to the margin apart.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { planBalance } from '../domain/leases';
import { allShards, shardName, shardOf } from '../domain/shards';
import { LeaseLostError, runIdOf, runStamp, type RunFence } from '../delivery/fence';
import type { LeaseChange, LeaseRow, LeaseState, Storage } from '../storage';

/** The lease group of the due-work shards. */
export const SHARD_GROUP = 'shard';

/** How much earlier than its stored expiry a holder stops counting on its lease. */
export const leaseMargin = (ttlMs: number) => Math.round(ttlMs / 6);
/** How often a holder renews: four times per TTL, so two renewals may fail in a row. */
export const renewInterval = (ttlMs: number) => Math.round(ttlMs / 4);

/** The holder name of an instance's ticker: the only holders the balance counts and takes from. */
export const tickerHolder = (instanceId: string) => `${instanceId}/ticker-${randomUUID().slice(0, 8)}`;
/** The holder name of a one-off run (run-due): it takes what is free and gives it back when done. */
export const runHolder = (instanceId: string) => `${instanceId}/run-${randomUUID().slice(0, 8)}`;
export const isTickerHolder = (holder: string) => /\/ticker-[0-9a-f]{8}$/.test(holder);

/** Every run in progress in this process: their claims are never taken over. */
const activeRuns = new Set<string>();

interface Grant {
  etag: string;
  activeFrom: number;
  /** Local time after which this holder no longer counts on the lease. */
  deadline: number;
}

export interface LeaseKeeperOptions {
  storage: Storage;
  log: Logger;
  holder: string;
  ttlMs: number;
  /** The leases this holder may take (default: every shard). */
  names?: string[];
  /** Wall-clock time in ms (tests move it); leases are about live processes, never a run's `--at`. */
  now?: () => number;
}

export class LeaseKeeper {
  readonly holder: string;
  private readonly held = new Map<string, Grant>();
  private readonly names: string[];
  private readonly now: () => number;
  private heartbeat?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  /** Lease writes of this holder go one after another: they share the etags they read. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: LeaseKeeperOptions) {
    this.holder = o.holder;
    this.names = o.names ?? allShards().map(shardName);
    this.now = o.now ?? Date.now;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Takes every wanted lease that nobody holds (or whose holder's time is up) and renews its own. */
  takeFree(): Promise<{ taken: string[]; busy: LeaseRow[] }> {
    return this.serial(() => this.takeFreeNow());
  }

  private async takeFreeNow(): Promise<{ taken: string[]; busy: LeaseRow[] }> {
    for (let attempt = 0; ; attempt++) {
      const t0 = this.now();
      const rows = new Map((await this.o.storage.leases.list(SHARD_GROUP)).map((r) => [r.name, r]));
      const changes: LeaseChange[] = [];
      const busy: LeaseRow[] = [];
      for (const name of this.names) {
        const row = rows.get(name);
        const mine = this.held.get(name);
        const state: LeaseState = { holder: this.holder, expiresAt: iso(t0 + this.o.ttlMs), activeFrom: iso(mine ? mine.activeFrom : t0) };
        if (mine && row && row.holder === this.holder) changes.push({ kind: 'replace', name, etag: row.etag, state });
        else if (!row) changes.push({ kind: 'create', name, state });
        else if (Date.parse(row.expiresAt) <= t0) changes.push({ kind: 'replace', name, etag: row.etag, state });
        else {
          if (mine) this.lose(name, row);
          busy.push(row);
        }
      }
      try {
        const etags = await this.o.storage.leases.commit(SHARD_GROUP, changes);
        for (const c of changes) {
          this.held.set(c.name, { etag: etags.get(c.name) ?? '', activeFrom: Date.parse(c.state.activeFrom), deadline: t0 + this.o.ttlMs - leaseMargin(this.o.ttlMs) });
        }
        return { taken: changes.map((c) => c.name), busy };
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        // Someone took or renewed one of them between our read and our write: read again.
        if ((status !== 409 && status !== 412) || attempt >= 4) throw e;
      }
    }
  }

  /**
   * For a ticking instance: keep its own leases, take free ones up to its fair share, and take
   * from an instance above its share (domain/leases.ts). A lease taken from a live holder starts
   * only when that holder's time is up (activeFrom); one taken from nobody starts at once.
   * Returns the leases it gained.
   */
  balance(): Promise<{ gained: string[] }> {
    return this.serial(() => this.balanceNow());
  }

  private async balanceNow(): Promise<{ gained: string[] }> {
    for (let attempt = 0; ; attempt++) {
      const t0 = this.now();
      const rows = await this.o.storage.leases.list(SHARD_GROUP);
      const byName = new Map(rows.map((r) => [r.name, r]));
      // Leases this holder thinks it has but that name someone else now were taken from it.
      for (const name of [...this.held.keys()]) if (byName.get(name)?.holder !== this.holder) this.lose(name, byName.get(name));
      const views = rows.map((r) => ({ name: r.name, holder: r.holder, expiresAt: Date.parse(r.expiresAt) }));
      const plan = planBalance(this.names, views, this.holder, new Set(this.held.keys()), t0, isTickerHolder);
      const expiresAt = iso(t0 + this.o.ttlMs);
      const changes: LeaseChange[] = [];
      for (const [name, g] of this.held) changes.push({ kind: 'replace', name, etag: byName.get(name)!.etag, state: { holder: this.holder, expiresAt, activeFrom: iso(g.activeFrom) } });
      for (const name of plan.take) {
        const row = byName.get(name);
        const state = { holder: this.holder, expiresAt, activeFrom: iso(t0) };
        changes.push(row ? { kind: 'replace', name, etag: row.etag, state } : { kind: 'create', name, state });
      }
      for (const { name } of plan.steal) {
        const row = byName.get(name)!;
        changes.push({ kind: 'replace', name, etag: row.etag, state: { holder: this.holder, expiresAt, activeFrom: row.expiresAt } });
      }
      try {
        const etags = await this.o.storage.leases.commit(SHARD_GROUP, changes);
        const gained = [...plan.take, ...plan.steal.map((x) => x.name)];
        for (const c of changes) {
          this.held.set(c.name, { etag: etags.get(c.name) ?? '', activeFrom: Date.parse(c.state.activeFrom), deadline: t0 + this.o.ttlMs - leaseMargin(this.o.ttlMs) });
        }
        if (gained.length > 0) {
          this.o.log.info({ event: 'lease.gained', leases: gained, stolen: plan.steal, share: plan.share, instances: plan.owners }, `took ${gained.length} shard lease(s)`);
        }
        return { gained };
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        if ((status !== 409 && status !== 412) || attempt >= 4) throw e;
      }
    }
  }

  /** Renews every lease held; one that someone else holds now is dropped from this holder's set. */
  renew(): Promise<void> {
    this.renewing ??= this.serial(() => this.renewNow()).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewNow(): Promise<void> {
    if (this.held.size === 0) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      const t0 = this.now();
      const changes: LeaseChange[] = [...this.held].map(([name, g]) => ({
        kind: 'replace',
        name,
        etag: g.etag,
        state: { holder: this.holder, expiresAt: iso(t0 + this.o.ttlMs), activeFrom: iso(g.activeFrom) },
      }));
      try {
        const etags = await this.o.storage.leases.commit(SHARD_GROUP, changes);
        for (const [name, g] of this.held) this.held.set(name, { ...g, etag: etags.get(name) ?? g.etag, deadline: t0 + this.o.ttlMs - leaseMargin(this.o.ttlMs) });
        return;
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        if (status !== 409 && status !== 412 && status !== 404) throw e;
        // One of them changed hands (or was written by a renewal whose answer was lost): keep
        // those that still name us, with the etag they have now, and let the others go.
        const rows = new Map((await this.o.storage.leases.list(SHARD_GROUP)).map((r) => [r.name, r]));
        for (const [name, g] of [...this.held]) {
          const row = rows.get(name);
          if (row && row.holder === this.holder) this.held.set(name, { ...g, etag: row.etag });
          else this.lose(name, row);
        }
        if (this.held.size === 0) return;
      }
    }
  }

  /** Gives every lease back, as expired now (a lease someone else holds by now is left alone). */
  release(): Promise<void> {
    this.stopHeartbeat();
    return this.serial(() => this.releaseNow());
  }

  private async releaseNow(): Promise<void> {
    const t = iso(this.now());
    const changes: LeaseChange[] = [...this.held].map(([name, g]) => ({ kind: 'replace', name, etag: g.etag, state: { holder: this.holder, expiresAt: t, activeFrom: iso(g.activeFrom) } }));
    this.held.clear();
    try {
      await this.o.storage.leases.commit(SHARD_GROUP, changes);
    } catch {
      // One of them moved on: give back the others one by one.
      for (const c of changes) await this.o.storage.leases.commit(SHARD_GROUP, [c]).catch(() => undefined);
    }
  }

  /** Renews in the background (or runs `beat`, e.g. balance()) until released. */
  startHeartbeat(beat: () => Promise<unknown> = () => this.renew()): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      beat().catch((e: unknown) => this.o.log.warn({ err: e, event: 'lease.renewFailed' }, 'could not renew the shard leases; retrying'));
    }, renewInterval(this.o.ttlMs));
    this.heartbeat.unref();
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Whether this holder may send for the lease `name` right now. */
  holds(name: string): boolean {
    const g = this.held.get(name);
    const t = this.now();
    return g !== undefined && t >= g.activeFrom && t < g.deadline;
  }

  /** The shards this holder may work on now. */
  activeShards(): number[] {
    return allShards().filter((n) => this.holds(shardName(n)));
  }

  heldNames(): string[] {
    return [...this.held.keys()];
  }

  /** The fence of one run under these leases; `end()` when the run is over. */
  startRun(): RunFence & { end(): void } {
    const runId = randomUUID();
    activeRuns.add(runId);
    return {
      runId,
      stamp: runStamp(this.holder, runId),
      check: (tenantId: string) => {
        const name = shardName(shardOf(tenantId));
        if (!this.holds(name)) throw new LeaseLostError(`shard ${name}`);
      },
      isAlive: (stamp: string) => {
        const id = runIdOf(stamp);
        return id !== undefined && activeRuns.has(id);
      },
      end: () => activeRuns.delete(runId),
    };
  }

  private lose(name: string, row: LeaseRow | undefined): void {
    if (!this.held.delete(name)) return;
    this.o.log.warn({ event: 'lease.lost', lease: name, holder: row?.holder }, 'a shard lease passed to another instance; its work stops here');
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
