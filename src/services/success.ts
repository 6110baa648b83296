// The success notice: a met target is celebrated in the plan's channel, once per benefit and
// target value (a new target after a lesson may be celebrated again), and the benefit is achieved.
import { successCard } from '../cards/notices';
import { localDate } from '../domain/dates';
import type { Benefit, Plan } from '../domain/types';
import { deliverToChannel } from '../delivery/dispatch';
import { sendOnce } from '../delivery/sendOnce';
import { t } from '../i18n';
import { ledgerSubject, targetPeriod } from '../storage';
import { updateBenefitRow } from './rows';
import type { Services } from './context';
import { planLanguage } from './language';

/** Returns true when this call posted the notice. */
export async function notifySuccess(s: Services, plan: Plan, benefit: Benefit, period: string, value: number, now: Date): Promise<boolean> {
  if (plan.archived || benefit.state === 'archived') return false;
  const key = { tenantId: plan.tenantId, kind: 'success' as const, subject: ledgerSubject(plan.id, benefit.number), period: targetPeriod(benefit.target) };
  const result = await sendOnce(s, key, now, async () => {
    // The state first: even if Teams is down, the benefit is achieved.
    const achievedAt = localDate(now.toISOString(), plan.timezone);
    await updateBenefitRow(s, plan.tenantId, plan.id, benefit.number, (b) =>
      b.state === 'archived' ? undefined : { ...b, state: 'achieved', achievedAt: b.achievedAt && b.state === 'achieved' ? b.achievedAt : achievedAt },
    );
    const lang = planLanguage(plan);
    const card = successCard(lang, plan, benefit, period, value);
    return deliverToChannel(s, plan, { card, summary: t(lang, 'notice.success.summary', { title: benefit.title }) });
  });
  // A failure gave the claim back: the next answer that meets the target tries again.
  return result.status === 'sent';
}
