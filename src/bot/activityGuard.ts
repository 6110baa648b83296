// The shape check of an inbound request body, before botbuilder sees it: only what Teams always
// sends, with the types and lengths it sends, reaches a turn; anything else is a 400.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (o: Record<string, unknown>, key: string, ok: (v: unknown) => boolean) => o[key] === undefined || ok(o[key]);
const isString = (v: unknown) => typeof v === 'string';
const isShort = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max;
// Ids become Table Storage keys (base64url of their UTF-8 bytes; a key may be 1 KiB of UTF-16, so
// about 500 characters): bounded in bytes, far above any id Teams sends (GUIDs, 29:…, 19:…).
const isShortId = (maxBytes: number) => (v: unknown) => typeof v === 'string' && Buffer.byteLength(v) <= maxBytes;
const isAccount = (v: unknown) =>
  isObject(v) && isShortId(256)(v.id) && optional(v, 'name', isShort(1024)) && optional(v, 'aadObjectId', isShortId(256)) && optional(v, 'role', isString);
const hasShortId = (maxBytes: number) => (v: unknown) => isObject(v) && optional(v, 'id', isShortId(maxBytes));
// Conversation ids travel in URL paths and request headers of the replies: printable ASCII only.
const CONVERSATION_ID = /^[\x21-\x7e][\x20-\x7e]{0,255}$/;

/**
 * Why a request body is not an activity the bot can answer, or undefined when it is. Generated
 * hostile requests found activities with a numeric locale, a string for entities, a conversation
 * without an id and the like; each crashed the turn, either in our turn handler or in botbuilder
 * serialising the reply, and came back as a 500; the long hostile soak found ids so long that
 * their storage keys broke the 1 KiB limit. Teams always sends these
 * fields with these types and far shorter ids; anything else is refused with a 400 before a turn
 * starts. Only types and lengths are checked: unknown fields, types and names are left to the
 * turn handler.
 */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'not an object';
  if (!isString(body.type) || body.type === '') return 'type';
  for (const key of ['id', 'channelId', 'serviceUrl', 'locale', 'text', 'name', 'replyToId', 'action', 'textFormat', 'timestamp', 'localTimestamp']) {
    if (!optional(body, key, isString)) return key;
  }
  const conversation = body.conversation;
  if (!isObject(conversation) || !isString(conversation.id) || !CONVERSATION_ID.test(conversation.id as string)) return 'conversation.id';
  if (!optional(conversation, 'conversationType', isString) || !optional(conversation, 'tenantId', isShortId(128)) || !optional(conversation, 'name', isString)) return 'conversation';
  if (!optional(body, 'from', isAccount)) return 'from';
  if (!optional(body, 'recipient', isAccount)) return 'recipient';
  if (!optional(body, 'channelData', isObject)) return 'channelData';
  const channelData = (body.channelData ?? {}) as Record<string, unknown>;
  if (!optional(channelData, 'tenant', hasShortId(128))) return 'channelData.tenant';
  for (const key of ['team', 'channel']) {
    if (!optional(channelData, key, hasShortId(256))) return `channelData.${key}`;
  }
  for (const key of ['teamsChannelId', 'teamsTeamId']) {
    if (!optional(channelData, key, isShortId(256))) return `channelData.${key}`;
  }
  for (const key of ['entities', 'attachments']) {
    if (!optional(body, key, (v) => Array.isArray(v) && v.every(isObject))) return key;
  }
  for (const key of ['membersAdded', 'membersRemoved']) {
    if (!optional(body, key, (v) => Array.isArray(v) && v.every(isAccount))) return key;
  }
  return undefined;
}
