// Escalation: the plan leader is told personally when a benefit has gone unmeasured two or more
// periods in a row, once per streak (the streak is named by its first period).
import { periodLabel } from '../cards/words';
import type { Benefit, Plan } from '../domain/types';
import { deliverToPerson } from '../delivery/dispatch';
import { requireSettled, sendOnce } from '../delivery/sendOnce';
import { t } from '../i18n';
import { ledgerSubject } from '../storage';
import type { Services } from './context';
import { planLanguage } from './language';

/**
 * `missedPeriods`: oldest first. Returns true when this call sent the message; throws when it is
 * neither sent nor settled (the end-of-period item that asked for it stays due).
 */
export async function escalateIfStreak(s: Services, plan: Plan, benefit: Benefit, missedPeriods: string[], now: Date): Promise<boolean> {
  if (missedPeriods.length < 2) return false;
  const leader = plan.leader;
  if (!leader) {
    s.log.info({ event: 'escalation.noLeader', planId: plan.id, benefit: benefit.number }, 'missed streak but the plan has no leader');
    return false;
  }
  const key = { tenantId: plan.tenantId, kind: 'escalation' as const, subject: ledgerSubject(plan.id, benefit.number), period: missedPeriods[0]! };
  const result = await sendOnce(s, key, now, () => {
    const lang = planLanguage(plan);
    const text = t(lang, 'notice.escalation.text', {
      title: benefit.title,
      ref: `${plan.id}/${benefit.number}`,
      count: missedPeriods.length,
      periods: missedPeriods.map((p) => periodLabel(p, lang)).join(', '),
      owner: benefit.owner.name,
    });
    return deliverToPerson(s, plan.tenantId, leader, { text, summary: text.slice(0, 120) }, { serviceUrl: plan.channel.serviceUrl });
  });
  requireSettled(result, 'escalation');
  return result.status === 'sent';
}
