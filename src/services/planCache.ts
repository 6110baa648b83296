// Plans change rarely and are read on every card answer only to present it (name, time zone,
// language). A short-lived per-process cache keeps the answer at its storage budget; a change made
// on another instance shows within CACHE_MS. Authorisation never relies on it.
// Keyed by the storage object, so two bots in one process (tests) never share entries.
import type { PlanRow } from '../storage';
import type { Services } from './context';

const CACHE_MS = 30_000;
const caches = new WeakMap<object, Map<string, { at: number; plan: PlanRow }>>();

function cacheOf(s: Services): Map<string, { at: number; plan: PlanRow }> {
  let c = caches.get(s.storage);
  if (!c) caches.set(s.storage, (c = new Map()));
  return c;
}

export async function cachedPlan(s: Services, tenantId: string, planId: string): Promise<PlanRow | undefined> {
  const cache = cacheOf(s);
  const key = `${tenantId}|${planId}`;
  const hit = cache.get(key);
  const nowMs = Date.now();
  if (hit && nowMs - hit.at < CACHE_MS) return hit.plan;
  const plan = await s.storage.plans.get(tenantId, planId);
  if (plan) cache.set(key, { at: nowMs, plan });
  if (cache.size > 5_000) cache.clear();
  return plan;
}

/** Called after a plan is changed or archived in this process. */
export function forgetPlan(s: Services, tenantId: string, planId: string): void {
  cacheOf(s).delete(`${tenantId}|${planId}`);
}
