// Claim → deliver → settle, the one sequence every proactive send but the prompt goes through
// (ARCHITECTURE rule 2; a prompt claims by inserting its own period row, see jobs/prompts). The
// claim is a conditional insert in the delivery ledger keyed by (kind, subject, period): whoever
// inserts it sends; everyone else is told the delivery is held. A delivery that Teams refuses for
// good (unreachable) is settled as such and never retried; any other failure gives the claim back,
// so a later run tries again.
import type { DeliveryKind, LedgerEntry } from '../storage';
import type { DeliveryContext } from './context';
import type { DeliveryOutcome } from './dispatch';

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
  /** Claimed elsewhere or settled earlier: nothing was sent now. */
  | { status: 'held'; entry: LedgerEntry }
  /** Not delivered; the claim was given back for a later run. */
  | { status: 'failed'; error: string };

/**
 * Runs `deliver` only when this call wins the claim, and records what happened. `at` is the instant
 * the work is done for (a run-due instant, or the clock's now).
 */
export async function sendOnce(d: DeliveryContext, key: DeliveryKey, at: Date, deliver: () => Promise<DeliveryOutcome>): Promise<SendOnceResult> {
  const now = at.toISOString();
  const claim = await d.storage.ledger.claim(key.tenantId, key.kind, key.subject, key.period, now, d.instanceId);
  if (!claim.claimed) return { status: 'held', entry: claim.entry };
  let outcome: DeliveryOutcome;
  try {
    outcome = await deliver();
  } catch (e) {
    await d.storage.ledger.release(claim.entry);
    throw e;
  }
  if (outcome.ok) {
    await d.storage.ledger.settle(claim.entry, claim.etag, { state: 'sent', sentAt: now, activityId: outcome.activityId, conversationId: outcome.conversationId });
    return { status: 'sent', activityId: outcome.activityId, conversationId: outcome.conversationId };
  }
  if (outcome.unreachable) {
    await d.storage.ledger.settle(claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
    return { status: 'unreachable', error: outcome.error };
  }
  await d.storage.ledger.release(claim.entry);
  return { status: 'failed', error: outcome.error };
}
