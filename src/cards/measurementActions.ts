// The prompt card's actions: Submit (a value), Can't measure this time (a reason), and Correct on
// the confirmation (shows the value input again). Each returns the card that replaces the one acted on.
import { pickLanguage, t } from '../i18n';
import { recordAnswer } from '../services/answers';
import { cachedPlan } from '../services/planCache';
import { buildPromptCard, parsePromptId } from './prompt';
import type { Services } from '../services/context';
import type { InboundAction } from '../routes/ports';
import { messageCard } from './build';
import { registerCardAction } from './registry';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function unknownPromptCard(action: InboundAction): object {
  const lang = pickLanguage(undefined, action.locale);
  return messageCard(t(lang, 'answer.cardTitle'), t(lang, 'answer.unknownPrompt'), 'attention');
}

async function answer(s: Services, action: InboundAction, kind: 'value' | 'skip'): Promise<object> {
  const id = parsePromptId(action.data.promptId);
  if (!id) return unknownPromptCard(action);
  const result = await recordAnswer(
    s,
    {
      tenantId: action.tenantId,
      from: action.from,
      locale: action.locale,
      planId: id.planId,
      number: id.number,
      period: id.period,
      kind,
      valueText: str(action.data.value),
      comment: str(action.data.comment),
      reason: str(action.data.reason),
    },
    s.clock.now(),
  );
  return result.card;
}

registerCardAction('measurement.submit', (s, action) => answer(s, action, 'value'));
registerCardAction('measurement.skip', (s, action) => answer(s, action, 'skip'));

registerCardAction('measurement.correct', async (s, action) => {
  const id = parsePromptId(action.data.promptId);
  if (!id) return unknownPromptCard(action);
  const [row, benefit, plan, previous] = await Promise.all([
    s.storage.measurements.get(action.tenantId, id.planId, id.number, id.period),
    s.storage.benefits.get(action.tenantId, id.planId, id.number),
    cachedPlan(s, action.tenantId, id.planId),
    s.storage.measurements.latestValue(action.tenantId, id.planId, id.number),
  ]);
  if (!row || !benefit || !plan || !row.promptedAt) return unknownPromptCard(action);
  const lang = plan.language ?? row.lang ?? pickLanguage(undefined, action.locale);
  if (![benefit.owner.id, benefit.deputy?.id, row.promptedTo].includes(action.from.id)) {
    return messageCard(t(lang, 'answer.cardTitle'), t(lang, 'answer.notAllowed', { owner: benefit.owner.name, deputy: '' }), 'attention');
  }
  return buildPromptCard(lang, plan, benefit, row, s.clock.now(), {
    banner: { text: t(lang, 'prompt.correcting'), style: 'accent' },
    previous,
    value: row.value !== undefined ? String(row.value) : '',
    comment: row.comment ?? '',
  });
});
