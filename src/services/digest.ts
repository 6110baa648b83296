// The weekly digest of a plan: reads the plan's partitions (a fixed number of table
// queries whatever the number of benefits or weeks: ARCHITECTURE rule 5), builds the model
// (domain/digest.ts), renders it as one or more cards (Teams refuses messages over ~28 KB, so a
// long plan is paged) and posts them to the plan's channel.
import { buildDigestModel, type DigestModel } from '../domain/digest';
import type { Portfolio } from '../domain/portfolio';
import { t } from '../i18n';
import { renderDigestCards } from '../cards/digest';
import { deliverToChannel, type DeliveryOutcome } from '../delivery/dispatch';
import type { PlanRow } from '../storage';
import { updatePlanRow } from './rows';
import type { Services } from './context';
import { planLanguage } from './language';
import { tenantPortfolio } from './portfolio';
import { digestDashboardUrl } from './report/digestLink';



export interface BuiltDigest {
  plan: PlanRow;
  model: DigestModel;
  cards: object[];
  /** The tenant's portfolio at the digest's instant (the same in every digest of one run). */
  portfolio: Portfolio;
}

/**
 * Builds the digest of `plan` from two partition queries (the plan's benefits and its current
 * period rows) and the tenant's portfolio, which reads the other plans' measurements once per run.
 */
export async function buildDigest(s: Services, plans: readonly PlanRow[], plan: PlanRow, now: Date): Promise<BuiltDigest> {
  const [benefits, rows] = await Promise.all([
    s.storage.benefits.list(plan.tenantId, plan.id),
    s.storage.measurements.listPlan(plan.tenantId, plan.id),
  ]);
  const model = buildDigestModel(plan, benefits, rows, now.toISOString());
  const portfolio = await tenantPortfolio(s, plan.tenantId, now, { plans, data: { plan, benefits, rows } });
  const dashboardUrl = digestDashboardUrl(s, plan);
  return { plan, model, portfolio, cards: renderDigestCards(planLanguage(plan), model, portfolio, dashboardUrl) };
}

/** plans.list + buildDigest: three queries (five table requests with paging at 2 000+ rows). */
export async function loadDigest(s: Services, tenantId: string, planId: string, now: Date): Promise<BuiltDigest | undefined> {
  const plans = await s.storage.plans.list(tenantId);
  const plan = plans.find((p) => p.id === planId);
  return plan ? buildDigest(s, plans, plan, now) : undefined;
}

/**
 * Posts every page. A failure on the first page is returned (nothing was posted: the caller may
 * retry); a failure on a later page is logged and the digest counts as posted, because retrying
 * would post the first pages twice.
 */
export async function postDigest(s: Services, built: BuiltDigest): Promise<DeliveryOutcome> {
  const lang = planLanguage(built.plan);
  let first: DeliveryOutcome | undefined;
  for (const [i, card] of built.cards.entries()) {
    const outcome = await deliverToChannel(s, built.plan, { card, summary: t(lang, 'digest.summary', { plan: built.plan.name }) });
    if (!outcome.ok) {
      if (!first) return outcome;
      s.log.warn({ event: 'digest.pageFailed', planId: built.plan.id, page: i + 1, error: outcome.error }, 'a later digest page was not posted');
      break;
    }
    first ??= outcome;
  }
  return first!;
}

/**
 * Moves the plan's next digest on to `nextDigestAt` (the due job, after a digest). Etag-checked;
 * on 412 the row is read again (someone edited the plan meanwhile: their change is kept). When the
 * other writer rescheduled the digest (nextDigestAt is no longer `replaces`), their instant wins.
 */
export async function scheduleAfterDigest(s: Services, plan: PlanRow, nextDigestAt: string, replaces: string): Promise<void> {
  await updatePlanRow(s, plan, (row, reread) => {
    const { etag: _e, ...rest } = row;
    if (reread && rest.nextDigestAt !== replaces) return undefined;
    return { ...rest, nextDigestAt };
  });
}
