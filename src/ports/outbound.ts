// The outbound port at the Teams edge, free of botbuilder types: src/bot implements Messenger;
// delivery, services and tests speak only these. Moving to the Microsoft 365 Agents SDK is a new
// src/bot behind the same interface (and the inbound one in ./inbound.ts).
import type { Person } from '../domain/types';
import type { StoredReference } from '../storage';

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** What the bot says: text (with optional person mentions) and/or one Adaptive Card. */
export interface OutboundMessage {
  text?: string;
  card?: object;
  /** People mentioned in `text` as `<at>Name</at>`, or in the card's msteams.entities. */
  mentions?: Person[];
  /** Short text for notifications and clients without cards. */
  summary?: string;
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

export type OpenChatResult =
  | { ok: true; reference: StoredReference }
  | { ok: false; unreachable: boolean; status?: number; retryAfterMs?: number; error: string };

/** Proactive sending. Every call is rate limited per tenant inside the implementation. */
export interface Messenger {
  send(reference: StoredReference, message: OutboundMessage): Promise<SendResult>;
  /** Replaces an earlier card (e.g. a prompt answered with `measure`). */
  update(reference: StoredReference, activityId: string, message: OutboundMessage): Promise<SendResult>;
  /** Opens the bot's personal chat with a user the bot shares a team with. */
  createPersonalConversation(tenantId: string, serviceUrl: string, user: Person): Promise<OpenChatResult>;
}
