// CloudAdapter with the Bot Framework's own authentication. With an App ID every inbound request's
// token is validated by botbuilder (never switched off here); without one the bot is in local mode.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { pickLanguage, t } from '../i18n';

/** Keys of botbuilder's auth configuration that tests may point at a local OpenID endpoint. */
export type AuthOverrides = Record<string, string>;

export function createAdapter(config: Config, log: Logger, overrides: AuthOverrides = {}): { adapter: CloudAdapter; auth: ConfigurationBotFrameworkAuthentication } {
  const auth = new ConfigurationBotFrameworkAuthentication({
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
