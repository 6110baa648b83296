// Delivery to a person's personal chat or a plan's channel, with bounded retries (./retry). 403/404
// mark a person unreachable: they are not prompted again until they write to the bot
// (ARCHITECTURE rule 4).
import type { Person, Plan } from '../domain/types';
import type { ConversationRow, StoredReference } from '../storage';
import type { DeliveryContext } from './context';
import { markPersonUnreachable } from './conversations';
import type { OutboundMessage } from '../ports/outbound';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';

export type DeliveryOutcome =
  | { ok: true; activityId: string; conversationId: string; reference: StoredReference }
  | { ok: false; unreachable: boolean; error: string };

export interface PersonDeliveryOptions {
  /** The service URL of a team the person is in, to open a chat when the bot has none yet. */
  serviceUrl?: string;
  retry?: RetryPolicy;
  /** The person's conversation row when the caller has read it already (null: read, none). */
  conversation?: ConversationRow | null;
}

/**
 * One delivery at a time per person in this process: their messages arrive in order, a chat is
 * opened once even when several of their benefits are due together, and a Retry-After given for
 * their chat holds back the next message to them.
 */
const personQueues = new Map<string, Promise<unknown>>();

/**
 * Sends to a person's personal chat with the bot, opening it when the bot has none yet (the bot
 * must share a team with them: `serviceUrl` is that team's). Returns unreachable without trying
 * when Teams refused this person before.
 */
export function deliverToPerson(d: DeliveryContext, tenantId: string, person: Person, message: OutboundMessage, options: PersonDeliveryOptions = {}): Promise<DeliveryOutcome> {
  const key = `${tenantId}|${person.id}`;
  const ahead = personQueues.get(key);
  // When another delivery to this person goes first, a conversation row read before waiting may be
  // stale by our turn (that delivery may open the chat): read it again then.
  const own = ahead ? { ...options, conversation: undefined } : options;
  const run = (ahead ?? Promise.resolve()).then(() => deliverNow(d, tenantId, person, message, own));
  const tail = run.catch(() => undefined);
  personQueues.set(key, tail);
  void tail.then(() => {
    if (personQueues.get(key) === tail) personQueues.delete(key);
  });
  return run;
}

async function deliverNow(d: DeliveryContext, tenantId: string, person: Person, message: OutboundMessage, options: PersonDeliveryOptions): Promise<DeliveryOutcome> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const stored = options.conversation !== undefined ? (options.conversation ?? undefined) : await d.storage.conversations.getPersonal(tenantId, person.id);
  if (stored?.unreachable) return { ok: false, unreachable: true, error: 'Teams refused this person earlier' };
  let reference = stored && !stored.gone ? stored.reference : undefined;
  if (!reference) {
    const serviceUrl = options.serviceUrl ?? stored?.reference?.serviceUrl;
    if (!serviceUrl) return { ok: false, unreachable: true, error: 'no conversation with this person and no team to open one from' };
    const created = await withRetry(() => d.messenger.createPersonalConversation(tenantId, serviceUrl, person), retry);
    if (!created.ok) {
      if (created.unreachable) await markPersonUnreachable(d, tenantId, person.id);
      return { ok: false, unreachable: created.unreachable, error: created.error || 'could not open a chat' };
    }
    reference = created.reference;
    await d.storage.conversations.savePersonal(person.id, reference, d.clock.now().toISOString());
  }
  const to = reference;
  const result = await withRetry(() => d.messenger.send(to, message), retry);
  if (result.ok) return { ok: true, activityId: result.activityId, conversationId: result.conversationId, reference: to };
  if (result.unreachable) await markPersonUnreachable(d, tenantId, person.id);
  return { ok: false, unreachable: result.unreachable, error: result.error };
}

/** The reference a plan posts to: its channel (a new post, not a reply in a thread). */
export function channelReference(plan: Pick<Plan, 'tenantId' | 'channel'>): StoredReference {
  return {
    serviceUrl: plan.channel.serviceUrl,
    conversationId: plan.channel.conversationId,
    conversationType: 'channel',
    tenantId: plan.tenantId,
    botId: plan.channel.botId,
    teamId: plan.channel.teamId,
    channelId: plan.channel.channelId,
  };
}

/** Posts to the plan's channel. */
export async function deliverToChannel(
  d: DeliveryContext,
  plan: Pick<Plan, 'tenantId' | 'channel' | 'id'>,
  message: OutboundMessage,
  options: { retry?: RetryPolicy } = {},
): Promise<DeliveryOutcome> {
  const reference = channelReference(plan);
  const result = await withRetry(() => d.messenger.send(reference, message), options.retry ?? DEFAULT_RETRY);
  if (result.ok) return { ok: true, activityId: result.activityId, conversationId: result.conversationId, reference };
  if (result.unreachable) {
    d.log.warn({ event: 'channel.unreachable', planId: plan.id, status: result.status }, 'Teams refused the plan channel (bot removed from the team?)');
  }
  return { ok: false, unreachable: result.unreachable, error: result.error };
}

/** Replaces an earlier message (e.g. a prompt card answered by `measure`). Best effort. */
export async function replaceMessage(d: DeliveryContext, reference: StoredReference, activityId: string, message: OutboundMessage): Promise<boolean> {
  const r = await d.messenger.update(reference, activityId, message);
  return r.ok;
}
