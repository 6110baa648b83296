// CloudAdapter with the Bot Framework's own authentication. With an App ID every inbound request's
// token is validated by botbuilder (never switched off here); without one the bot is in local mode.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import {
  AuthenticationError,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { DEFAULT_LANGUAGE, t } from '../i18n';

/**
 * Set in the turn state of every inbound turn by the turn handler. A turn without it was started
 * by the bot itself (a proactive send through continueConversationAsync), whose failure the
 * sender must see. A missing activity id does not make a turn proactive: Teams always sends one,
 * but a hand-made request need not, and it must still get the polite reply rather than a 500
 * with the error's text.
 */
export const INBOUND_TURN = Symbol('gevinstbot.inboundTurn');

/** Keys of botbuilder's auth configuration that tests may point at a local OpenID endpoint. */
export type AuthOverrides = Record<string, string>;

/** The errors jsonwebtoken throws for a token that is malformed, badly signed, expired or not yet valid. */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder's validation, unchanged, except that a token jsonwebtoken rejects (bad signature,
 * not yet valid, malformed) is an AuthenticationError: CloudAdapter then answers 401 instead of
 * 500 with the library's message ("a token not valid yet" and "invalid signature" came
 * back as 500). Errors of our own side (keys not reachable) keep their status.
 */
class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly inboundConnectors = new BoundedCache<ConnectorClient>(64);
  private readonly userTokenClients = new BoundedCache<UserTokenClient>(8);

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      if (!(e instanceof AuthenticationError) && JWT_ERRORS.has((e as Error | undefined)?.name ?? '')) {
        throw new AuthenticationError('Unauthorized. Invalid token.', 401);
      }
      throw e;
    }
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.inboundConnectors) };
  }

  // CloudAdapter builds a UserTokenClient (a client with its own HTTP pipeline) for every turn,
  // though Gevinstbot never asks for user tokens; one per app ID serves them all.
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/**
 * The connector factory of inbound turns, reusing one ConnectorClient per (app ID, service URL,
 * audience): CloudAdapter creates a client with a new HTTP pipeline for every inbound activity,
 * ~4 % of the CPU of answering a card (bench/answerLatency.ts). A client keeps its
 * credentials, which renew their own token. Proactive sends do not come here
 * (createConnectorFactory is not overridden): the sender keeps clients of its own, one per tenant
 * and service URL, each with that tenant's limiter policy in its pipeline (./sender.ts).
 */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: BoundedCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}|${audience ?? ''}|${serviceUrl}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * A small map of promised clients, emptied when full: in local mode the service URL of an inbound
 * activity is whatever the caller wrote, so the number of keys must not grow without bound.
 * A creation that fails is forgotten, so the next turn tries again.
 */
export class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly max: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.max) this.entries.clear();
      entry = create();
      this.entries.set(key, entry);
      entry.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return entry;
  }
}

function appIdOf(identity: ClaimsIdentity): string {
  return JwtTokenValidation.getAppIdFromClaims(identity?.claims ?? []) ?? '';
}

export function createAdapter(config: Config, log: Logger, overrides: AuthOverrides = {}): { adapter: CloudAdapter; auth: ConfigurationBotFrameworkAuthentication } {
  const auth = new BotAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.localMode ? 'MultiTenant' : config.appType,
    MicrosoftAppTenantId: config.appTenantId,
    ...overrides,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const proactive = context.turnState.get(INBOUND_TURN) !== true;
    log.error({ err: error, activityType: context.activity?.type, proactive }, 'turn failed');
    // Proactive turns: let the sender see the failure (status, Retry-After) instead of swallowing it.
    if (proactive) throw error;
    if (context.activity?.type === 'message') {
      try {
        await context.sendActivity(t(DEFAULT_LANGUAGE, 'error.generic'));
      } catch {
        // Teams unreachable too: the log line above is all we can do.
      }
    }
  };
  return { adapter, auth };
}
