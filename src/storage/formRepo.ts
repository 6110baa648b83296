// forms: PartitionKey = tenant key, RowKey = form id (hex, made by the bot). One row per submitted
// form: a benefit form is single-use, so its first submit is claimed here (conditional insert)
// before anything is stored, and every later submit of the same card (a replay, a double click,
// a retry by Teams) finds the claim and changes nothing. A claim left 'pending' by a process that
// died is taken over after a while (etag-checked).
import { fromEntity, toEntity } from './codec';
import { assertSafe, tenantKey } from './keys';
import { getOrUndefined } from './query';
import type { TableStore } from './tables';

export type FormState = 'pending' | 'done';

export interface FormClaim {
  tenantId: string;
  formId: string;
  mode: 'add' | 'set';
  planId: string;
  /** The benefit the form changed, or created ('done'). */
  number?: number;
  state: FormState;
  claimedAt: string;
  /** Teams user id of who submitted it. */
  by: string;
  doneAt?: string;
}

export type FormClaimResult = { claimed: true; etag: string } | { claimed: false; current: FormClaim & { etag: string } };

export class FormRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('forms');
  }

  async get(tenantId: string, formId: string): Promise<(FormClaim & { etag: string }) | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), assertSafe(formId));
    return e ? fromEntity<FormClaim>(e) : undefined;
  }

  /** Inserts the claim; when it exists already, returns the row that holds it. */
  async claim(claim: FormClaim): Promise<FormClaimResult> {
    try {
      const r = await this.t.createEntity(toEntity(tenantKey(claim.tenantId), assertSafe(claim.formId), claim));
      return { claimed: true, etag: r.etag ?? '' };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 409) throw e;
    }
    const current = await this.get(claim.tenantId, claim.formId);
    if (!current) return this.claim(claim); // released in between: try once more
    return { claimed: false, current };
  }

  /** Replaces a stale claim, etag-checked; undefined when someone else got there first. */
  async takeOver(claim: FormClaim, etag: string): Promise<string | undefined> {
    try {
      const r = await this.t.updateEntity(toEntity(tenantKey(claim.tenantId), assertSafe(claim.formId), claim), 'Replace', { etag });
      return r.etag ?? '';
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 412) return undefined;
      throw e;
    }
  }

  async settle(claim: FormClaim, etag: string): Promise<void> {
    await this.t.updateEntity(toEntity(tenantKey(claim.tenantId), assertSafe(claim.formId), claim), 'Replace', { etag: etag || '*' });
  }

  /** Gives the claim back (the submit had problems: the same form may be submitted again). */
  async release(tenantId: string, formId: string, etag: string): Promise<void> {
    try {
      await this.t.deleteEntity(tenantKey(tenantId), assertSafe(formId), { etag: etag || '*' });
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 412) throw e;
    }
  }
}
