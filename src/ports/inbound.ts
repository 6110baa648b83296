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
  locale?: string;
  botId: string;
  reference: StoredReference;
  /** Looks a member up in this conversation/team (Teams user id, or UPN in real Teams). */
  lookupMember(idOrUpn: string): Promise<Person | undefined>;
  /** Looks a member up in another team the bot is in (a plan's team, asked from a personal chat). */
  lookupTeamMember?(teamId: string, idOrUpn: string): Promise<Person | undefined>;
}

/** A file a person sent with a message (Teams: a file.download.info attachment). */
export interface InboundFile {
  name: string;
  /** A short-lived download link. */
  downloadUrl: string;
  /** The file's extension as Teams names it ('xlsx'), when given. */
  fileType?: string;
}

export interface InboundMessage extends InboundContext {
  text: string;
  mentions: MentionEntity[];
  /** Files attached to the message (personal chat). */
  files?: InboundFile[];
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
