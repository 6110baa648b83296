// A change to one plan or benefit row that other writers may race (a digest's bookkeeping, a
// success notice, a missed target, a lesson, a confirmation): read, change, write under the etag,
// and on a conflict do it again on what the other writer left (services/etag.ts).
import type { BenefitRow, PlanRow } from '../storage';
import type { Services } from './context';
import { withEtagRetry } from './etag';

const exhausted = (what: string) => (): never => {
  throw new Error(`${what} kept changing under us`);
};

/**
 * `change` returns the row as it should be, or undefined to leave it. Returns the row as written,
 * or as found when unchanged; undefined when there is no such benefit. Throws when every attempt
 * lost to another writer.
 */
export async function updateBenefitRow(
  s: Services,
  tenantId: string,
  planId: string,
  n: number,
  change: (b: BenefitRow) => BenefitRow | undefined,
): Promise<BenefitRow | undefined> {
  return withEtagRetry(async () => {
    const row = await s.storage.benefits.get(tenantId, planId, n);
    if (!row) return undefined;
    const next = change(row);
    if (!next) return row;
    const { etag: _etag, ...rest } = next;
    const etag = await s.storage.benefits.update(rest, row.etag);
    return { ...next, etag };
  }, exhausted(`benefit ${planId}/${n}`));
}

/**
 * The same for a plan row. `known` is the row as the caller read it: the first attempt writes on
 * it without reading again. `change` gets the row and whether it was read again after a conflict.
 */
export async function updatePlanRow(
  s: Services,
  known: PlanRow,
  change: (p: PlanRow, reread: boolean) => Omit<PlanRow, 'etag'> | undefined,
): Promise<void> {
  await withEtagRetry(async (attempt) => {
    const row = attempt === 0 ? known : await s.storage.plans.get(known.tenantId, known.id);
    if (!row) return;
    const next = change(row, attempt > 0);
    if (next) await s.storage.plans.update(next, row.etag);
  }, exhausted(`plan ${known.id}`));
}
