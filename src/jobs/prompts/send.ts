// One prompt card to its recipient's personal chat (the owner, or the deputy while the owner is
// away), in the recipient's own language or else the plan's.
import { buildPromptCard } from '../../cards/prompt';
import { periodLabel } from '../../cards/words';
import type { Language } from '../../domain/types';
import { deliverToPerson } from '../../delivery/dispatch';
import { t } from '../../i18n';
import type { Services } from '../../services/context';
import type { ConversationRow } from '../../storage';
import type { PromptJob } from './job';

export type SendOutcome = { activityId: string; conversationId: string; lang: Language } | 'unreachable' | 'failed';

/** `chat`: the recipient's conversation row when the caller has read it (null: there is none). */
export async function sendPrompt(s: Services, job: PromptJob, now: Date, chat?: () => Promise<ConversationRow | null>): Promise<SendOutcome> {
  const { plan, benefit, recipient } = job;
  if (!recipient) return 'unreachable';
  const conversation = chat ? await chat() : ((await s.storage.conversations.getPersonal(plan.tenantId, recipient.id)) ?? null);
  if (conversation?.unreachable) return 'unreachable';
  const lang = job.lang;
  const forDeputy = recipient.id !== benefit.owner.id;
  const card = buildPromptCard(lang, plan, benefit, { period: job.period.id, baseline: benefit.baseline === undefined }, now, {
    banner: forDeputy ? { text: t(lang, 'prompt.deputyBanner', { owner: benefit.owner.name }), style: 'accent' } : undefined,
    previous: job.previous,
  });
  const outcome = await deliverToPerson(
    s,
    plan.tenantId,
    recipient,
    { card, summary: t(lang, 'prompt.summary', { title: benefit.title, period: periodLabel(job.period.id, lang) }) },
    { serviceUrl: plan.channel.serviceUrl, conversation },
  );
  if (outcome.ok) return { activityId: outcome.activityId, conversationId: outcome.conversationId, lang };
  if (outcome.unreachable) {
    s.log.warn({ event: 'prompt.unreachable', planId: plan.id, benefit: benefit.number }, 'Teams refused the prompt recipient; marked unreachable');
    return 'unreachable';
  }
  s.log.warn({ event: 'prompt.sendFailed', planId: plan.id, benefit: benefit.number, error: outcome.error }, 'prompt not delivered; retried next tick');
  return 'failed';
}
