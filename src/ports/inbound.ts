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
  botId: string;
  reference: StoredReference;
  /** Looks a member up in this conversation/team (Teams user id, or UPN in real Teams). */
  lookupMember(idOrUpn: string): Promise<Person | undefined>;
  /**
   * The name of the channel the activity came from, when Teams tells it; `general` for the team's
   * first channel, which has no name of its own (Teams shows it as General in the reader's language).
   */
  lookupChannelName(): Promise<string | { general: true } | undefined>;
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

/** What an activity says about where it came from, without the lookups that ask Teams more. */
export type InboundFacts = Omit<InboundContext, 'lookupMember' | 'lookupChannelName'>;

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
  | { type: 'installed'; context: InboundFacts }
  | { type: 'uninstalled'; context: InboundFacts };

export type { ConversationKind };

export interface BotApp {
  isTenantAllowed(tenantId: string): boolean;
  onMessage(message: InboundMessage): Promise<OutboundMessage[]>;
  /** Returns the card that replaces the one the user acted on. */
  onCardAction(action: InboundAction): Promise<object>;
  onConversationEvent(event: ConversationEvent): Promise<void>;
}
