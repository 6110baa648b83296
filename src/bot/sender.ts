// Proactive sends (Messenger port) to the Bot Connector. Every HTTP attempt to Teams, including
// botbuilder's own retries, passes the tenant's rate limiter: a policy is placed inside the
// connector client's retry loop, so each attempt takes a slot and each 429 pauses the tenant for
// its Retry-After. Failures come back as SendResult with the status, never as a thrown error:
// the dispatcher decides what to retry.
//
// Each tenant has its own ConnectorClient per service URL, made once with the bot's credentials
// (which renew their own token) and that tenant's limiter in its pipeline. CloudAdapter's
// continueConversationAsync built a new client — a new HTTP pipeline — for every send, plus a
// claims identity, a user-token client and a turn context, for a turn that only sends one
// activity: ~15 % of the bot's CPU per prompt (bench/tenants.ts). The activity is still made by
// botbuilder's own TurnContext functions from the same continuation activity, so what reaches
// Teams is what continueConversationAsync + sendActivity sent: a reply to the continuation's
// random id, with the same fields, sent through the same client's pipeline (./connectorCall.ts
// writes the JSON the client's operations would).
import { randomUUID } from 'node:crypto';
import { ActivityEventNames, ActivityTypes, TurnContext, type Activity, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication, type ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Person } from '../domain/types';
import { parseRetryAfter, type TenantRateLimiter } from '../delivery/rateLimiter';
import type { Messenger, OutboundMessage, SendResult } from '../ports/outbound';
import type { StoredReference } from '../storage';
import { BoundedCache } from './adapter';
import { callWithActivity } from './connectorCall';
import { toActivity } from './turnHandler';
import { telemetry } from '../telemetry';

interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  addPolicy(policy: unknown, options?: { afterPhase?: string }): void;
  removePolicy(options: { name: string }): unknown;
}

const POLICY_NAME = 'gevinstbotTenantRateLimit';
const TEAMS_AUDIENCE = 'https://api.botframework.com';

/** Clients kept at once: a tenant has one per service URL (and one for creating chats). */
const MAX_CLIENTS = 512;

export class TeamsMessenger implements Messenger {
  private readonly clients = new BoundedCache<ConnectorClient>(MAX_CLIENTS);
  private readonly identity: ClaimsIdentity;

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    private readonly appId: string,
    private readonly limiter: TenantRateLimiter,
    private readonly log: Logger,
  ) {
    // What CloudAdapter's createClaimsIdentity(appId) holds: the connector factory reads the app ID from it.
    this.identity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ]);
  }

  send(reference: StoredReference, message: OutboundMessage): Promise<SendResult> {
    return this.inConversation(reference, toActivity(message), (client, activity) =>
      callWithActivity(
        client,
        activity.replyToId ? { kind: 'reply', conversationId: activity.conversation.id, replyToId: activity.replyToId } : { kind: 'send', conversationId: activity.conversation.id },
        activity,
      ),
    );
  }

  update(reference: StoredReference, activityId: string, message: OutboundMessage): Promise<SendResult> {
    return this.inConversation(reference, { ...toActivity(message), id: activityId }, async (client, activity) => {
      await callWithActivity(client, { kind: 'update', conversationId: activity.conversation.id, activityId }, activity);
      return activityId;
    });
  }

  async createPersonalConversation(
    tenantId: string,
    serviceUrl: string,
    user: Person,
  ): Promise<{ ok: true; reference: StoredReference } | { ok: false; unreachable: boolean; status?: number; retryAfterMs?: number; error: string }> {
    const params: ConversationParameters = {
      isGroup: false,
      bot: { id: this.appId ? `28:${this.appId}` : '', name: 'Gevinstbot' },
      members: [{ id: user.id, name: user.name }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    // As CloudAdapter.createConversationAsync, but on the tenant's client, whose pipeline carries
    // the tenant limiter, so this call and its retries respect Retry-After like every other send.
    try {
      const client = await this.client(tenantId, serviceUrl, TEAMS_AUDIENCE);
      const result = await client.conversations.createConversation(params);
      return {
        ok: true,
        reference: {
          serviceUrl: result.serviceUrl || serviceUrl,
          conversationId: result.id,
          conversationType: 'personal',
          tenantId,
          botId: params.bot?.id ?? '',
          userId: user.id,
          userName: user.name,
        },
      };
    } catch (e) {
      const f = this.failure(e, tenantId);
      return { ok: false, unreachable: f.unreachable, status: f.status, retryAfterMs: f.retryAfterMs, error: f.error };
    }
  }

  /**
   * The activity as TurnContext.sendActivity / updateActivity make it inside the turn that
   * continueConversationAsync starts for `reference`, and the call that delivers it.
   */
  private async inConversation(reference: StoredReference, outgoing: Partial<Activity>, call: (client: ConnectorClient, activity: Activity) => Promise<string>): Promise<SendResult> {
    const ref: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: reference.serviceUrl,
      conversation: {
        id: reference.conversationId,
        conversationType: reference.conversationType ?? 'personal',
        tenantId: reference.tenantId,
        isGroup: reference.conversationType === 'channel',
        name: '',
      },
      bot: { id: reference.botId, name: reference.botName ?? 'Gevinstbot' },
      user: reference.userId ? { id: reference.userId, name: reference.userName ?? '' } : undefined,
    };
    let client: ConnectorClient;
    try {
      client = await this.client(reference.tenantId, reference.serviceUrl);
    } catch (e) {
      return this.failure(e, reference.tenantId);
    }
    // ActivityEx.getContinuationActivity(ref), then the turn's conversation reference of it.
    const continuation: Partial<Activity> = {
      type: ActivityTypes.Event,
      name: ActivityEventNames.ContinueConversation,
      id: randomUUID(),
      channelId: ref.channelId,
      locale: ref.locale,
      serviceUrl: ref.serviceUrl,
      conversation: ref.conversation,
      recipient: ref.bot,
      from: ref.user,
      relatesTo: ref as ConversationReference,
    };
    const activity = TurnContext.applyConversationReference({ ...outgoing }, TurnContext.getConversationReference(continuation)) as Activity;
    if (outgoing.id === undefined) {
      // sendActivity's defaults (an update keeps its id and type as given).
      activity.type ??= ActivityTypes.Message;
      delete activity.id;
    }
    let activityId: string;
    try {
      activityId = await call(client, activity);
    } catch (e) {
      // What CloudAdapter's onTurnError (src/bot/adapter.ts) logged for a failed proactive turn.
      this.log.error({ err: e, activityType: ActivityTypes.Event, proactive: true }, 'turn failed');
      return this.failure(e, reference.tenantId);
    }
    return { ok: true, activityId, conversationId: reference.conversationId };
  }

  /** The tenant's connector client for a service URL (and audience), with its limiter policy, made once. */
  private client(tenantId: string, serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${tenantId}|${audience ?? ''}|${serviceUrl}`, async () => {
      const client = await this.auth.createConnectorFactory(this.identity).create(serviceUrl, audience);
      const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
      this.addLimiterPolicy(pipeline, tenantId);
      // Gevinstbot exports no SDK traces (its logs are pino's); the policy opens a no-op span per
      // request, as on the Table clients (src/storage/tables.ts).
      pipeline?.removePolicy({ name: 'tracingPolicy' });
      return client;
    });
  }

  private addLimiterPolicy(pipeline: PipelineLike | undefined, tenantId: string): void {
    if (!pipeline || typeof pipeline.addPolicy !== 'function') {
      throw new Error('connector client pipeline not found: cannot rate-limit sends');
    }
    if (pipeline.getOrderedPolicies().some((p) => p.name === POLICY_NAME)) return;
    const limiter = this.limiter;
    pipeline.addPolicy(
      {
        name: POLICY_NAME,
        async sendRequest(request: unknown, next: (r: unknown) => Promise<{ status: number; headers: { get(n: string): string | undefined } }>) {
          await limiter.acquire(tenantId);
          const response = await next(request);
          if (response.status === 429) {
            // Without Retry-After Teams gives no hint; a short pause still spares the others.
            const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
            telemetry.throttled(tenantId, retryAfterMs);
            limiter.pause(tenantId, retryAfterMs ?? 1000);
          }
          return response;
        },
      },
      { afterPhase: 'Retry' },
    );
  }

  private failure(e: unknown, tenantId: string): Extract<SendResult, { ok: false }> {
    const err = e as {
      statusCode?: number;
      response?: { status?: number; headers?: { get?(n: string): string | undefined } & Record<string, unknown> };
      message?: string;
      code?: string;
    };
    const status = err.statusCode ?? err.response?.status;
    const headers = err.response?.headers;
    const header = headers?.get?.('retry-after') ?? (typeof headers?.['retry-after'] === 'string' ? (headers['retry-after'] as string) : undefined);
    const retryAfterMs = parseRetryAfter(header, Date.now());
    const unreachable = status === 403 || status === 404;
    this.log.debug({ tenantId, status, code: err.code }, 'send failed');
    return { ok: false, status, unreachable, retryAfterMs, error: (err.message ?? String(e)).slice(0, 300) };
  }
}
