// Delivery to a person's personal chat or a plan's channel, with bounded retries. The Messenger
// below already waits for the tenant's rate limit and for Retry-After on every attempt; here we
// retry what is still failing (429 without Retry-After, 5xx, timeouts) with exponential backoff
// and jitter, and treat 403/404 as unreachable: that person is not prompted again until they
// write to the bot (ARCHITECTURE rule 4).
import type { Person, Plan } from '../domain/types';
import type { Services } from '../services/context';
import { markPersonUnreachable } from '../services/conversations';
import type { OutboundMessage, SendResult } from '../services/ports';
import type { ConversationRow, StoredReference } from '../storage';

export type DeliveryOutcome =
  | { ok: true; activityId: string; conversationId: string; reference: StoredReference }
  | { ok: false; unreachable: boolean; error: string };

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff with full jitter, never shorter than the server's Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

async function withRetry(send: () => Promise<SendResult>, policy: RetryPolicy): Promise<SendResult> {
  let last: SendResult | undefined;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    last = await send();
    if (last.ok || last.unreachable) return last;
    // A 4xx other than 408/429 will not get better by trying again.
    if (last.status !== undefined && last.status >= 400 && last.status < 500 && last.status !== 408 && last.status !== 429) return last;
    if (attempt < policy.attempts - 1) await sleep(backoffMs(attempt, policy, last.retryAfterMs));
  }
  return last!;
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
export function deliverToPerson(
  s: Services,
  tenantId: string,
  person: Person,
  message: OutboundMessage,
  options: { serviceUrl?: string; retry?: RetryPolicy; conversation?: ConversationRow | null } = {},
): Promise<DeliveryOutcome> {
  const key = `${tenantId}|${person.id}`;
  const ahead = personQueues.get(key);
  // When another delivery to this person goes first, a conversation row read before waiting may be
  // stale by our turn (that delivery may open the chat): read it again then.
  const ownOptions = ahead ? { ...options, conversation: undefined } : options;
  const run = (ahead ?? Promise.resolve()).then(() => deliverNow(s, tenantId, person, message, ownOptions));
  const tail = run.catch(() => undefined);
  personQueues.set(key, tail);
  void tail.then(() => {
    if (personQueues.get(key) === tail) personQueues.delete(key);
  });
  return run;
}

async function deliverNow(
  s: Services,
  tenantId: string,
  person: Person,
  message: OutboundMessage,
  options: { serviceUrl?: string; retry?: RetryPolicy; conversation?: ConversationRow | null },
): Promise<DeliveryOutcome> {
  const retry = options.retry ?? DEFAULT_RETRY;
  // The caller may have read the conversation already (to pick the language): one read, not two.
  const stored = options.conversation !== undefined ? (options.conversation ?? undefined) : await s.storage.conversations.getPersonal(tenantId, person.id);
  if (stored?.unreachable) return { ok: false, unreachable: true, error: 'Teams refused this person earlier' };
  let reference = stored && !stored.gone ? stored.reference : undefined;
  if (!reference) {
    const serviceUrl = options.serviceUrl ?? stored?.reference?.serviceUrl;
    if (!serviceUrl) return { ok: false, unreachable: true, error: 'no conversation with this person and no team to open one from' };
    let created: Awaited<ReturnType<Services['messenger']['createPersonalConversation']>> | undefined;
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      created = await s.messenger.createPersonalConversation(tenantId, serviceUrl, person);
      if (created.ok || created.unreachable) break;
      if (created.status !== undefined && created.status >= 400 && created.status < 500 && created.status !== 408 && created.status !== 429) break;
      if (attempt < retry.attempts - 1) await sleep(backoffMs(attempt, retry, created.retryAfterMs));
    }
    if (!created || !created.ok) {
      if (created?.unreachable) await markPersonUnreachable(s, tenantId, person.id);
      return { ok: false, unreachable: created?.unreachable ?? false, error: created?.error ?? 'could not open a chat' };
    }
    reference = created.reference;
    await s.storage.conversations.savePersonal(person.id, reference, s.clock.now().toISOString());
  }
  const result = await withRetry(() => s.messenger.send(reference!, message), retry);
  if (result.ok) return { ok: true, activityId: result.activityId, conversationId: result.conversationId, reference };
  if (result.unreachable) await markPersonUnreachable(s, tenantId, person.id);
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
  s: Services,
  plan: Pick<Plan, 'tenantId' | 'channel' | 'id'>,
  message: OutboundMessage,
  options: { retry?: RetryPolicy } = {},
): Promise<DeliveryOutcome> {
  const reference = channelReference(plan);
  const result = await withRetry(() => s.messenger.send(reference, message), options.retry ?? DEFAULT_RETRY);
  if (result.ok) return { ok: true, activityId: result.activityId, conversationId: result.conversationId, reference };
  if (result.unreachable) {
    s.log.warn({ event: 'channel.unreachable', planId: plan.id, status: result.status }, 'Teams refused the plan channel (bot removed from the team?)');
  }
  return { ok: false, unreachable: result.unreachable, error: result.error };
}

/** Replaces an earlier message (e.g. a prompt card answered by `measure`). Best effort. */
export async function replaceMessage(s: Services, reference: StoredReference, activityId: string, message: OutboundMessage): Promise<boolean> {
  const r = await s.messenger.update(reference, activityId, message);
  return r.ok;
}
