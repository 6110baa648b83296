// The weekly digest of a plan, as a due item. The plan row is the truth: an item whose instant is
// not the plan's nextDigestAt is stale (the digest was rescheduled) and dropped. The digest is sent
// once per ISO week of its instant (plan time zone), so re-runs and a second process post it once;
// the next digest is scheduled whatever happened, so a run that died after posting still leaves
// the plan scheduled.
import { isoWeekOf } from '../domain/digest';
import { requireSettled, sendOnce } from '../delivery/sendOnce';
import type { Services } from '../services/context';
import { buildDigest, postDigest, scheduleAfterDigest } from '../services/digest';
import { scheduleNextDigest } from '../services/schedule';
import { digestItemCurrent } from '../services/stillDue';
import type { DueItem } from '../storage';
import type { RunSummary } from './dueWork';

export async function handleDigestDue(s: Services, item: DueItem, now: Date, summary: RunSummary): Promise<void> {
  // The tenant's plans in one query: the plan itself and the portfolio line of the digest.
  const plans = await s.storage.plans.list(item.tenantId);
  const plan = plans.find((p) => p.id === item.planId);
  if (!plan || !digestItemCurrent(plan, item)) return;

  const key = { tenantId: plan.tenantId, kind: 'digest' as const, subject: plan.id, period: isoWeekOf(item.at, plan.timezone) };
  const result = await sendOnce(s, key, now, async () => {
    return postDigest(s, await buildDigest(s, plans, plan, now));
  });
  if (result.status === 'sent') summary.digests++;
  // Unreachable (the bot was removed from the team): nothing to retry until someone fixes that.
  // In flight elsewhere or failed: the item stays, and the next digest is not scheduled yet.
  requireSettled(result, 'digest');
  // After a late run (the ticker was down) the next digest is the next occurrence after now,
  // never a burst of old ones.
  const after = new Date(Math.max(now.getTime(), Date.parse(item.at)));
  const nextDigestAt = await scheduleNextDigest(s, plan, after);
  await scheduleAfterDigest(s, plan, nextDigestAt, item.at);
}
