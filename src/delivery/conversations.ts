// Where to send: the conversation references the bot has seen (personal chats by user, channels by
// channel id), kept up to date from inbound activities, marked gone on uninstall and unreachable
// after Teams refused a person (403/404) until that person writes to the bot again.
import type { Person } from '../domain/types';
import type { StoredReference } from '../storage';
import { telemetry } from '../telemetry';
import type { DeliveryContext } from './context';
import type { ConversationKind } from '../ports/outbound';

/** A conversation as an inbound activity shows it. */
export interface ConversationSeen {
  tenantId: string;
  kind: ConversationKind;
  from: Person;
  channelId?: string;
  reference: StoredReference;
  /** The reference's serviceUrl is vouched for (bot/serviceUrlTrust.ts); nothing is stored otherwise. */
  trusted: boolean;
}

/**
 * Remembers the references seen in this process, so a busy chat does not write on every message.
 * Keyed by the storage object, so two bots in one process (tests) never share entries.
 */
const seenByStorage = new WeakMap<object, Map<string, string>>();
function seenOf(d: DeliveryContext): Map<string, string> {
  let m = seenByStorage.get(d.storage);
  if (!m) seenByStorage.set(d.storage, (m = new Map()));
  return m;
}

export async function rememberConversation(d: DeliveryContext, c: ConversationSeen): Promise<void> {
  // A request whose serviceUrl nobody vouches for never points a stored conversation anywhere.
  if (!c.trusted) return;
  const key = `${c.tenantId}|${c.kind}|${c.reference.conversationId}|${c.from.id}`;
  const fingerprint = c.reference.serviceUrl;
  const seen = seenOf(d);
  if (seen.get(key) === fingerprint) return;
  const now = d.clock.now().toISOString();
  if (c.kind === 'personal' && c.from.id) {
    await d.storage.conversations.savePersonal(c.from.id, c.reference, now);
    // A person who writes to the bot is reachable again (ARCHITECTURE rule 4).
    await d.storage.people.upsert({ tenantId: c.tenantId, id: c.from.id, name: c.from.name, aadObjectId: c.from.aadObjectId, updatedAt: now });
  } else if (c.kind === 'channel' && c.channelId) {
    await d.storage.conversations.saveChannel(c.channelId, c.reference, now);
  } else {
    return;
  }
  seen.set(key, fingerprint);
  if (seen.size > 50_000) seen.clear();
}

/** The bot was removed from a chat or a team: nothing more is sent there. */
export async function forgetConversation(d: DeliveryContext, c: ConversationSeen): Promise<void> {
  if (!c.trusted) return;
  seenOf(d).clear();
  if (c.kind === 'personal' && c.from.id) {
    await d.storage.conversations.markPersonal(c.tenantId, c.from.id, { gone: true });
  } else if (c.channelId) {
    await d.storage.conversations.markChannel(c.tenantId, c.channelId, { gone: true });
  }
}

/** Teams answered 403/404: stop prompting this person until they write to the bot again. */
export async function markPersonUnreachable(d: DeliveryContext, tenantId: string, userId: string): Promise<void> {
  telemetry.ownerUnreachable(tenantId);
  await d.storage.conversations.markPersonal(tenantId, userId, { unreachable: true, unreachableSince: d.clock.now().toISOString() });
  seenOf(d).clear();
}
