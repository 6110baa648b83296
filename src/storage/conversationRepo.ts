// conversations: PartitionKey = tenant key, RowKey 'u~<encoded user id>' (the bot's personal chat
// with that user) or 'c~<encoded channel id>' (a team channel). Holds the reference needed to
// send proactively; marked gone on uninstall and unreachable after a 403/404 from Teams.
import { fromEntity, toEntity } from './codec';
import { encodeId, tenantKey } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

/** A serialisable conversation reference (botbuilder's ConversationReference, kept opaque here). */
export interface StoredReference {
  serviceUrl: string;
  conversationId: string;
  conversationType?: string;
  tenantId: string;
  botId: string;
  botName?: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

export interface ConversationRow {
  tenantId: string;
  kind: 'personal' | 'channel';
  /** Absent when Teams refused to open a chat with a person the bot never talked to. */
  reference?: StoredReference;
  gone: boolean;
  unreachable: boolean;
  unreachableSince?: string;
  updatedAt: string;
}

const personalKey = (userId: string) => `u~${encodeId(userId)}`;

/** People per getPersonalMany query: the partition key and 14 row keys make 15 comparisons. */
export const MAX_PEOPLE_PER_QUERY = 14;
const channelKey = (channelId: string) => `c~${encodeId(channelId)}`;

export class ConversationRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('conversations');
  }

  async savePersonal(userId: string, reference: StoredReference, now: string): Promise<void> {
    const row: ConversationRow = { tenantId: reference.tenantId, kind: 'personal', reference, gone: false, unreachable: false, updatedAt: now };
    await this.t.upsertEntity(toEntity(tenantKey(reference.tenantId), personalKey(userId), row), 'Replace');
  }

  async saveChannel(channelId: string, reference: StoredReference, now: string): Promise<void> {
    const row: ConversationRow = { tenantId: reference.tenantId, kind: 'channel', reference, gone: false, unreachable: false, updatedAt: now };
    await this.t.upsertEntity(toEntity(tenantKey(reference.tenantId), channelKey(channelId), row), 'Replace');
  }

  async getPersonal(tenantId: string, userId: string): Promise<ConversationRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), personalKey(userId));
    return e ? fromEntity<ConversationRow>(e) : undefined;
  }

  /**
   * The personal chats of several people of one tenant in one query (at most
   * MAX_PEOPLE_PER_QUERY: Table Storage allows 15 comparisons in a filter). People without a row
   * are not in the map.
   */
  async getPersonalMany(tenantId: string, userIds: readonly string[]): Promise<Map<string, ConversationRow>> {
    const ids = [...new Set(userIds)];
    if (ids.length > MAX_PEOPLE_PER_QUERY) throw new RangeError(`at most ${MAX_PEOPLE_PER_QUERY} people per query, got ${ids.length}`);
    const out = new Map<string, ConversationRow>();
    if (ids.length === 0) return out;
    const byKey = new Map(ids.map((id) => [personalKey(id), id]));
    const rows = await listAll(this.t, `${odata`PartitionKey eq ${tenantKey(tenantId)}`} and (${[...byKey.keys()].map((k) => odata`RowKey eq ${k}`).join(' or ')})`);
    for (const e of rows) {
      const id = byKey.get(String(e.rowKey));
      if (id !== undefined) out.set(id, fromEntity<ConversationRow>(e));
    }
    return out;
  }

  async getChannel(tenantId: string, channelId: string): Promise<ConversationRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), channelKey(channelId));
    return e ? fromEntity<ConversationRow>(e) : undefined;
  }

  /** Marks a person's chat; creates the row when there is none (a 403 on opening the chat). */
  async markPersonal(tenantId: string, userId: string, patch: Partial<Pick<ConversationRow, 'gone' | 'unreachable' | 'unreachableSince'>>): Promise<void> {
    await this.t.upsertEntity(toEntity(tenantKey(tenantId), personalKey(userId), { tenantId, kind: 'personal', ...patch }), 'Merge');
  }

  async markChannel(tenantId: string, channelId: string, patch: Partial<Pick<ConversationRow, 'gone' | 'unreachable'>>): Promise<void> {
    await this.merge(tenantKey(tenantId), channelKey(channelId), patch);
  }

  /** Personal conversations of a tenant that Teams refused (for the digest's admin notice). */
  async listUnreachable(tenantId: string): Promise<ConversationRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${tenantKey(tenantId)} and unreachable eq true`);
    return rows.map((e) => fromEntity<ConversationRow>(e));
  }

  private async merge(pk: string, rk: string, patch: object): Promise<void> {
    try {
      await this.t.updateEntity(toEntity(pk, rk, patch), 'Merge');
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
  }
}
