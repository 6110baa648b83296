// The inbound port at the Teams edge, free of botbuilder types: src/bot turns activities into
// these and calls BotApp; routes, commands and tests speak only these.
import type { Person } from '../domain/types';
import type { ConversationKind, OutboundMessage } from './outbound';
import type { StoredReference } from '../storage';

export interface MentionEntity {
  id: string;
  name: string;
  /** The `<at>…</at>` text as it stands in the message. */
  text: string;
}

export interface InboundContext {
  tenantId: string;
  from: Person;
  conversationKind: ConversationKind;
  conversationId: string;
  teamId?: string;
  channelId?: string;
  serviceUrl: string;
  /**
   * Whether `serviceUrl` is vouched for (the channel's token names it, or it is loopback in local
   * mode). Only then may it be stored as where to send later: `reference` and a plan's channel.
   */
  serviceUrlTrusted: boolean;
  locale?: string;
  botId: string;
  reference: StoredReference;
  /** Looks a member up in this conversation/team (Teams user id, or UPN in real Teams). */
  lookupMember(idOrUpn: string): Promise<Person | undefined>;
}

export interface InboundMessage extends InboundContext {
  text: string;
  mentions: MentionEntity[];
}

export interface InboundAction extends InboundContext {
  verb: string;
  data: Record<string, unknown>;
  replyToId?: string;
}

export type ConversationEvent =
  | { type: 'installed'; context: Omit<InboundContext, 'lookupMember'> }
  | { type: 'uninstalled'; context: Omit<InboundContext, 'lookupMember'> };

export type { ConversationKind };

export interface BotApp {
  isTenantAllowed(tenantId: string): boolean;
  onMessage(message: InboundMessage): Promise<OutboundMessage[]>;
  /** Returns the card that replaces the one the user acted on. */
  onCardAction(action: InboundAction): Promise<object>;
  onConversationEvent(event: ConversationEvent): Promise<void>;
}
