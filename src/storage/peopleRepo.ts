// people: PartitionKey = tenant key, RowKey = encoded Teams user id. Owners, deputies, leaders and
// admins as the bot knows them: name, AAD object id, UPN, their language, away-until and the admin role.
import type { Language, Person } from '../domain/types';
import { fromEntity, toEntity } from './codec';
import { encodeId, tenantKey } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

export interface PersonRow extends Person {
  tenantId: string;
  /** The language of this person's personal chat, when they chose one (`language en`). */
  language?: Language;
  awayUntil?: string; // date, inclusive
  isAdmin?: boolean;
  adminAddedBy?: string;
  adminAddedAt?: string;
  updatedAt: string;
}

export class PeopleRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('people');
  }

  async get(tenantId: string, userId: string): Promise<PersonRow | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), encodeId(userId));
    if (!e) return undefined;
    const { etag: _e, ...row } = fromEntity<PersonRow>(e);
    return row;
  }

  /** Merges what is known of a person (never erases the admin role or away state by omission). */
  async upsert(row: Partial<PersonRow> & { tenantId: string; id: string; updatedAt: string }): Promise<void> {
    await this.t.upsertEntity(toEntity(tenantKey(row.tenantId), encodeId(row.id), row), 'Merge');
  }

  /** Replaces the row: used to clear optional fields (awayUntil, isAdmin). */
  async replace(row: PersonRow): Promise<void> {
    await this.t.upsertEntity(toEntity(tenantKey(row.tenantId), encodeId(row.id), row), 'Replace');
  }

  /**
   * What a run of prompts needs to know of a tenant's people: those away on or after `date`, and
   * those who chose a language (few of either: one query per tenant per run).
   */
  async listAwayOrWithLanguage(tenantId: string, date: string): Promise<PersonRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${tenantKey(tenantId)} and (awayUntil ge ${date} or language gt ${''})`);
    return rows.map((e) => {
      const { etag: _e, ...r } = fromEntity<PersonRow>(e);
      return r;
    });
  }

  async listAdmins(tenantId: string): Promise<PersonRow[]> {
    const rows = await listAll(this.t, odata`PartitionKey eq ${tenantKey(tenantId)} and isAdmin eq true`);
    return rows.map((e) => {
      const { etag: _e, ...r } = fromEntity<PersonRow>(e);
      return r;
    });
  }

  /**
   * The people of a tenant whose AAD object id or UPN (lower-case) is one of `ids`: who of a list
   * of names from the configuration this tenant has seen. Table Storage allows 15 comparisons per
   * filter, so the list is asked for seven at a time.
   */
  async listMatching(tenantId: string, ids: readonly string[]): Promise<PersonRow[]> {
    const out = new Map<string, PersonRow>();
    for (let i = 0; i < ids.length; i += 7) {
      const any = ids
        .slice(i, i + 7)
        .map((id) => odata`aadObjectId eq ${id} or upn eq ${id}`)
        .join(' or ');
      const rows = await listAll(this.t, `${odata`PartitionKey eq ${tenantKey(tenantId)}`} and (${any})`);
      for (const e of rows) {
        const { etag: _e, ...r } = fromEntity<PersonRow>(e);
        out.set(r.id, r);
      }
    }
    return [...out.values()];
  }
}
