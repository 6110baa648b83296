// ledger: PartitionKey = tenant~kind, RowKey = subject~period (subject: plan, plan~0002, or an
// encoded user id). Claim before send (ARCHITECTURE rule 2): a conditional insert; 409 means an
// earlier run or another process has it. A claim left 'claimed' is taken over (etag-checked) only
// when the caller says its holder is dead (delivery/fence.ts), which makes that one send
// at-least-once.
import type { TableEntityResult } from '@azure/data-tables';
import { fromEntity, toEntity } from './codec';
import { assertSafe, tenantKey } from './keys';
import { getOrUndefined } from './query';
import type { TableStore } from './tables';

export type DeliveryKind = 'prompt' | 'reminder' | 'digest' | 'success' | 'missedTarget' | 'escalation';
export type DeliveryState = 'claimed' | 'sent' | 'failed' | 'unreachable' | 'skipped';

export interface LedgerEntry {
  tenantId: string;
  kind: DeliveryKind;
  subject: string;
  period: string;
  state: DeliveryState;
  claimedAt: string;
  claimedBy: string;
  /** The run or request that holds the claim (delivery/fence.ts); absent on entries of older versions. */
  claim?: string;
  attempts: number;
  sentAt?: string;
  activityId?: string;
  conversationId?: string;
  error?: string;
}

export type Claim = { claimed: true; entry: LedgerEntry; etag: string } | { claimed: false; entry: LedgerEntry };

export class LedgerRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('ledger');
  }

  private keys(tenantId: string, kind: DeliveryKind, subject: string, period: string) {
    return { pk: `${tenantKey(tenantId)}~${kind}`, rk: `${assertSafe(subject)}~${assertSafe(period)}` };
  }

  async get(tenantId: string, kind: DeliveryKind, subject: string, period: string): Promise<(LedgerEntry & { etag: string }) | undefined> {
    const { pk, rk } = this.keys(tenantId, kind, subject, period);
    const e = await getOrUndefined<Record<string, unknown>>(this.t, pk, rk);
    return e ? fromEntity<LedgerEntry>(e) : undefined;
  }

  async claim(
    tenantId: string,
    kind: DeliveryKind,
    subject: string,
    period: string,
    now: string,
    claimant: { instanceId: string; stamp: string },
    holderDead: (current: LedgerEntry) => boolean,
  ): Promise<Claim> {
    const { pk, rk } = this.keys(tenantId, kind, subject, period);
    const entry: LedgerEntry = { tenantId, kind, subject, period, state: 'claimed', claimedAt: now, claimedBy: claimant.instanceId, claim: claimant.stamp, attempts: 1 };
    try {
      const r = await this.t.createEntity(toEntity(pk, rk, entry));
      return { claimed: true, entry, etag: r.etag ?? '' };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 409) throw e;
    }
    const existing = (await this.t.getEntity<Record<string, unknown>>(pk, rk)) as TableEntityResult<Record<string, unknown>>;
    const current = fromEntity<LedgerEntry>(existing);
    if (current.state !== 'claimed' || !holderDead(current)) return { claimed: false, entry: current };
    const takeover: LedgerEntry = { ...stripEtag(current), claimedAt: now, claimedBy: claimant.instanceId, claim: claimant.stamp, attempts: current.attempts + 1 };
    try {
      const r = await this.t.updateEntity(toEntity(pk, rk, takeover), 'Replace', { etag: current.etag });
      return { claimed: true, entry: takeover, etag: r.etag ?? '' };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 412) return { claimed: false, entry: current };
      throw e;
    }
  }

  /** Records the outcome of a claimed delivery. */
  async settle(entry: LedgerEntry, etag: string, outcome: Partial<LedgerEntry> & { state: DeliveryState }): Promise<void> {
    const { pk, rk } = this.keys(entry.tenantId, entry.kind, entry.subject, entry.period);
    await this.t.updateEntity(toEntity(pk, rk, { ...entry, ...outcome }), 'Replace', { etag: etag || '*' });
  }

  /** Gives a claim back (nothing was sent; a later run tries again). Left alone when someone took it over. */
  async release(entry: LedgerEntry, etag: string): Promise<void> {
    const { pk, rk } = this.keys(entry.tenantId, entry.kind, entry.subject, entry.period);
    try {
      await this.t.deleteEntity(pk, rk, { etag: etag || '*' });
    } catch (e) {
      const s = (e as { statusCode?: number }).statusCode;
      if (s !== 404 && s !== 412) throw e;
    }
  }
}

function stripEtag(e: LedgerEntry & { etag?: string }): LedgerEntry {
  const { etag: _etag, ...rest } = e;
  return rest;
}
