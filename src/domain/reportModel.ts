// The plan's documented realised benefit as numbers: what the confirmation document (PDF) and the
// dashboard (HTML) both show. Pure: no I/O, no clock, no language; src/render turns it into text.
//
// Decisions (the figures depend on them):
// - Every benefit is in it, archived ones too: what was realised stays realised (as in the Excel
//   report and the portfolio). Archived benefits are left out of the status counts only, and
//   counted on their own.
// - Realised to date sums the measured periods only (DOMAIN.md): skipped, away, unanswered and
//   undelivered periods add nothing, and each benefit says how many of its periods were not
//   measured. A period still open for answers is "waiting", not "not measured".
// - Time in FTE is the digest's run rate: realised hours ÷ the summed length of the measured
//   periods × 365.25 days, ÷ the plan's hours per FTE; so the document and the weekly card agree.
// - Confirmed = the latest confirmation of each benefit (a confirmation covers what was realised
//   up to its date), summed; realised after it is realised but not yet confirmed.
// - Response rate over the whole history: prompts answered or skipped ÷ prompts sent, leaving out
//   periods marked away or undelivered (nobody received them), as the digest counts a week.
import { buildChart, type ChartModel } from './chart';
import { toZoned } from './dates';
import { periodAnchorMs } from './periodAnchor';
import { rowToMeasurement } from './measurements';
import { benefitDirection, benefitStart, summarizeBenefit, toEpochMs, type BenefitSummary } from './progress';
import type { Benefit, Confirmation, Direction, Lesson, Measurement, PeriodRecord, Plan, Status } from './types';

const YEAR_MS = 365.25 * 86_400_000;
export const STATUSES: readonly Status[] = ['achieved', 'onTrack', 'atRisk', 'offTrack', 'noData'];

export interface PeriodCounts {
  /** Periods asked about (prompt rows), the baseline question not counted. */
  asked: number;
  measured: number;
  /** Asked, closed or past, and without a value: skipped, away, unanswered, undelivered. */
  notMeasured: number;
  /** Still open for an answer. */
  waiting: number;
  /** Period ids of the not measured ones, in order. */
  missing: string[];
}

export interface ReportBenefit {
  benefit: Benefit;
  direction: Direction;
  start: string;
  summary: BenefitSummary;
  periods: PeriodCounts;
  chart: ChartModel;
  /** Oldest first. */
  confirmations: Confirmation[];
  lastConfirmation?: Confirmation;
  /** Oldest first. */
  lessons: Lesson[];
}

export interface ReportTotals {
  /** cost + time × hourly rate. */
  realisedNok: number;
  costNok: number;
  timeNok: number;
  hours: number;
  hoursPerYear: number;
  fte: number;
  /** Latest confirmations, summed (NOK of cost and time benefits; hours of time benefits). */
  confirmedNok: number;
  confirmedHours: number;
  confirmedBenefits: number;
  /** Benefits that can be confirmed: with a baseline, not archived. */
  confirmable: number;
  response: { prompted: number; answered: number; rate?: number };
  periods: { asked: number; measured: number; notMeasured: number; waiting: number };
  /** Benefits not archived, by status. */
  byStatus: Record<Status, number>;
  archived: number;
  quality: number;
}

export interface ReportModel {
  plan: Plan;
  now: string;
  /** Plan-local calendar dates of the period the document covers. */
  from: string;
  to: string;
  benefits: ReportBenefit[];
  totals: ReportTotals;
}

export interface ReportInput {
  plan: Plan;
  benefits: readonly Benefit[];
  /** Current period rows of the plan (one per benefit and period). */
  rows: readonly PeriodRecord[];
  confirmations: readonly Confirmation[];
  lessons: readonly Lesson[];
  now: string;
}

function groupBy<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

const byAt = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

export function buildReportModel(input: ReportInput): ReportModel {
  const { plan, now } = input;
  const nowMs = toEpochMs(now);
  const numbers = { tolerance: plan.tolerance, hourlyRate: plan.hourlyRate, hoursPerFte: plan.hoursPerFte };
  const rowsOf = groupBy(input.rows, (r) => r.benefitNumber);
  const confirmationsOf = groupBy(input.confirmations, (c) => c.benefitNumber);
  const lessonsOf = groupBy(input.lessons, (l) => l.benefitNumber);

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const totals: ReportTotals = {
    realisedNok: 0,
    costNok: 0,
    timeNok: 0,
    hours: 0,
    hoursPerYear: 0,
    fte: 0,
    confirmedNok: 0,
    confirmedHours: 0,
    confirmedBenefits: 0,
    confirmable: 0,
    response: { prompted: 0, answered: 0 },
    periods: { asked: 0, measured: 0, notMeasured: 0, waiting: 0 },
    byStatus,
    archived: 0,
    quality: 0,
  };
  let earliestMs = nowMs;

  const benefits = [...input.benefits].sort((a, b) => a.number - b.number).map((b): ReportBenefit => {
    const own = [...(rowsOf.get(b.number) ?? [])].sort((x, y) => toEpochMs(x.periodStart) - toEpochMs(y.periodStart) || (x.period < y.period ? -1 : 1));
    const measurements: Measurement[] = [];
    for (const r of own) {
      const m = rowToMeasurement(r, b.owner);
      if (m) measurements.push(m);
    }
    const summary = summarizeBenefit(b, measurements, now, numbers);
    const start = benefitStart(b);
    earliestMs = Math.min(earliestMs, toEpochMs(start));

    const periods: PeriodCounts = { asked: 0, measured: 0, notMeasured: 0, waiting: 0, missing: [] };
    const points: { period: string; at: string; value: number }[] = [];
    const gaps: string[] = [];
    let spanMs = 0;
    for (const r of own) {
      earliestMs = Math.min(earliestMs, toEpochMs(r.periodStart));
      if (r.promptedAt !== undefined && r.state !== 'away' && r.state !== 'unreachable') {
        totals.response.prompted++;
        if (r.state === 'answered' || r.state === 'skipped') totals.response.answered++;
      }
      if (r.baseline) continue;
      periods.asked++;
      if (r.state === 'answered' && typeof r.value === 'number' && Number.isFinite(r.value)) {
        periods.measured++;
        points.push({ period: r.period, at: new Date(periodAnchorMs(r, plan.timezone)).toISOString(), value: r.value });
        spanMs += Math.max(0, toEpochMs(r.periodEnd) - toEpochMs(r.periodStart));
      } else if (r.state === 'open' && toEpochMs(r.closesAt) > nowMs) {
        periods.waiting++;
      } else {
        periods.notMeasured++;
        periods.missing.push(r.period);
        gaps.push(new Date(periodAnchorMs(r, plan.timezone)).toISOString());
      }
    }
    totals.periods.asked += periods.asked;
    totals.periods.measured += periods.measured;
    totals.periods.notMeasured += periods.notMeasured;
    totals.periods.waiting += periods.waiting;

    const confirmations = [...(confirmationsOf.get(b.number) ?? [])].sort(byAt);
    const lessons = [...(lessonsOf.get(b.number) ?? [])].sort(byAt);
    const lastConfirmation = confirmations[confirmations.length - 1];

    if (b.baseline !== undefined) {
      if (b.type === 'cost') totals.costNok += summary.realised;
      if (b.type === 'time') {
        totals.hours += summary.realised;
        totals.timeNok += summary.realisedNok ?? 0;
        if (spanMs > 0) totals.hoursPerYear += (summary.realised / spanMs) * YEAR_MS;
      }
    }
    if (b.type === 'quality') totals.quality++;
    if (b.state === 'archived') totals.archived++;
    else {
      byStatus[summary.status]++;
      if (b.baseline !== undefined) totals.confirmable++;
    }
    if (lastConfirmation) {
      totals.confirmedBenefits++;
      if (b.type !== 'quality') totals.confirmedNok += lastConfirmation.realisedNok ?? (b.type === 'cost' ? lastConfirmation.realisedValue : 0);
      if (b.type === 'time') totals.confirmedHours += lastConfirmation.realisedHours ?? lastConfirmation.realisedValue;
    }

    return {
      benefit: b,
      direction: benefitDirection(b),
      start,
      summary,
      periods,
      chart: buildChart({ baseline: b.baseline, target: b.target, start, due: b.due, points, gaps, now }),
      confirmations,
      ...(lastConfirmation ? { lastConfirmation } : {}),
      lessons,
    };
  });

  totals.realisedNok = totals.costNok + totals.timeNok;
  totals.fte = plan.hoursPerFte > 0 ? totals.hoursPerYear / plan.hoursPerFte : 0;
  if (totals.response.prompted > 0) totals.response.rate = totals.response.answered / totals.response.prompted;

  const to = toZoned(now, plan.timezone).toISODate()!;
  const fromInstant = new Date(Math.min(earliestMs, nowMs)).toISOString();
  const from = toZoned(fromInstant, plan.timezone).toISODate()!;
  return { plan, now, from: from < to ? from : to, to, benefits, totals };
}
