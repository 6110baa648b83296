// Every Action.Execute verb the bot's cards carry, and its handler. A verb that is not here gets a
// polite "this card is out of date" card.
import { errorCard } from '../cards/build';
import { DEFAULT_LANGUAGE, languageIn, t } from '../i18n';
import type { InboundAction } from '../ports/inbound';
import type { Services } from '../services/context';
import { openBenefitForm, submitBenefitFormFromCard } from './actions/benefitForm';
import { confirmFromCard } from './actions/confirm';
import { applyImportFromCard, cancelImportFromCard } from './actions/import';
import { submitLessonFromCard } from './actions/lesson';
import { correctMeasurement, skipMeasurement, submitMeasurement } from './actions/measurement';
import type { CardActionHandler } from './cardActionHandler';

export const CARD_ACTIONS = {
  'measurement.submit': submitMeasurement,
  'measurement.skip': skipMeasurement,
  'measurement.correct': correctMeasurement,
  'benefit.confirm': confirmFromCard,
  'lesson.submit': submitLessonFromCard,
  'benefit.form': openBenefitForm,
  'benefit.form.submit': submitBenefitFormFromCard,
  'import.apply': applyImportFromCard,
  'import.cancel': cancelImportFromCard,
} as const satisfies Record<string, CardActionHandler>;

export type CardVerb = keyof typeof CARD_ACTIONS;

const isVerb = (verb: string): verb is CardVerb => Object.prototype.hasOwnProperty.call(CARD_ACTIONS, verb);

export async function routeCardAction(s: Services, action: InboundAction): Promise<object> {
  if (!isVerb(action.verb)) {
    const lang = languageIn(action.data.lang) ?? DEFAULT_LANGUAGE;
    return errorCard(lang, t(lang, 'card.unknownAction'));
  }
  return CARD_ACTIONS[action.verb](s, action);
}
