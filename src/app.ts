// The BotApp the Teams edge calls: remembers conversations, routes text to commands and card
// actions to their handlers, and turns storage faults into a polite "nothing was saved".
import { isTransient } from './storage';
import { t, pickLanguage } from './i18n';
import { routeCardAction } from './cards/actions';
import { routeMessage } from './commands/router';
import { onConversationEvent, rememberConversation } from './services/conversations';
import type { Services } from './services/context';
import type { BotApp, ConversationEvent, InboundAction, InboundMessage, OutboundMessage } from './services/ports';
import { errorCard } from './cards/build';
import './cards/measurementActions';

export function createApp(s: Services): BotApp {
  const allowed = new Set(s.config.allowedTenants);
  return {
    isTenantAllowed: (tenantId) => allowed.size === 0 || allowed.has(tenantId.toLowerCase()),

    async onMessage(message: InboundMessage): Promise<OutboundMessage[]> {
      const lang = pickLanguage(undefined, message.locale);
      try {
        const { lookupMember: _l, ...plain } = message;
        await rememberConversation(s, plain);
        return await routeMessage(s, message);
      } catch (e) {
        s.log.error({ err: e, tenantId: message.tenantId }, 'message handling failed');
        return [{ text: t(lang, isTransient(e) ? 'error.storage' : 'error.generic') }];
      }
    },

    async onCardAction(action: InboundAction): Promise<object> {
      try {
        return await routeCardAction(s, action);
      } catch (e) {
        s.log.error({ err: e, tenantId: action.tenantId, verb: action.verb }, 'card action failed');
        const lang = pickLanguage(undefined, action.locale);
        return errorCard(lang, t(lang, isTransient(e) ? 'error.storage' : 'error.generic'));
      }
    },

    async onConversationEvent(event: ConversationEvent): Promise<void> {
      await onConversationEvent(s, event);
    },
  };
}
