// Puts a plan's and a benefit's next scheduled work into the due table. The plan/benefit row keeps
// the instant (nextDigestAt / nextPromptAt) and is the truth: a due item whose instant no longer
// matches is stale and dropped by its handler. So rescheduling is "compute, store on the row,
// add a due item"; old items need no clean-up.
import { DateTime } from 'luxon';
import { nextOccurrence, parseCadence, type Cadence } from '../domain/cadence';
import type { Benefit, Plan } from '../domain/types';
import { nextWorkingInstant } from '../domain/workdays';
import type { Services } from './context';

export function cadenceOf(text: string): Cadence {
  const r = parseCadence(text);
  if (!r.ok) throw new Error(`stored cadence is invalid: ${text}`);
  return r.cadence;
}

/** The anchor of a benefit's cadence (every-N-weeks parity): its creation instant. */
export const benefitAnchor = (b: Pick<Benefit, 'createdAt'>) => b.createdAt;

/**
 * The next prompt occurrence of a benefit strictly after `after` (the nominal occurrence, which
 * names the period; the send itself is moved to a working day by the prompt job).
 */
export function nextPromptOccurrence(plan: Pick<Plan, 'timezone'>, benefit: Pick<Benefit, 'cadence' | 'createdAt'>, after: string): string {
  return nextOccurrence(cadenceOf(benefit.cadence), plan.timezone, after, benefitAnchor(benefit));
}

/** When the prompt of an occurrence is sent: the occurrence, moved off weekends and holidays. */
export function promptSendInstant(plan: Pick<Plan, 'timezone'>, occurrence: string): string {
  return nextWorkingInstant(occurrence, plan.timezone);
}

/**
 * Schedules the first/next prompt of a benefit after `now` and returns the occurrence instant to
 * store on the benefit row as `nextPromptAt`. Call after creating a benefit and after changing its
 * cadence, or the plan's time zone.
 */
export async function scheduleNextPrompt(s: Services, plan: Plan, benefit: Benefit, now: Date): Promise<string> {
  const occurrence = nextPromptOccurrence(plan, benefit, now.toISOString());
  await s.storage.due.schedule({
    at: promptSendInstant(plan, occurrence),
    tenantId: plan.tenantId,
    planId: plan.id,
    benefitNumber: benefit.number,
    kind: 'prompt',
    period: undefined,
  });
  return occurrence;
}

/** Schedules the plan's next digest after `now`; returns the instant to store as `nextDigestAt`. */
export async function scheduleNextDigest(s: Services, plan: Plan, now: Date): Promise<string> {
  const at = nextOccurrence(cadenceOf(plan.digest), plan.timezone, now.toISOString(), plan.createdAt);
  await s.storage.due.schedule({ at, tenantId: plan.tenantId, planId: plan.id, kind: 'digest' });
  return at;
}

/**
 * Schedules the check for a missed target: 09:00 on the first working day after the target date,
 * in the plan's time zone. Idempotent (same instant, same item).
 */
export async function scheduleTargetCheck(s: Services, plan: Plan, benefit: Benefit): Promise<string> {
  const day = DateTime.fromISO(benefit.due, { zone: plan.timezone }).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = nextWorkingInstant(day.toUTC().toISO()!, plan.timezone);
  await s.storage.due.schedule({ at, tenantId: plan.tenantId, planId: plan.id, benefitNumber: benefit.number, kind: 'targetCheck', period: benefit.due });
  return at;
}
