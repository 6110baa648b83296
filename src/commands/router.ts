// Routes a chat message to its command handler.
import { pickLanguage, t } from '../i18n';
import type { Services } from '../services/context';
import type { InboundMessage, OutboundMessage } from '../services/ports';

export async function routeMessage(s: Services, message: InboundMessage): Promise<OutboundMessage[]> {
  const lang = pickLanguage(undefined, message.locale);
  const text = message.text.trim();
  if (text === '') {
    return [{ text: t(lang, message.conversationKind === 'channel' ? 'welcome.channel' : 'welcome.personal') }];
  }
  void s;
  return [{ text: t(lang, 'unknown.text', { text: text.slice(0, 80) }) }];
}
