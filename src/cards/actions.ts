// Routes Action.Execute verbs to their handlers; each returns the card that replaces the one acted on.
import { pickLanguage, t } from '../i18n';
import type { Services } from '../services/context';
import type { InboundAction } from '../routes/ports';
import { errorCard } from './build';
import { cardActionHandler } from './registry';

export async function routeCardAction(s: Services, action: InboundAction): Promise<object> {
  const handler = cardActionHandler(action.verb);
  if (!handler) {
    const lang = pickLanguage(undefined, action.locale);
    return errorCard(lang, t(lang, 'card.unknownAction'));
  }
  return handler(s, action);
}
