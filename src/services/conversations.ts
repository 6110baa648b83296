// Where to send: conversation references by user (personal chat) and by channel.
import type { Services } from './context';
import type { ConversationEvent, InboundContext } from './ports';

/** Remembers the references seen in this process, so a busy chat does not write on every message. */
const seen = new Map<string, string>();

export async function rememberConversation(s: Services, ctx: Omit<InboundContext, 'lookupMember'>): Promise<void> {
  const key = `${ctx.tenantId}|${ctx.conversationKind}|${ctx.reference.conversationId}|${ctx.from.id}`;
  const fingerprint = `${ctx.serviceUrl}|${ctx.reference.locale ?? ''}`;
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
  seen.clear();
  if (ctx.conversationKind === 'personal' && ctx.from.id) {
    await s.storage.conversations.markPersonal(ctx.tenantId, ctx.from.id, { gone: true });
  } else if (ctx.channelId) {
    await s.storage.conversations.markChannel(ctx.tenantId, ctx.channelId, { gone: true });
  }
}

/** For tests that reuse one process across fresh storages. */
export function forgetSeenConversations(): void {
  seen.clear();
}

/** Teams answered 403/404: stop prompting this person until they write to the bot again. */
export async function markPersonUnreachable(s: Services, tenantId: string, userId: string): Promise<void> {
  await s.storage.conversations.markPersonal(tenantId, userId, { unreachable: true, unreachableSince: s.clock.now().toISOString() });
  seen.clear();
}
