// A change to one benefit row that other writers may race (a success notice, a missed target, a
// lesson, a confirmation): read, change, write under the etag, and on a conflict do it again on
// what the other writer left.
import type { BenefitRow } from '../storage';
import type { Services } from './context';
import { withEtagRetry } from './etag';

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
  return withEtagRetry(
    async () => {
      const row = await s.storage.benefits.get(tenantId, planId, n);
      if (!row) return undefined;
      const next = change(row);
      if (!next) return row;
      const { etag: _etag, ...rest } = next;
      const etag = await s.storage.benefits.update(rest, row.etag);
      return { ...next, etag };
    },
    () => {
      throw new Error(`benefit ${planId}/${n} kept changing under us`);
    },
  );
}
