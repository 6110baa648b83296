// The BotApp the Teams edge calls: remembers conversations, routes text to commands and card
// actions to their handlers, and turns storage faults into a polite "nothing was saved".
import { isTransient } from '../storage';
import { DEFAULT_LANGUAGE, languageIn, t } from '../i18n';
import { routeCardAction } from './cardActions';
import { routeMessage } from './messages';
import { forgetConversation, rememberConversation, type ConversationSeen } from '../delivery/conversations';
import type { Services } from '../services/context';
import type { BotApp, ConversationEvent, InboundAction, InboundFacts, InboundMessage } from '../ports/inbound';
import type { OutboundMessage } from '../ports/outbound';
import { errorCard } from '../cards/build';

export function createApp(s: Services): BotApp {
  const allowed = new Set(s.config.allowedTenants);
  return {
    isTenantAllowed: (tenantId) => allowed.size === 0 || allowed.has(tenantId.toLowerCase()),

    async onMessage(message: InboundMessage): Promise<OutboundMessage[]> {
      const lang = DEFAULT_LANGUAGE;
      try {
        await rememberConversation(s, seen(message));
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
        const lang = languageIn(action.data.lang) ?? DEFAULT_LANGUAGE;
        return errorCard(lang, t(lang, isTransient(e) ? 'error.storage' : 'error.generic'));
      }
    },

    async onConversationEvent(event: ConversationEvent): Promise<void> {
      if (event.type === 'installed') await rememberConversation(s, seen(event.context));
      else await forgetConversation(s, seen(event.context));
    },
  };
}

/** The conversation an inbound activity came from, as delivery keeps it. */
function seen(ctx: InboundFacts): ConversationSeen {
  return { tenantId: ctx.tenantId, kind: ctx.conversationKind, from: ctx.from, channelId: ctx.channelId, reference: ctx.reference, trusted: ctx.serviceUrlTrusted };
}
