// Who may still send, and whose claims may be taken over. Scheduled work runs under a lease
// (jobs/leases.ts): a run checks its fence before every claim and every send, and stops the moment
// its lease may have passed to someone else. A claim carries a stamp naming the run that made it;
// it is taken over only when that run is dead, never merely because it is old. Claims made outside
// a run (a success notice sent while answering a card) live as long as a request can.
export class LeaseLostError extends Error {
  constructor(what: string) {
    super(`the lease for ${what} is no longer held by this run`);
  }
}

/** A claim is held by a run or request that is still alive: the work stays due for later. */
export class HeldElsewhereError extends Error {
  constructor(what: string) {
    super(`${what} is being delivered by another run`);
  }
}

/** Not a failure: the item stays due and a later run (or the live holder) does it. */
export const isDeferral = (e: unknown): boolean => e instanceof LeaseLostError || e instanceof HeldElsewhereError;

export interface RunFence {
  readonly runId: string;
  /** What a claim made by this run records as its holder. */
  readonly stamp: string;
  /** Throws LeaseLostError when this run may no longer send for the tenant. */
  check(tenantId: string): void;
  /** Whether the run that stamped a claim is still running (in this process or holding a lease). */
  isAlive(stamp: string): boolean;
}

/** A request's claim is taken over after this long: no request lives longer. */
export const REQUEST_CLAIM_MS = 10 * 60_000;

export const runStamp = (holder: string, runId: string) => `run~${holder}~${runId}`;
export const requestStamp = (instanceId: string, id: string) => `req~${instanceId}~${id}`;
export const runIdOf = (stamp: string): string | undefined => (stamp.startsWith('run~') ? stamp.slice(stamp.lastIndexOf('~') + 1) : undefined);

/**
 * Whether a claim's holder may still be working on it. `legacyStaleMs` applies to claims written
 * before claims carried a stamp (they are taken over when that old, as before).
 */
export function claimHolderAlive(claim: { stamp?: string; claimedAt?: string }, nowIso: string, fence: RunFence | undefined, legacyStaleMs: number): boolean {
  const age = Date.parse(nowIso) - Date.parse(claim.claimedAt ?? nowIso);
  if (!claim.stamp) return age < legacyStaleMs;
  if (claim.stamp.startsWith('req~')) return age < REQUEST_CLAIM_MS;
  // A run's claim: a run that holds the tenant's lease knows every live run that could have made it.
  if (fence) return fence.isAlive(claim.stamp);
  return age < legacyStaleMs;
}
