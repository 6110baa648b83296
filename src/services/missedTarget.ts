// The missed-target notice: at 09:00 the first working day after a target date that passed without
// the target met, the benefit is 'missed' and the lesson form goes to the channel and the leader.
import { missedTargetCard, type MissedForm } from '../cards/notices';
import type { DeliveryOutcome } from '../delivery/dispatch';
import { deliverToChannel, deliverToPerson } from '../delivery/dispatch';
import { requireSettled, sendOnce } from '../delivery/sendOnce';
import { t } from '../i18n';
import { ledgerSubject, type DueItem } from '../storage';
import { updateBenefitRow } from './rows';
import type { Services } from './context';
import { planLanguage } from './language';
import { targetCheckItemCurrent } from './stillDue';

/**
 * Due handler of 'targetCheck'. Stale when the target date changed, the benefit was achieved or
 * archived, or the plan is archived. Returns how many notices were sent; throws when the channel
 * could not be reached for now (the item stays due).
 */
export async function checkTarget(s: Services, item: DueItem, now: Date): Promise<number> {
  const n = item.benefitNumber;
  if (!n) return 0;
  const [plan, benefit] = await Promise.all([s.storage.plans.get(item.tenantId, item.planId), s.storage.benefits.get(item.tenantId, item.planId, n)]);
  if (!plan || !benefit || !targetCheckItemCurrent(plan, benefit, item)) return 0;

  if (benefit.state !== 'missed') {
    await updateBenefitRow(s, plan.tenantId, plan.id, n, (b) => (b.due !== item.period || b.state === 'achieved' || b.state === 'archived' ? undefined : { ...b, state: 'missed' }));
  }
  let sent = 0;
  const key = { tenantId: plan.tenantId, kind: 'missedTarget' as const, subject: ledgerSubject(plan.id, n), period: benefit.due };
  const result = await sendOnce(s, key, now, async (): Promise<DeliveryOutcome> => {
    const rows = await s.storage.measurements.listBenefit(plan.tenantId, plan.id, n);
    const latest = rows.filter((r) => r.state === 'answered' && !r.baseline && typeof r.value === 'number').pop();
    const lang = planLanguage(plan);
    const form: MissedForm = { latestValue: latest?.value };
    const summary = t(lang, 'notice.missed.summary', { title: benefit.title });
    const channel = await deliverToChannel(s, plan, { card: missedTargetCard(lang, plan, benefit, form, true), summary });
    if (!channel.ok && !channel.unreachable) return channel;
    if (channel.ok) sent++;
    // Once the channel has it, the leader's copy is a courtesy: a failure of its own (storage gone
    // while looking up the leader's chat) must not undo a delivery that was made.
    const toLeader = (leader: NonNullable<typeof plan.leader>) =>
      deliverToPerson(s, plan.tenantId, leader, { card: missedTargetCard(lang, plan, benefit, form, false), summary }, { serviceUrl: plan.channel.serviceUrl });
    const personal = plan.leader
      ? channel.ok
        ? await toLeader(plan.leader).catch((e: unknown): DeliveryOutcome => ({ ok: false, unreachable: false, error: e instanceof Error ? e.message : String(e) }))
        : await toLeader(plan.leader)
      : undefined;
    if (personal?.ok) sent++;
    // Delivered when either copy arrived; unreachable (for good) when neither could.
    const delivered = channel.ok ? channel : personal?.ok ? personal : undefined;
    return delivered ?? { ok: false, unreachable: true, error: [channel.ok ? undefined : channel.error, personal && !personal.ok ? personal.error : undefined].filter(Boolean).join('; ') };
  });
  requireSettled(result, 'missed-target notice');
  return sent;
}
