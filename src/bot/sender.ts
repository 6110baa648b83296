// Proactive sends (Messenger port) through CloudAdapter. Every HTTP attempt to Teams, including
// botbuilder's own retries, passes the tenant's rate limiter: a policy is placed inside the
// connector client's retry loop, so each attempt takes a slot and each 429 pauses the tenant for
// its Retry-After. Failures come back as SendResult with the status, never as a thrown error:
// the dispatcher decides what to retry.
import { CloudAdapter, TurnContext, type ConversationParameters, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Person } from '../domain/types';
import { parseRetryAfter, type TenantRateLimiter } from '../delivery/rateLimiter';
import type { Messenger, OutboundMessage, SendResult } from '../ports/outbound';
import type { StoredReference } from '../storage';
import { toActivity } from './turnHandler';
import { telemetry } from '../telemetry';

interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  addPolicy(policy: unknown, options?: { afterPhase?: string }): void;
}

const POLICY_NAME = 'gevinstbotTenantRateLimit';
const TEAMS_AUDIENCE = 'https://api.botframework.com';

export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly auth: BotFrameworkAuthentication,
    private readonly appId: string,
    private readonly limiter: TenantRateLimiter,
    private readonly log: Logger,
  ) {}

  send(reference: StoredReference, message: OutboundMessage): Promise<SendResult> {
    return this.withConversation(reference, async (context) => {
      const r = await context.sendActivity(toActivity(message));
      return r?.id ?? '';
    });
  }

  update(reference: StoredReference, activityId: string, message: OutboundMessage): Promise<SendResult> {
    return this.withConversation(reference, async (context) => {
      await context.updateActivity({ ...toActivity(message), id: activityId });
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
    // Built like CloudAdapter.createConversationAsync, but on a client whose pipeline carries the
    // tenant limiter, so this call and its retries respect Retry-After like every other send.
    try {
      const identity = new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: this.appId },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId },
        { type: AuthenticationConstants.ServiceUrlClaim, value: serviceUrl },
      ]);
      const client = await this.auth.createConnectorFactory(identity).create(serviceUrl, TEAMS_AUDIENCE);
      this.addLimiterPolicy((client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline, tenantId);
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

  private async withConversation(reference: StoredReference, send: (context: TurnContext) => Promise<string>): Promise<SendResult> {
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
    let activityId = '';
    try {
      await this.adapter.continueConversationAsync(this.appId, ref, async (context) => {
        this.limitClient(context, reference.tenantId);
        activityId = await send(context);
      });
    } catch (e) {
      return this.failure(e, reference.tenantId);
    }
    return { ok: true, activityId, conversationId: reference.conversationId };
  }

  /** Puts the tenant limiter inside the retry loop of this turn's (fresh) connector client. */
  private limitClient(context: TurnContext, tenantId: string): void {
    const client = context.turnState.get(context.adapter.ConnectorClientKey) as { client?: { pipeline?: PipelineLike } } | undefined;
    this.addLimiterPolicy(client?.client?.pipeline, tenantId);
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
