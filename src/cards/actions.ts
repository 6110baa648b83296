// Routes Action.Execute verbs to their handlers; each returns the card that replaces the one acted on.
import { pickLanguage, t } from '../i18n';
import type { Services } from '../services/context';
import type { InboundAction } from '../services/ports';
import { errorCard } from './build';

export async function routeCardAction(s: Services, action: InboundAction): Promise<object> {
  void s;
  const lang = pickLanguage(undefined, action.locale);
  return errorCard(lang, t(lang, 'card.unknownAction'));
}
