// Leader confirmation of a realised benefit: who may confirm, what is recorded.
// A confirmation is a record of its own (never overwritten: a later one adds another) and its
// figures are mirrored on the benefit row (confirmedAt/By/Value) for digests and `benefit show`.
// The records table is the truth the report reads; the benefit row is a cache of the latest.
import { cleanText, COMMENT_MAX, textLength } from '../domain/text';
import type { Confirmation, Person } from '../domain/types';
import type { BenefitRow, PlanRow } from '../storage';
import { withEtagRetry } from './etag';
import { isAdmin } from './admins';
import type { Services } from './context';
import type { Actor } from './actor';
import { summarizeRows } from '../domain/measurements';

/**
 * The plan leader (same Teams user id) or an admin may confirm benefits and fetch reports.
 * Admins as services/admins decides (configuration or `admin add`).
 */
export async function isLeaderOrAdmin(s: Services, plan: PlanRow, actor: Actor): Promise<boolean> {
  if (plan.leader && actor.person.id !== '' && plan.leader.id === actor.person.id) return true;
  return isAdmin(s, actor);
}

export type ConfirmOutcome =
  | { ok: true; plan: PlanRow; benefit: BenefitRow; confirmation: Confirmation; measuredPeriods: number }
  | { ok: false; reason: 'unknownPlan' }
  | { ok: false; reason: 'notAllowed'; plan: PlanRow }
  | { ok: false; reason: 'unknownBenefit' | 'planArchived'; plan: PlanRow }
  | { ok: false; reason: 'benefitArchived' | 'noBaseline'; plan: PlanRow; benefit: BenefitRow }
  | { ok: false; reason: 'commentTooLong'; plan: PlanRow; length: number; max: number }
  | { ok: false; reason: 'busy'; plan: PlanRow };

export interface ConfirmRequest {
  /** Who asks, in which tenant (a chat message or a card action). */
  actor: Actor;
  planId: string;
  benefitNumber: number;
  comment?: string;
}

/**
 * Confirms the benefit's realised gain to date. Every refusal happens before anything is
 * written, so a refused confirmation stores nothing. Order of checks: the plan must exist (its
 * leader is who may confirm), then the permission, then the benefit and its state.
 */
export async function confirmBenefit(s: Services, req: ConfirmRequest): Promise<ConfirmOutcome> {
  const tenantId = req.actor.tenantId;
  const by: Person = req.actor.person;
  const plan = await s.storage.plans.get(tenantId, req.planId);
  if (!plan) return { ok: false, reason: 'unknownPlan' };
  if (!(await isLeaderOrAdmin(s, plan, req.actor))) return { ok: false, reason: 'notAllowed', plan };
  if (plan.archived) return { ok: false, reason: 'planArchived', plan };
  const comment = req.comment === undefined ? undefined : cleanText(req.comment);
  if (comment !== undefined && textLength(comment) > COMMENT_MAX) {
    return { ok: false, reason: 'commentTooLong', plan, length: textLength(comment), max: COMMENT_MAX };
  }

  const benefit = await s.storage.benefits.get(tenantId, req.planId, req.benefitNumber);
  if (!benefit) return { ok: false, reason: 'unknownBenefit', plan };
  if (benefit.state === 'archived') return { ok: false, reason: 'benefitArchived', plan, benefit };
  if (benefit.baseline === undefined) return { ok: false, reason: 'noBaseline', plan, benefit };

  const now = s.clock.now().toISOString();
  const rows = await s.storage.measurements.listBenefit(tenantId, req.planId, req.benefitNumber);
  const summary = summarizeRows(plan, benefit, rows, now);
  const confirmation: Confirmation = {
    planId: plan.id,
    benefitNumber: benefit.number,
    by: { id: by.id, name: by.name, ...(by.aadObjectId ? { aadObjectId: by.aadObjectId } : {}) },
    at: now,
    realisedValue: summary.realised,
    ...(summary.realisedNok !== undefined ? { realisedNok: summary.realisedNok } : {}),
    ...(summary.realisedHours !== undefined ? { realisedHours: summary.realisedHours } : {}),
    ...(comment ? { comment } : {}),
  };

  // Mirror on the benefit row first (etag-checked): when a concurrent change wins, re-read and
  // apply again, so an edit made in between is kept. Only when the row is written is the record
  // added, so a failure here leaves nothing behind.
  const updated = await markConfirmed(s, benefit, confirmation);
  if (!updated) return { ok: false, reason: 'busy', plan };
  await s.storage.records.addConfirmation(tenantId, confirmation);
  await s.storage.audit.add(tenantId, {
    planId: plan.id,
    at: now,
    by: confirmation.by,
    action: 'benefit.confirm',
    subject: `${plan.id}/${benefit.number}`,
    before: benefit.confirmedAt
      ? { confirmedAt: benefit.confirmedAt, confirmedBy: benefit.confirmedBy?.name, confirmedValue: benefit.confirmedValue }
      : undefined,
    after: {
      confirmedAt: now,
      confirmedBy: confirmation.by.name,
      confirmedValue: confirmation.realisedValue,
      ...(confirmation.realisedNok !== undefined ? { realisedNok: confirmation.realisedNok } : {}),
      ...(comment ? { comment } : {}),
    },
  });
  return { ok: true, plan, benefit: updated, confirmation, measuredPeriods: summary.measuredPeriods };
}

async function markConfirmed(s: Services, first: BenefitRow, c: Confirmation): Promise<BenefitRow | undefined> {
  return withEtagRetry<BenefitRow | undefined>(
    async (attempt) => {
      const current = attempt === 0 ? first : await s.storage.benefits.get(first.tenantId, first.planId, first.number);
      if (!current) return undefined;
      const { etag, ...row } = current;
      const next = {
        ...row,
        confirmedAt: c.at,
        confirmedBy: c.by,
        confirmedValue: c.realisedValue,
        ...(c.realisedNok !== undefined ? { confirmedNok: c.realisedNok } : {}),
        ...(c.realisedHours !== undefined ? { confirmedHours: c.realisedHours } : {}),
      };
      const newEtag = await s.storage.benefits.update(next, etag);
      return { ...next, etag: newEtag };
    },
    () => undefined,
  );
}
