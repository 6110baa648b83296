// What a plan's report is made of, read from plan-scoped partitions only: a fixed number of
// queries whatever the plan's size (ARCHITECTURE rule 5).
import type { AuditEntry, Confirmation, Lesson } from '../../domain/types';
import type { BenefitRow, HistoryRow, PeriodRow, PlanRow } from '../../storage';
import type { Services } from '../context';

/** A plan id as the bot makes them; anything else cannot name a plan (and must not reach a table key). */
export const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

export interface ReportData {
  plan: PlanRow;
  benefits: BenefitRow[];
  rows: PeriodRow[];
  history: HistoryRow[];
  confirmations: Confirmation[];
  lessons: Lesson[];
  audit: AuditEntry[];
  /** UTC ISO instant the report is made for. */
  now: string;
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** `known`: the plan row, when the caller has just read it. */
export async function loadReportData(s: Services, tenantId: string, planId: string, known?: PlanRow): Promise<ReportData | undefined> {
  if (!PLAN_ID.test(planId)) return undefined;
  const plan = known ?? (await s.storage.plans.get(tenantId, planId));
  if (!plan) return undefined;
  const [benefits, rows, history, records, audit] = await Promise.all([
    s.storage.benefits.list(tenantId, planId),
    s.storage.measurements.listPlan(tenantId, planId),
    s.storage.measurements.listHistory(tenantId, planId),
    s.storage.records.listPlan(tenantId, planId),
    s.storage.audit.list(tenantId, planId),
  ]);
  return { plan, benefits, rows, history, ...records, audit, now: s.clock.now().toISOString() };
}
