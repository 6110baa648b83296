/**
 * Builders of Teams-shaped inbound activities, as captured in /work/shared/TEAMS-ACTIVITIES.md,
 * but with real Teams ids (29:… users, 28:… bot, a:… personal chats, 19:…@thread.tacv2
 * channels) so id handling is exercised the way production will exercise it.
 */
import { randomUUID } from 'node:crypto';
import { fakePersonalConversationId, type FakeMember } from './fakeConnector';
import { noteTyped } from './visibleText';

// ─── Ids and people ─────────────────────────────────────────────────────────────────────────

export const TENANT_ID = '00000000-0000-0000-0000-0000000000001';
export const BOT = { id: '28:gevinstbot', name: 'Gevinstbot' } as const;
/** A standard channel; as the General channel, its id is also the team id. */
export const CHANNEL_ID = '19:abc@thread.tacv2';
export const TEAM_ID = CHANNEL_ID;
export const TEAM_AAD_GROUP_ID = '00000000-0000-0000-0000-000000000031';

export interface Person {
  /** Teams user id (per bot), what `from.id` and `mentioned.id` carry. */
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
}

function person(key: string, givenName: string, surname: string, n: number): Person {
  const upn = `${givenName}.${surname}`.toLowerCase().replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/å/g, 'a') + '@example.no';
  return {
    id: `29:${key}`,
    name: `${givenName} ${surname}`,
    aadObjectId: `6f1c2a3b-0000-4000-8000-${String(n).padStart(12, '0')}`,
    email: upn,
    userPrincipalName: upn,
    givenName,
    surname,
  };
}

export const people = {
  ola: person('ola', 'Ola', 'Nordmann', 1),
  kari: person('kari', 'Kari', 'Nordmann', 2),
  per: person('per', 'Per', 'Hansen', 3),
  ingrid: person('ingrid', 'Ingrid', 'Johansen', 4),
  lars: person('lars', 'Lars', 'Olsen', 5),
  siri: person('siri', 'Siri', 'Berg', 6),
  bjorn: person('bjorn', 'Bjørn', 'Larsen', 7),
  aase: person('aase', 'Åse', 'Kristiansen', 8),
} satisfies Record<string, Person>;

/** Builds more people for load tests: `29:user<n>`, "Bruker <n>". */
export function numberedPerson(n: number): Person {
  return { ...person(`user${n}`, 'Bruker', String(n), 1_000 + n), name: `Bruker ${n}` };
}

/** The personal chat id for a person: the same id the fake connector gives a created 1:1 chat. */
export function personalConversationId(p: Pick<Person, 'id'>): string {
  return fakePersonalConversationId(p.id);
}

/** The person as a roster member for FakeConnector.addMember. */
export function asMember(p: Person, tenantId = TENANT_ID): FakeMember {
  return { ...p, tenantId, userRole: 'user' };
}

// ─── Activity shape ─────────────────────────────────────────────────────────────────────────

export interface ChannelAccountLike {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface MentionEntity {
  type: 'mention';
  mentioned: { id: string; name: string };
  text: string;
}

/** The JSON Teams posts to /api/messages (loosely typed: tests also build odd ones). */
export interface TeamsActivity {
  type: string;
  id: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: ChannelAccountLike;
  recipient: ChannelAccountLike;
  conversation: { id: string; conversationType: 'personal' | 'channel'; tenantId: string; isGroup?: boolean; name?: string };
  channelData: Record<string, unknown>;
  locale?: string;
  text?: string;
  textFormat?: string;
  entities?: Record<string, unknown>[];
  attachments?: { contentType: string; content?: unknown }[];
  [k: string]: unknown;
}

interface Common {
  serviceUrl: string;
  /** Real Teams sends the user's client locale; Norwegian users mostly nb-NO. */
  locale?: string;
  tenantId?: string;
  bot?: ChannelAccountLike;
}

// Teams message ids are millisecond timestamps; counting up from a fixed one keeps them
// unique and ordered within a run.
let nextMessageId = 1_795_733_370_000;
export function newMessageId(): string {
  return String(nextMessageId++);
}

function clientInfo(locale: string): Record<string, unknown> {
  return { type: 'clientInfo', locale, country: 'NO', platform: 'Web', timezone: 'Europe/Oslo' };
}

function account(p: Person | ChannelAccountLike): ChannelAccountLike {
  return { id: p.id, ...(p.name ? { name: p.name } : {}), ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}) };
}

function teamChannelData(o: { tenantId: string; teamId: string; channelId: string; teamName?: string }): Record<string, unknown> {
  return {
    teamsChannelId: o.channelId,
    teamsTeamId: o.teamId,
    tenant: { id: o.tenantId },
    team: { id: o.teamId, ...(o.teamName ? { name: o.teamName } : {}) },
    channel: { id: o.channelId },
  };
}

// ─── Builders ───────────────────────────────────────────────────────────────────────────────

/** A file attached to a personal message, as Teams delivers it to a bot. */
export interface AttachedFile {
  name: string;
  downloadUrl: string;
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export function fileAttachment(f: AttachedFile): { contentType: string; contentUrl: string; name: string; content: Record<string, unknown> } {
  const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? '';
  return {
    contentType: FILE_DOWNLOAD_INFO,
    contentUrl: `https://fjordvik-my.sharepoint.com/personal/kari/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(f.name)}`,
    name: f.name,
    content: { downloadUrl: f.downloadUrl, uniqueId: randomUUID(), fileType: ext },
  };
}

export function personalMessage(o: Common & { from: Person; text: string; conversationId?: string; files?: AttachedFile[] }): TeamsActivity {
  const tenantId = o.tenantId ?? TENANT_ID;
  const locale = o.locale ?? 'nb-NO';
  return {
    type: 'message',
    id: newMessageId(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: account(o.from),
    recipient: { ...(o.bot ?? BOT) },
    conversation: { conversationType: 'personal', tenantId, id: o.conversationId ?? personalConversationId(o.from) },
    text: o.text,
    textFormat: 'plain',
    locale,
    entities: [clientInfo(locale)],
    channelData: { tenant: { id: tenantId } },
    ...(o.files?.length ? { attachments: o.files.map(fileAttachment) } : {}),
  };
}

/**
 * A channel post that @mentions the bot. `text` is what follows the bot mention; it may hold
 * `{{mention:<i>}}` placeholders for `mentions[i]`; mentions without a placeholder are appended.
 */
export function channelMessage(
  o: Common & {
    from: Person;
    text: string;
    mentions?: Person[];
    teamId?: string;
    channelId?: string;
    teamName?: string;
    /** Reply inside an existing thread (its root message id); default: a new post. */
    threadId?: string;
  },
): TeamsActivity {
  const tenantId = o.tenantId ?? TENANT_ID;
  const locale = o.locale ?? 'nb-NO';
  const bot = o.bot ?? BOT;
  const channelId = o.channelId ?? CHANNEL_ID;
  const teamId = o.teamId ?? TEAM_ID;
  const id = newMessageId();
  const mentions = o.mentions ?? [];
  const used = new Set<number>();
  let body = o.text.replace(/\{\{mention:(\d+)\}\}/g, (whole, i: string) => {
    const p = mentions[Number(i)];
    if (!p) throw new Error(`channelMessage: ${whole} has no person in mentions`);
    used.add(Number(i));
    return `<at>${p.name}</at>`;
  });
  mentions.forEach((p, i) => {
    if (!used.has(i)) body += ` <at>${p.name}</at>`;
  });
  const botTag = `<at>${bot.name ?? 'Gevinstbot'}</at>`;
  const text = `${botTag} ${body}`;
  const entities: Record<string, unknown>[] = [
    { type: 'mention', mentioned: { id: bot.id, name: bot.name ?? 'Gevinstbot' }, text: botTag },
    ...mentions.map((p) => ({ type: 'mention', mentioned: { id: p.id, name: p.name }, text: `<at>${p.name}</at>` })),
    clientInfo(locale),
  ];
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: account(o.from),
    recipient: { ...bot },
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: `${channelId};messageid=${o.threadId ?? id}` },
    text,
    textFormat: 'plain',
    locale,
    entities,
    // Real Teams adds the rendered post as text/html; bots must ignore it.
    attachments: [{ contentType: 'text/html', content: `<div><div>${text}</div></div>` }],
    channelData: teamChannelData({ tenantId, teamId, channelId, teamName: o.teamName }),
  };
}

/** The app installed in (or removed from) a team or a personal scope. */
export function installationUpdate(
  o: Common & {
    scope: 'personal' | 'team';
    action: 'add' | 'remove';
    from?: Person;
    teamId?: string;
    teamName?: string;
  },
): TeamsActivity {
  const tenantId = o.tenantId ?? TENANT_ID;
  const locale = o.locale ?? 'nb-NO';
  const from = o.from ?? people.ola;
  const base = {
    type: 'installationUpdate',
    id: randomUUID(),
    channelId: 'msteams' as const,
    serviceUrl: o.serviceUrl,
    // Teams leaves the user's name out of installation events.
    from: { id: from.id, aadObjectId: from.aadObjectId },
    recipient: { ...(o.bot ?? BOT) },
    locale,
    entities: [{ type: 'clientInfo', locale }],
    action: o.action,
  };
  if (o.scope === 'personal') {
    const cid = personalConversationId(from);
    return {
      ...base,
      conversation: { conversationType: 'personal', tenantId, id: cid },
      channelData: { tenant: { id: tenantId }, source: { name: 'message' }, settings: { selectedChannel: { id: cid } } },
    };
  }
  const teamId = o.teamId ?? TEAM_ID;
  return {
    ...base,
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: teamId },
    channelData: {
      tenant: { id: tenantId },
      team: { id: teamId, ...(o.teamName ? { name: o.teamName } : {}), aadGroupId: TEAM_AAD_GROUP_ID },
      channel: { id: teamId },
      source: { name: 'message' },
      settings: { selectedChannel: { id: teamId } },
    },
  };
}

export type TeamsEventType =
  | 'teamMemberAdded'
  | 'teamMemberRemoved'
  | 'teamRenamed'
  | 'teamDeleted'
  | 'teamHardDeleted'
  | 'teamArchived'
  | 'teamUnarchived'
  | 'teamRestored'
  | 'channelCreated'
  | 'channelDeleted'
  | 'channelRenamed'
  | 'channelRestored';

/**
 * conversationUpdate: members added/removed (pass BOT for the bot itself) or a team/channel
 * event. In a team the conversation is the General channel unless `channel` is given.
 */
export function conversationUpdate(
  o: Common & {
    scope?: 'personal' | 'team';
    membersAdded?: (Person | ChannelAccountLike)[];
    membersRemoved?: (Person | ChannelAccountLike)[];
    eventType?: TeamsEventType;
    from?: Person;
    teamId?: string;
    teamName?: string;
    channel?: { id: string; name?: string };
  },
): TeamsActivity {
  const tenantId = o.tenantId ?? TENANT_ID;
  const locale = o.locale ?? 'nb-NO';
  const from = o.from ?? people.ola;
  const eventType =
    o.eventType ?? (o.scope === 'personal' ? undefined : o.membersRemoved?.length ? 'teamMemberRemoved' : o.membersAdded?.length ? 'teamMemberAdded' : undefined);
  const members = (list?: (Person | ChannelAccountLike)[]): ChannelAccountLike[] | undefined =>
    list?.map((m) => ({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) }));
  const common = {
    type: 'conversationUpdate',
    id: randomUUID(),
    channelId: 'msteams' as const,
    serviceUrl: o.serviceUrl,
    from: { id: from.id, aadObjectId: from.aadObjectId },
    recipient: { ...(o.bot ?? BOT) },
    locale,
    entities: [{ type: 'clientInfo', locale }],
    ...(o.membersAdded ? { membersAdded: members(o.membersAdded) } : {}),
    ...(o.membersRemoved ? { membersRemoved: members(o.membersRemoved) } : {}),
  };
  if (o.scope === 'personal') {
    return {
      ...common,
      conversation: { conversationType: 'personal', tenantId, id: personalConversationId(from) },
      channelData: { tenant: { id: tenantId } },
    };
  }
  const teamId = o.teamId ?? TEAM_ID;
  const channel = o.channel ?? { id: teamId };
  const channelEvent = eventType?.startsWith('channel') ?? false;
  return {
    ...common,
    // Channel events arrive in the team's General channel; the affected channel is in channelData.
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: teamId },
    channelData: {
      tenant: { id: tenantId },
      team: { id: teamId, ...(o.teamName ? { name: o.teamName } : {}), aadGroupId: TEAM_AAD_GROUP_ID },
      ...(channelEvent || o.channel ? { channel: { id: channel.id, ...(channel.name ? { name: channel.name } : {}) } } : {}),
      ...(eventType ? { eventType } : {}),
    },
  };
}

/**
 * The `adaptiveCard/action` invoke Teams sends for an Action.Execute; inputs are merged into
 * data as strings. `replyToId` is the id of the message holding the card.
 */
export function cardAction(
  o: Common & {
    from: Person;
    verb: string;
    data: Record<string, unknown>;
    title?: string;
    replyToId?: string;
    /** Where the card is; default the person's personal chat. */
    scope?: 'personal' | 'channel';
    channelId?: string;
    teamId?: string;
    /** Channel thread root id; default replyToId. */
    threadId?: string;
  },
): TeamsActivity {
  const tenantId = o.tenantId ?? TENANT_ID;
  const locale = o.locale ?? 'nb-NO';
  const replyToId = o.replyToId ?? newMessageId();
  const base = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${randomUUID()}`,
    channelId: 'msteams' as const,
    serviceUrl: o.serviceUrl,
    from: account(o.from),
    recipient: { ...(o.bot ?? BOT) },
    locale,
    entities: [clientInfo(locale)],
    replyToId,
    value: {
      action: { type: 'Action.Execute', title: o.title ?? o.verb, verb: o.verb, data: { ...o.data } },
      trigger: 'manual',
    },
  };
  if (o.scope === 'channel') {
    const channelId = o.channelId ?? CHANNEL_ID;
    const teamId = o.teamId ?? TEAM_ID;
    return {
      ...base,
      conversation: {
        isGroup: true,
        conversationType: 'channel',
        tenantId,
        id: `${channelId};messageid=${o.threadId ?? replyToId}`,
      },
      channelData: { source: { name: 'message' }, ...teamChannelData({ tenantId, teamId, channelId }) },
    };
  }
  return {
    ...base,
    conversation: { conversationType: 'personal', tenantId, id: personalConversationId(o.from) },
    channelData: { source: { name: 'message' }, tenant: { id: tenantId } },
  };
}

// ─── Posting ────────────────────────────────────────────────────────────────────────────────

/**
 * POSTs an activity to the bot as Teams would. `botUrl` is the bot's base URL
 * (`http://127.0.0.1:3978`) or its full messaging endpoint. The body is parsed JSON when it
 * is JSON, the raw text otherwise, undefined when empty.
 */
export async function postActivity(
  botUrl: string,
  activity: TeamsActivity | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const url = /\/api\/messages\/?$/.test(botUrl) ? botUrl : `${botUrl.replace(/\/+$/, '')}/api/messages`;
  noteTyped(activity);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const raw = await res.text();
  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  return { status: res.status, body };
}
