// The reminder of an unanswered prompt (the next working day), as a due item: the same prompt card
// again with a reminder banner, once per period.
import { buildPromptCard } from '../cards/prompt';
import { deliverToPerson } from '../delivery/dispatch';
import { requireSettled, sendOnce } from '../delivery/sendOnce';
import { t } from '../i18n';
import { chosenLanguage, promptLanguage } from '../services/language';
import type { Services } from '../services/context';
import { reminderItemCurrent } from '../services/stillDue';
import { ledgerSubject, type DueItem } from '../storage';
import type { RunSummary } from './dueWork';

export async function handleReminder(s: Services, item: DueItem, now: Date, summary: RunSummary): Promise<void> {
  const n = item.benefitNumber ?? 0;
  if (!item.period) return;
  const [plan, benefit, row, previous] = await Promise.all([
    s.storage.plans.get(item.tenantId, item.planId),
    s.storage.benefits.get(item.tenantId, item.planId, n),
    s.storage.measurements.get(item.tenantId, item.planId, n, item.period),
    s.storage.measurements.latestValue(item.tenantId, item.planId, n),
  ]);
  // Answered (card or `measure`), skipped, or its answer is already due: no reminder.
  if (!plan || !benefit || !row || !reminderItemCurrent(plan, benefit, row, now.toISOString())) return;
  const key = { tenantId: item.tenantId, kind: 'reminder' as const, subject: ledgerSubject(plan.id, n), period: item.period };
  const result = await sendOnce(s, key, now, async () => {
    const recipient = [benefit.owner, benefit.deputy].find((p) => p?.id === row.promptedTo) ?? benefit.owner;
    const conversation = (await s.storage.conversations.getPersonal(plan.tenantId, recipient.id)) ?? null;
    const lang = row.lang ?? promptLanguage(await chosenLanguage(s, plan.tenantId, recipient.id), plan);
    const card = buildPromptCard(lang, plan, benefit, row, now, { banner: { text: t(lang, 'prompt.reminderBanner'), style: 'warning' }, previous });
    return deliverToPerson(
      s,
      plan.tenantId,
      recipient,
      { card, summary: t(lang, 'prompt.reminderSummary', { title: benefit.title }) },
      { serviceUrl: plan.channel.serviceUrl, conversation },
    );
  });
  if (result.status === 'sent') summary.reminders++;
  requireSettled(result, 'reminder');
}
