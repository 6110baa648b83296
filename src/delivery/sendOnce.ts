// Claim → deliver → settle, the one sequence every proactive send but the prompt goes through
// (ARCHITECTURE rule 2; a prompt claims by inserting its own period row, see jobs/prompts). The
// claim is a conditional insert in the delivery ledger keyed by (kind, subject, period): whoever
// inserts it sends; everyone else is told whether the delivery is settled or still in flight. A
// claim whose holder is dead (delivery/fence.ts) is taken over; a live holder's never is.
//
// A scheduled run checks its fence before it claims and again before it delivers. A delivery that
// Teams refuses for good (unreachable) is settled as such and never retried; any other failure
// gives the claim back, so a later run tries again. The settle write is retried through a short
// storage outage: a delivery that was made must be recorded, or a later run would make it again.
import { randomUUID } from 'node:crypto';
import { isTransient, type DeliveryKind, type LedgerEntry } from '../storage';
import type { DeliveryContext } from './context';
import type { DeliveryOutcome } from './dispatch';
import { claimHolderAlive, HeldElsewhereError, requestStamp } from './fence';

export interface DeliveryKey {
  tenantId: string;
  kind: DeliveryKind;
  /** What is delivered about: a plan id, or storage's ledgerSubject(plan, n) for a benefit. */
  subject: string;
  /** Which occurrence: an ISO week, a period id, a target, a date. */
  period: string;
}

export type SendOnceResult =
  | { status: 'sent'; activityId: string; conversationId: string }
  | { status: 'unreachable'; error: string }
  /** Settled earlier (sent, or unreachable for good): nothing was sent now. */
  | { status: 'held'; entry: LedgerEntry }
  /** Claimed by a run or request that is still alive and has not settled it: nothing was sent now. */
  | { status: 'inFlight'; entry: LedgerEntry }
  /** Not delivered; the claim was given back for a later run. */
  | { status: 'failed'; error: string };

/** Claims without a holder stamp (written by earlier versions) are taken over when this old. */
export const LEGACY_CLAIM_STALE_MS = 10 * 60_000;
/** How long the outcome of a delivery is retried while storage is unreachable. */
export const SETTLE_RETRY_MS = 120_000;

/**
 * Runs `deliver` only when this call wins the claim, and records what happened. `at` is the instant
 * the work is done for (a run-due instant, or the clock's now).
 */
export async function sendOnce(d: DeliveryContext, key: DeliveryKey, at: Date, deliver: () => Promise<DeliveryOutcome>): Promise<SendOnceResult> {
  const now = at.toISOString();
  d.run?.check(key.tenantId);
  const stamp = d.run?.stamp ?? requestStamp(d.instanceId, randomUUID());
  const claim = await d.storage.ledger.claim(key.tenantId, key.kind, key.subject, key.period, now, { instanceId: d.instanceId, stamp }, (current) =>
    !claimHolderAlive({ stamp: current.claim, claimedAt: current.claimedAt }, now, d.run, LEGACY_CLAIM_STALE_MS),
  );
  if (!claim.claimed) return claim.entry.state === 'claimed' ? { status: 'inFlight', entry: claim.entry } : { status: 'held', entry: claim.entry };
  const giveBack = () =>
    d.storage.ledger.release(claim.entry, claim.etag).catch((e: unknown) => {
      // Storage is away: the claim stays, stamped with this run, and is taken over once it is done.
      d.log.warn({ err: e, event: 'claim.releaseFailed', kind: key.kind, subject: key.subject }, 'claim not given back; a later run takes it over');
    });
  let outcome: DeliveryOutcome;
  try {
    d.run?.check(key.tenantId);
    outcome = await deliver();
  } catch (e) {
    await giveBack();
    throw e;
  }
  if (outcome.ok) {
    await settle(d, claim.entry, claim.etag, { state: 'sent', sentAt: now, activityId: outcome.activityId, conversationId: outcome.conversationId });
    return { status: 'sent', activityId: outcome.activityId, conversationId: outcome.conversationId };
  }
  if (outcome.unreachable) {
    await settle(d, claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
    return { status: 'unreachable', error: outcome.error };
  }
  await giveBack();
  return { status: 'failed', error: outcome.error };
}

/**
 * For scheduled work: the item may go only when its delivery is settled (sent, or unreachable and
 * so recorded). Throws to keep it due otherwise: in flight elsewhere (a deferral), or failed.
 */
export function requireSettled(result: SendOnceResult, what: string): void {
  if (result.status === 'inFlight') throw new HeldElsewhereError(what);
  if (result.status === 'failed') throw new Error(`${what} not delivered: ${result.error}`);
}

async function settle(d: DeliveryContext, entry: LedgerEntry, etag: string, outcome: Partial<LedgerEntry> & Pick<LedgerEntry, 'state'>): Promise<void> {
  const deadline = Date.now() + SETTLE_RETRY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await d.storage.ledger.settle(entry, etag, outcome);
      return;
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 412 || status === 404) {
        // Our claim was taken over after this run lost its lease: the delivery is made, and the
        // one who took it over will make it again (the one send that is at-least-once).
        d.log.error({ event: 'claim.lostBeforeSettle', kind: entry.kind, subject: entry.subject }, 'delivered, but the claim had passed to another run');
        return;
      }
      if (!isTransient(e) || Date.now() >= deadline) throw e;
      if (attempt === 0) d.log.warn({ err: e, event: 'claim.settleRetry', kind: entry.kind, subject: entry.subject }, 'storage unavailable: holding the delivery record and retrying');
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
    }
  }
}
