// Due-item handlers of issue #5: the weekly digest of a plan ('digest') and the check for a
// missed target ('targetCheck'). Registered with ./runDue; imported once by ./handlers.
import { isoWeekOf } from '../domain/digest';
import type { Services } from '../services/context';
import { buildDigest, postDigest, updatePlanAfterDigest } from '../services/digest';
import { checkTarget } from '../services/notices';
import { scheduleNextDigest } from '../services/schedule';
import { digestItemCurrent } from '../services/stillDue';
import type { DueItem } from '../storage';
import { registerDueHandler, type RunSummary } from './runDue';

/**
 * One plan's digest. The plan row is the truth: an item whose instant is not the plan's
 * nextDigestAt is stale (the digest was rescheduled) and dropped. The digest is claimed for the
 * ISO week of its instant (plan time zone), so re-runs and a second process post it once; the
 * next digest is scheduled whatever the claim said, so a run that died after posting still
 * leaves the plan scheduled.
 */
export async function handleDigestDue(s: Services, item: DueItem, now: Date, summary: RunSummary): Promise<void> {
  // The tenant's plans in one query: the plan itself and the portfolio line of the digest.
  const plans = await s.storage.plans.list(item.tenantId);
  const plan = plans.find((p) => p.id === item.planId);
  // A plan row without an instant (written before digests were scheduled) takes the item as is.
  if (!plan || !digestItemCurrent(plan, item)) return;

  const nowIso = now.toISOString();
  const claim = await s.storage.ledger.claim(plan.tenantId, 'digest', plan.id, isoWeekOf(item.at, plan.timezone), nowIso, s.instanceId);
  let cache: { realisedYear: number; realisedNokYear: number } | undefined;
  if (claim.claimed) {
    const built = await buildDigest(s, plans, plan, now);
    cache = { realisedYear: built.model.year, realisedNokYear: built.model.realisedNokYear };
    const outcome = await postDigest(s, built);
    if (outcome.ok) {
      await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'sent', sentAt: nowIso, activityId: outcome.activityId, conversationId: outcome.conversationId });
      summary.digests++;
    } else if (outcome.unreachable) {
      // The bot was removed from the team: nothing to retry until someone fixes that.
      await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
    } else {
      await s.storage.ledger.release(claim.entry);
      throw new Error(`digest not delivered: ${outcome.error}`);
    }
  }
  // After a late run (the ticker was down) the next digest is the next occurrence after now,
  // never a burst of old ones.
  const after = new Date(Math.max(now.getTime(), Date.parse(item.at)));
  const nextDigestAt = await scheduleNextDigest(s, plan, after);
  await updatePlanAfterDigest(s, plan, { nextDigestAt, replaces: item.at, ...cache });
}

registerDueHandler('digest', handleDigestDue);

registerDueHandler('targetCheck', async (s, item, now, summary) => {
  summary.notices += await checkTarget(s, item, now);
});
