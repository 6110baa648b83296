// The tenant's portfolio line (domain/portfolio.ts), read from every live plan's measurements.
// Every digest posted in one run shows the same figure: the figure is kept per tenant and instant
// (the run's `now`) for a few minutes, so the digests of one run share it; a new instant reads
// afresh. A digest hands in the plan data it has read already, so a tenant of one plan reads
// nothing more for it.
import { portfolioOf, type PlanMeasurements, type Portfolio } from '../domain/portfolio';
import type { PlanRow } from '../storage';
import type { Services } from './context';

const KEEP_MS = 10 * 60_000;
const MAX_ENTRIES = 2_000;
const memo = new WeakMap<object, Map<string, { at: number; value: Promise<Portfolio> }>>();

/** The tenant's portfolio at `now`. `plans` is the tenant's plan list when read already. */
export function tenantPortfolio(
  s: Services,
  tenantId: string,
  now: Date,
  known: { plans?: readonly PlanRow[]; data?: PlanMeasurements } = {},
): Promise<Portfolio> {
  let byKey = memo.get(s.storage);
  if (!byKey) memo.set(s.storage, (byKey = new Map()));
  const key = `${tenantId}|${now.toISOString()}`;
  const wallMs = Date.now();
  const hit = byKey.get(key);
  if (hit && wallMs - hit.at < KEEP_MS) return hit.value;
  if (byKey.size >= MAX_ENTRIES) {
    for (const [k, v] of byKey) if (wallMs - v.at >= KEEP_MS) byKey.delete(k);
    if (byKey.size >= MAX_ENTRIES) byKey.clear();
  }
  const value = compute(s, tenantId, now, known);
  byKey.set(key, { at: wallMs, value });
  value.catch(() => byKey!.delete(key)); // a storage fault is not remembered: the next ask reads again
  return value;
}

async function compute(s: Services, tenantId: string, now: Date, known: { plans?: readonly PlanRow[]; data?: PlanMeasurements }): Promise<Portfolio> {
  const plans = (known.plans ?? (await s.storage.plans.list(tenantId))).filter((p) => !p.archived);
  const entries = await Promise.all(
    plans.map(async (plan): Promise<PlanMeasurements> => {
      if (known.data?.plan.id === plan.id) return known.data;
      const [benefits, rows] = await Promise.all([s.storage.benefits.list(tenantId, plan.id), s.storage.measurements.listPlan(tenantId, plan.id)]);
      return { plan, benefits, rows };
    }),
  );
  return portfolioOf(entries, now.toISOString());
}
