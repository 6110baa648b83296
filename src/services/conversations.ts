// Where to send: conversation references by user (personal chat) and by channel.
import type { Services } from './context';
import type { ConversationEvent, InboundContext } from './ports';
import { telemetry } from '../telemetry';

/**
 * Remembers the references seen in this process, so a busy chat does not write on every message.
 * Keyed by the storage object, so two bots in one process (tests) never share entries.
 */
const seenByStorage = new WeakMap<object, Map<string, string>>();
function seenOf(s: Services): Map<string, string> {
  let m = seenByStorage.get(s.storage);
  if (!m) seenByStorage.set(s.storage, (m = new Map()));
  return m;
}

export async function rememberConversation(s: Services, ctx: Omit<InboundContext, 'lookupMember'>): Promise<void> {
  const key = `${ctx.tenantId}|${ctx.conversationKind}|${ctx.reference.conversationId}|${ctx.from.id}`;
  const fingerprint = `${ctx.serviceUrl}|${ctx.reference.locale ?? ''}`;
  const seen = seenOf(s);
  if (seen.get(key) === fingerprint) return;
  const now = s.clock.now().toISOString();
  if (ctx.conversationKind === 'personal' && ctx.from.id) {
    await s.storage.conversations.savePersonal(ctx.from.id, ctx.reference, now);
    // A person who writes to the bot is reachable again (ARCHITECTURE rule 4).
    await s.storage.people.upsert({ tenantId: ctx.tenantId, id: ctx.from.id, name: ctx.from.name, aadObjectId: ctx.from.aadObjectId, updatedAt: now });
  } else if (ctx.conversationKind === 'channel' && ctx.channelId) {
    await s.storage.conversations.saveChannel(ctx.channelId, ctx.reference, now);
  } else {
    return;
  }
  seen.set(key, fingerprint);
  if (seen.size > 50_000) seen.clear();
}

export async function onConversationEvent(s: Services, event: ConversationEvent): Promise<void> {
  const ctx = event.context;
  if (event.type === 'installed') {
    await rememberConversation(s, ctx);
    return;
  }
  seenOf(s).clear();
  if (ctx.conversationKind === 'personal' && ctx.from.id) {
    await s.storage.conversations.markPersonal(ctx.tenantId, ctx.from.id, { gone: true });
  } else if (ctx.channelId) {
    await s.storage.conversations.markChannel(ctx.tenantId, ctx.channelId, { gone: true });
  }
}


/** Teams answered 403/404: stop prompting this person until they write to the bot again. */
export async function markPersonUnreachable(s: Services, tenantId: string, userId: string): Promise<void> {
  telemetry.ownerUnreachable(tenantId);
  await s.storage.conversations.markPersonal(tenantId, userId, { unreachable: true, unreachableSince: s.clock.now().toISOString() });
  seenOf(s).clear();
}
