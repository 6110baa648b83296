// CloudAdapter with the Bot Framework's own authentication. With an App ID every inbound request's
// token is validated by botbuilder (never switched off here); without one the bot is in local mode.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { pickLanguage, t } from '../i18n';

/** Keys of botbuilder's auth configuration that tests may point at a local OpenID endpoint. */
export type AuthOverrides = Record<string, string>;

/** The errors jsonwebtoken throws for a token that is malformed, badly signed, expired or not yet valid. */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder's validation, unchanged, except that a token jsonwebtoken rejects (bad signature,
 * not yet valid, malformed) is an AuthenticationError: CloudAdapter then answers 401 instead of
 * 500 with the library's message (issue #9: "a token not valid yet" and "invalid signature" came
 * back as 500). Errors of our own side (keys not reachable) keep their status.
 */
class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      if (!(e instanceof AuthenticationError) && JWT_ERRORS.has((e as Error | undefined)?.name ?? '')) {
        throw new AuthenticationError('Unauthorized. Invalid token.', 401);
      }
      throw e;
    }
  }
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
    const proactive = context.activity?.type === 'event' || !context.activity?.id;
    log.error({ err: error, activityType: context.activity?.type, proactive }, 'turn failed');
    // Proactive turns: let the sender see the failure (status, Retry-After) instead of swallowing it.
    if (proactive) throw error;
    if (context.activity?.type === 'message') {
      try {
        await context.sendActivity(t(pickLanguage(undefined, context.activity.locale), 'error.generic'));
      } catch {
        // Teams unreachable too: the log line above is all we can do.
      }
    }
  };
  return { adapter, auth };
}
