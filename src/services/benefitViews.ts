// The views behind `benefit show`, `benefit list`, `plan show` and `my`: a benefit with its
// progress summary and period counts, from plan-scoped partition queries.
import { valueMeasurements } from '../domain/measurements';
import { summarizeBenefit, type BenefitSummary } from '../domain/progress';
import type { BenefitRow, PeriodRow, PlanRow } from '../storage';
import type { Services } from './context';

export interface PeriodCounts {
  prompted: number;
  answered: number;
  skipped: number;
  away: number;
  unanswered: number;
}

export interface BenefitView {
  benefit: BenefitRow;
  summary: BenefitSummary;
  counts: PeriodCounts;
  /** The latest periods asked about (not the baseline), newest first, at most RECENT_PERIODS. */
  recent: PeriodRow[];
}

/** How many periods `benefit show` lists: about a month of a weekly benefit. */
export const RECENT_PERIODS = 5;

function recentPeriods(rows: readonly PeriodRow[]): PeriodRow[] {
  return rows
    .filter((r) => !r.baseline && (r.promptedAt !== undefined || r.state !== 'open'))
    .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))
    .slice(0, RECENT_PERIODS);
}

function countPeriods(rows: readonly PeriodRow[]): PeriodCounts {
  const c: PeriodCounts = { prompted: 0, answered: 0, skipped: 0, away: 0, unanswered: 0 };
  for (const r of rows) {
    if (r.promptedAt) c.prompted++;
    if (r.state === 'answered') c.answered++;
    else if (r.state === 'skipped') c.skipped++;
    else if (r.state === 'away') c.away++;
    else if (r.state === 'open' || r.state === 'unreachable') c.unanswered++;
  }
  return c;
}

export function viewOf(plan: PlanRow, benefit: BenefitRow, rows: readonly PeriodRow[], now: Date): BenefitView {
  const summary = summarizeBenefit(benefit, valueMeasurements(rows), now.toISOString(), plan);
  return { benefit, summary, counts: countPeriods(rows), recent: recentPeriods(rows) };
}

export async function benefitView(s: Services, plan: PlanRow, benefit: BenefitRow): Promise<BenefitView> {
  const rows = await s.storage.measurements.listBenefit(plan.tenantId, plan.id, benefit.number);
  return viewOf(plan, benefit, rows, s.clock.now());
}

/** Every benefit of a plan with its summary, from two partition queries. */
export async function planBenefitViews(s: Services, plan: PlanRow): Promise<BenefitView[]> {
  const [benefits, rows] = await Promise.all([
    s.storage.benefits.list(plan.tenantId, plan.id),
    s.storage.measurements.listPlan(plan.tenantId, plan.id),
  ]);
  const byNumber = new Map<number, PeriodRow[]>();
  for (const r of rows) {
    const list = byNumber.get(r.benefitNumber) ?? [];
    list.push(r);
    byNumber.set(r.benefitNumber, list);
  }
  const now = s.clock.now();
  return benefits.map((b) => viewOf(plan, b, byNumber.get(b.number) ?? [], now));
}
