// The prompt card's actions: Submit (a value), Can't measure this time (a reason), and Correct on
// the confirmation (shows the value input again). Each returns the card that replaces the one acted on.
import { DEFAULT_LANGUAGE, languageIn, t } from '../../i18n';
import { correctionCard, recordAnswer } from '../../services/answers';
import { parsePromptId } from '../../cards/prompt';
import type { Services } from '../../services/context';
import type { InboundAction } from '../../ports/inbound';
import { messageCard } from '../../cards/build';
import type { CardActionHandler } from '../cardActionHandler';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function unknownPromptCard(action: InboundAction): object {
  const lang = languageIn(action.data.lang) ?? DEFAULT_LANGUAGE;
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
      lang: languageIn(action.data.lang),
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

export const submitMeasurement: CardActionHandler = (s, action) => answer(s, action, 'value');
export const skipMeasurement: CardActionHandler = (s, action) => answer(s, action, 'skip');

/** Correct: the prompt card again, with the stored value in the input. */
export const correctMeasurement: CardActionHandler = async (s, action) => {
  const id = parsePromptId(action.data.promptId);
  if (!id) return unknownPromptCard(action);
  return correctionCard(s, { tenantId: action.tenantId, from: action.from, lang: languageIn(action.data.lang), ...id });
};
