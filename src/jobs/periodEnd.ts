// When a prompted period's answer was due (the next prompt goes out), as a due item: an unanswered
// period is logged as missed, and a streak of two or more missed periods is escalated to the leader.
import { answerDueOf, type PeriodRecord } from '../domain/types';
import type { Services } from '../services/context';
import { escalateIfStreak } from '../services/escalation';
import { periodEndItemCurrent } from '../services/stillDue';
import type { DueItem } from '../storage';

export async function handlePeriodEnd(s: Services, item: DueItem, now: Date): Promise<void> {
  const n = item.benefitNumber ?? 0;
  if (!item.period) return;
  const row = await s.storage.measurements.get(item.tenantId, item.planId, n, item.period);
  if (!row || row.state !== 'open') return; // answered, skipped, away or unreachable: not missed (read first: the common case)
  const [plan, benefit, rows] = await Promise.all([
    s.storage.plans.get(item.tenantId, item.planId),
    s.storage.benefits.get(item.tenantId, item.planId, n),
    s.storage.measurements.listBenefit(item.tenantId, item.planId, n),
  ]);
  if (!plan || !benefit || !periodEndItemCurrent(plan, benefit, row)) return;
  const missed = missedStreak(rows, now.toISOString());
  s.log.info({ event: 'period.missed', planId: plan.id, benefit: n, period: item.period, streak: missed.length }, 'period ended without an answer');
  if (missed.length >= 2) await escalateIfStreak(s, plan, benefit, missed, now);
}

/**
 * The periods missed in a row up to now, oldest first: trailing rows that ended unanswered.
 * Periods marked 'away' (owner away, no deputy) neither count nor break the streak.
 */
export function missedStreak(rows: PeriodRecord[], nowIso: string): string[] {
  const ended = rows.filter((r) => answerDueOf(r) <= nowIso && r.state !== 'away').sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  const streak: string[] = [];
  for (let i = ended.length - 1; i >= 0; i--) {
    if (ended[i].state !== 'open') break;
    streak.unshift(ended[i].period);
  }
  return streak;
}
