// Maps Teams activities to the BotApp port: messages → commands, Action.Execute invokes → card
// actions, install/uninstall → the conversation store. Nothing else in the app sees botbuilder.
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  StatusCodes,
  TeamsInfo,
  TurnContext,
  type Activity,
  type Mention,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Person } from '../domain/types';
import type { BotApp, InboundContext, InboundFile, MentionEntity } from '../ports/inbound';
import type { OutboundMessage } from '../ports/outbound';
import type { StoredReference } from '../storage';
import type { ClaimsIdentity } from 'botframework-connector';
import { INBOUND_TURN } from './adapter';
import { isServiceUrlTrusted } from './serviceUrlTrust';
import { teamsSafeCard, teamsSafeText } from './teamsText';

export function createTurnHandler(app: BotApp, log: Logger) {
  return async function handleTurn(context: TurnContext): Promise<void> {
    context.turnState.set(INBOUND_TURN, true);
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    if (!tenantId || !app.isTenantAllowed(tenantId)) {
      // Not ours to serve: say nothing (a reply would confirm the bot exists), log it, and answer
      // invokes with an empty 200 so Teams shows no error to a user who should never see this bot.
      log.warn({ tenantId: tenantId ?? null, type: activity.type }, 'activity from a tenant that is not allowed; ignored');
      if (activity.type === ActivityTypes.Invoke) await setInvokeResponse(context, 200, {});
      return;
    }
    switch (activity.type) {
      case ActivityTypes.Message:
        return onMessage(context, tenantId);
      case ActivityTypes.Invoke:
        return onInvoke(context, tenantId);
      case ActivityTypes.InstallationUpdate:
        return onInstallation(context, tenantId);
      case ActivityTypes.ConversationUpdate:
        return onConversationUpdate(context, tenantId);
      default:
        return;
    }
  };

  async function onMessage(context: TurnContext, tenantId: string): Promise<void> {
    const a = context.activity;
    const files = filesOf(a);
    if (typeof a.text !== 'string' || a.text.trim() === '') {
      // A card submit from an old client or an attachment: there is nothing to parse.
      if (a.value === undefined && files.length === 0) return;
    }
    const base = inboundContext(context, tenantId);
    const mentions: MentionEntity[] = (a.entities ?? [])
      .filter((e): e is Mention & { type: string } => e.type === 'mention' && typeof (e as Mention).mentioned?.id === 'string')
      .map((e) => ({ id: e.mentioned.id, name: e.mentioned.name ?? '', text: typeof e.text === 'string' ? e.text : '' }));
    const replies = await app.onMessage({ ...base, text: typeof a.text === 'string' ? a.text : '', mentions, ...(files.length ? { files } : {}) });
    for (const reply of replies) await context.sendActivity(toActivity(reply));
  }

  async function onInvoke(context: TurnContext, tenantId: string): Promise<void> {
    const a = context.activity;
    if (a.name !== 'adaptiveCard/action') {
      await setInvokeResponse(context, StatusCodes.NOT_IMPLEMENTED, undefined);
      return;
    }
    const action = (a.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data = action?.data && typeof action.data === 'object' && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
    const card = await app.onCardAction({ ...inboundContext(context, tenantId), verb, data, replyToId: a.replyToId });
    // Universal Actions: a 200 with a card replaces the card the user acted on, in place.
    await setInvokeResponse(context, 200, { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: teamsSafeCard(card) });
  }

  async function onInstallation(context: TurnContext, tenantId: string): Promise<void> {
    const a = context.activity;
    const ctx = inboundContext(context, tenantId);
    const { lookupMember: _l, lookupTeamMember: _t, lookupChannelName: _c, ...plain } = ctx;
    const removed = typeof a.action === 'string' && a.action.startsWith('remove');
    await app.onConversationEvent({ type: removed ? 'uninstalled' : 'installed', context: plain });
    if (!removed) {
      const replies = await app.onMessage({ ...ctx, text: '', mentions: [] });
      for (const reply of replies) await context.sendActivity(toActivity(reply));
    }
  }

  async function onConversationUpdate(context: TurnContext, tenantId: string): Promise<void> {
    const a = context.activity;
    const botId = a.recipient?.id;
    const eventType = (a.channelData as { eventType?: string } | undefined)?.eventType;
    const ctx = inboundContext(context, tenantId);
    const { lookupMember: _l, lookupTeamMember: _t, lookupChannelName: _c, ...plain } = ctx;
    const botRemoved = (a.membersRemoved ?? []).some((m) => m.id === botId) || eventType === 'teamDeleted' || eventType === 'channelDeleted';
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === botId);
    if (botRemoved) await app.onConversationEvent({ type: 'uninstalled', context: plain });
    else if (botAdded) await app.onConversationEvent({ type: 'installed', context: plain });
  }

  function inboundContext(context: TurnContext, tenantId: string): InboundContext {
    const a = context.activity;
    const cd = (a.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string; name?: unknown }; teamsChannelId?: string; teamsTeamId?: string };
    const convType = a.conversation?.conversationType;
    const conversationKind = convType === 'channel' ? 'channel' : convType === 'groupChat' ? 'groupChat' : 'personal';
    const teamId = cd.team?.id ?? cd.teamsTeamId;
    const channelId = cd.channel?.id ?? cd.teamsChannelId ?? (conversationKind === 'channel' ? a.conversation.id.split(';')[0] : undefined);
    const from: Person = { id: a.from?.id ?? '', name: a.from?.name ?? '', aadObjectId: a.from?.aadObjectId };
    const reference: StoredReference = {
      serviceUrl: a.serviceUrl,
      // A channel post's id carries ';messageid=…' (the thread). Proactive posts go to the channel itself.
      conversationId: conversationKind === 'channel' && channelId ? channelId : a.conversation.id,
      conversationType: convType,
      tenantId,
      botId: a.recipient?.id ?? '',
      botName: a.recipient?.name,
      userId: conversationKind === 'personal' ? from.id : undefined,
      userName: conversationKind === 'personal' ? from.name : undefined,
      teamId,
      channelId,
    };
    return {
      tenantId,
      from,
      conversationKind,
      conversationId: a.conversation.id,
      teamId,
      channelId,
      serviceUrl: a.serviceUrl,
      serviceUrlTrusted: isServiceUrlTrusted(a.serviceUrl, context.turnState.get(context.adapter.BotIdentityKey) as ClaimsIdentity | undefined),
      botId: a.recipient?.id ?? '',
      reference,
      lookupMember: (idOrUpn: string) => member(() => TeamsInfo.getMember(context, idOrUpn)),
      lookupTeamMember: (teamId: string, idOrUpn: string) => member(() => TeamsInfo.getTeamMember(context, teamId, idOrUpn)),
      lookupChannelName: async () => {
        if (conversationKind !== 'channel' || !channelId) return undefined;
        // Teams sends the name only on some events; the team's channel list always has it (the
        // General channel has no name there: its id is the team's).
        if (typeof cd.channel?.name === 'string' && cd.channel.name.trim() !== '') return cd.channel.name.trim().slice(0, 100);
        try {
          const channels = await TeamsInfo.getTeamChannels(context, teamId);
          const hit = channels.find((c) => c.id === channelId);
          if (!hit) return undefined;
          return typeof hit.name === 'string' && hit.name.trim() !== '' ? hit.name.trim().slice(0, 100) : channelId === teamId ? { general: true as const } : undefined;
        } catch {
          return undefined; // a name is a nicety: never fail a command for it
        }
      },
    };
  }
}

/** A member from Teams as a Person; undefined when Teams does not know them there. */
async function member(get: () => ReturnType<typeof TeamsInfo.getMember>): Promise<Person | undefined> {
  try {
    const m = await get();
    return {
      id: m.id,
      name: m.name ?? [m.givenName, m.surname].filter(Boolean).join(' '),
      aadObjectId: m.aadObjectId,
      upn: (m.userPrincipalName ?? m.email ?? undefined)?.toLowerCase(),
    };
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 404 || status === 400 || status === 403) return undefined;
    throw e;
  }
}

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** The files Teams attached to a message (at most a few; anything malformed is left out). */
function filesOf(a: Activity): InboundFile[] {
  const out: InboundFile[] = [];
  for (const att of (a.attachments ?? []).slice(0, 10)) {
    if (att?.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = (att.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (typeof content.downloadUrl !== 'string' || content.downloadUrl.length > 4000) continue;
    out.push({
      name: typeof att.name === 'string' ? att.name.slice(0, 200) : '',
      downloadUrl: content.downloadUrl,
      ...(typeof content.fileType === 'string' ? { fileType: content.fileType.slice(0, 20).toLowerCase() } : {}),
    });
  }
  return out;
}

function tenantOf(a: Activity): string | undefined {
  const fromChannelData = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = a.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}

/** The adapter turns an invokeResponse activity into the HTTP response of the invoke. */
async function setInvokeResponse(context: TurnContext, status: number, body: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

/** OutboundMessage → Teams activity: text with mention entities, and/or one Adaptive Card. */
export function toActivity(outbound: OutboundMessage): Partial<Activity> {
  const message: OutboundMessage = {
    ...outbound,
    text: outbound.text === undefined ? undefined : teamsSafeText(outbound.text),
    card: outbound.card === undefined ? undefined : teamsSafeCard(outbound.card),
  };
  const activity: Partial<Activity> = message.card
    ? MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text)
    : MessageFactory.text(message.text ?? '');
  if (message.summary) activity.summary = message.summary;
  if (message.mentions?.length && message.text) {
    activity.entities = message.mentions
      .filter((p) => message.text!.includes(`<at>${p.name}</at>`))
      .map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } }));
  }
  return activity;
}
