// The interfaces at the Teams edge, free of botbuilder types: src/bot implements Messenger and
// calls BotApp; services and tests speak only these. Moving to the Microsoft 365 Agents SDK is a
// new src/bot behind the same two interfaces.
import type { Person } from '../domain/types';
import type { StoredReference } from '../storage';

export interface MentionEntity {
  id: string;
  name: string;
  /** The `<at>…</at>` text as it stands in the message. */
  text: string;
}

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface InboundContext {
  tenantId: string;
  from: Person;
  conversationKind: ConversationKind;
  conversationId: string;
  teamId?: string;
  channelId?: string;
  serviceUrl: string;
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

/** What the bot says: text (with optional person mentions) and/or one Adaptive Card. */
export interface OutboundMessage {
  text?: string;
  card?: object;
  /** People mentioned in `text` as `<at>Name</at>`, or in the card's msteams.entities. */
  mentions?: Person[];
  /** Short text for notifications and clients without cards. */
  summary?: string;
}

export interface BotApp {
  isTenantAllowed(tenantId: string): boolean;
  onMessage(message: InboundMessage): Promise<OutboundMessage[]>;
  /** Returns the card that replaces the one the user acted on. */
  onCardAction(action: InboundAction): Promise<object>;
  onConversationEvent(event: ConversationEvent): Promise<void>;
}

export type SendResult =
  | { ok: true; activityId: string; conversationId: string }
  | {
      ok: false;
      /** HTTP status from Teams when there was one. */
      status?: number;
      /** 403/404: blocked, uninstalled or not found; do not retry. */
      unreachable: boolean;
      retryAfterMs?: number;
      error: string;
    };

/** Proactive sending. Every call is rate limited per tenant inside the implementation. */
export interface Messenger {
  send(reference: StoredReference, message: OutboundMessage): Promise<SendResult>;
  /** Replaces an earlier card (e.g. a prompt answered with `measure`). */
  update(reference: StoredReference, activityId: string, message: OutboundMessage): Promise<SendResult>;
  /** Opens the bot's personal chat with a user the bot shares a team with. */
  createPersonalConversation(
    tenantId: string,
    serviceUrl: string,
    user: Person,
  ): Promise<{ ok: true; reference: StoredReference } | { ok: false; unreachable: boolean; status?: number; retryAfterMs?: number; error: string }>;
}
