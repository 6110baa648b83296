// The weekly digest of a plan as numbers: pure, no I/O, no clock, no language. The
// service turns this model into cards; tests check it against numbers computed by hand.
//
// Inputs are what one digest reads from storage: the plan, its benefit rows and the CURRENT
// period row of every (benefit, period). A period row holds the prompt and the answer, so the
// same rows give values (answered), response rates (promptedAt) and who is unreachable.
//
// Decisions (documented here because the numbers depend on them):
// - Archived benefits are left out everywhere (rows, totals, rates): archiving hides a benefit
//   from digests (DOMAIN.md, lifecycle). Realised gains stay in the report.
// - "Hours per year" (for FTE) is a run rate, annualised from what was measured: for each time
//   benefit, realised hours ÷ the summed length of the measured periods (periodEnd − periodStart)
//   × 365.25 days; FTE = the sum over benefits ÷ plan.hoursPerFte. Using the periods' real length
//   makes weekly, every-N-weeks, monthly and daily cadences comparable, and a plan measured for
//   three weeks already shows the pace it is on, not three weeks' worth of a year.
// - Response rate of the week: rows whose promptedAt lies in (now − 7 days, now]. Answered =
//   state answered or skipped ("can't measure this time" is an answer). Rows marked away or
//   unreachable are not counted as prompted: nobody received them.
// - Unanswered: per benefit, the prompted row with the latest period start; when it is still
//   open, the person it was sent to (owner, or deputy while the owner is away) is listed.
// - Unreachable: rows in state unreachable whose promptedAt (else periodStart) lies in the last
//   7 days.
// - Trend: per ISO week (plan time zone), the average achievement over benefits that have a
//   value by the end of that week (the latest value whose period, by the week or month it is
//   named by, starts by the end of that week, or by now for the current week). Benefits without a baseline or with target = baseline have no
//   achievement and are left out. Not clamped: a benefit beyond target pulls the average up.
import { rowToMeasurement } from './measurements';
import { DateTime } from 'luxon';
import { toZoned } from './dates';
import { periodAnchorMs } from './periodAnchor';
import { benefitDirection, benefitStart, gainInNok, periodGain, summarizeBenefit, achievement, toEpochMs, expectedAchievement } from './progress';
import type { Benefit, BenefitState, BenefitType, Lesson, Measurement, PeriodRecord, Person, Plan, Status } from './types';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;

/** A benefit as the digest sees it: the Benefit plus what its row caches (lesson, confirmation). */
export interface DigestBenefit extends Benefit {
  lastLesson?: Lesson;
  confirmedAt?: string;
  confirmedBy?: Person;
  confirmedValue?: number;
}

/** Where `now` lies against the benefit's start and target date (plan-local calendar dates). */
export type Phase = 'notStarted' | 'running' | 'pastDue';

export interface DigestRow {
  number: number;
  title: string;
  owner: Person;
  type: BenefitType;
  unit: string;
  state: BenefitState;
  baseline?: number;
  target: number;
  due: string;
  start: string;
  phase: Phase;
  latestValue?: number;
  latestPeriod?: string;
  /** Fraction (1 = 100 %). */
  achievement?: number;
  expectedAchievement: number;
  status: Status;
  /** Latest value − the value measured before it (raw, in the unit). */
  change?: number;
  /** Sum of measured period gains, in the unit. */
  realised: number;
  realisedNok?: number;
  realisedHours?: number;
  confirmed: boolean;
  confirmedAt?: string;
  lesson?: Lesson;
}

export interface PersonBenefits {
  person: Person;
  /** Benefit numbers, ascending. */
  benefits: number[];
}

export interface TrendPoint {
  week: string; // ISO week id in the plan's time zone, e.g. 2026-W49
  /** Average achievement (fraction) over `benefits` benefits; undefined when none had a value. */
  achievement?: number;
  /** What the same benefits were expected to have achieved by then, on their trajectories. */
  expected?: number;
  benefits: number;
}

export interface DigestTotals {
  /** cost + time × hourly rate, over all active benefits. */
  realisedNok: number;
  realisedCostNok: number;
  realisedHours: number;
  realisedHoursNok: number;
  /** Annualised run rate of saved hours (see header). */
  hoursPerYear: number;
  fte: number;
}

export interface DigestModel {
  planId: string;
  planName: string;
  timezone: string;
  now: string;
  /** ISO week of `now` in the plan's time zone. */
  week: string;
  rows: DigestRow[];
  totals: DigestTotals;
  response: { prompted: number; answered: number; rate?: number };
  unanswered: PersonBenefits[];
  unreachable: PersonBenefits[];
  trend: TrendPoint[];
  /** Calendar year of `now` in the plan's time zone, and NOK realised in periods that started in it. */
  year: number;
  realisedNokYear: number;
}

export interface DigestOptions {
  /** Weeks in the trend, the current one included (default 8). */
  trendWeeks?: number;
}

/** ISO week id of an instant in a time zone: `2026-W49` (ISO week-year). */
export function isoWeekOf(instant: string, tz: string): string {
  return toZoned(instant, tz).toFormat("kkkk-'W'WW");
}

export function buildDigestModel(
  plan: Plan,
  benefits: readonly DigestBenefit[],
  periodRows: readonly PeriodRecord[],
  now: string,
  options: DigestOptions = {},
): DigestModel {
  const tz = plan.timezone;
  const nowMs = toEpochMs(now);
  const localNow = toZoned(now, tz);
  const today = localNow.toISODate()!;
  const year = localNow.year;
  // The year's bounds as instants, so each period start is compared as a number, not re-zoned.
  const yearStartMs = localNow.startOf('year').toMillis();
  const yearEndMs = localNow.startOf('year').plus({ years: 1 }).toMillis();
  const numbers = { tolerance: plan.tolerance, hourlyRate: plan.hourlyRate, hoursPerFte: plan.hoursPerFte };

  const active = benefits.filter((b) => b.state !== 'archived').sort((a, b) => a.number - b.number);
  const rowsByBenefit = new Map<number, PeriodRecord[]>();
  for (const r of periodRows) {
    const list = rowsByBenefit.get(r.benefitNumber);
    if (list) list.push(r);
    else rowsByBenefit.set(r.benefitNumber, [r]);
  }

  const rows: DigestRow[] = [];
  const totals: DigestTotals = { realisedNok: 0, realisedCostNok: 0, realisedHours: 0, realisedHoursNok: 0, hoursPerYear: 0, fte: 0 };
  let realisedNokYear = 0;
  let prompted = 0;
  let answered = 0;
  const unanswered = new PersonIndex();
  const unreachable = new PersonIndex();
  // Per benefit: measured values sorted by period start, for the trend.
  const valueSeries: TrendSeries[] = [];

  for (const b of active) {
    const own = rowsByBenefit.get(b.number) ?? [];
    const measurements: Measurement[] = [];
    for (const r of own) {
      const m = rowToMeasurement(r, b.owner);
      if (m) measurements.push(m);
    }
    const summary = summarizeBenefit(b, measurements, now, numbers);
    const start = benefitStart(b);
    const row: DigestRow = {
      number: b.number,
      title: b.title,
      owner: b.owner,
      type: b.type,
      unit: b.unit,
      state: b.state,
      baseline: b.baseline,
      target: b.target,
      due: b.due,
      start,
      phase: today < start ? 'notStarted' : today > b.due ? 'pastDue' : 'running',
      latestValue: summary.latestValue,
      latestPeriod: summary.latest?.period,
      achievement: summary.achievement,
      expectedAchievement: summary.expectedAchievement,
      status: summary.status,
      change: summary.change,
      realised: summary.realised,
      realisedNok: summary.realisedNok,
      realisedHours: summary.realisedHours,
      confirmed: b.confirmedAt !== undefined,
      confirmedAt: b.confirmedAt,
      lesson: b.lastLesson,
    };
    rows.push(row);

    // Money and time.
    const direction = benefitDirection(b);
    const measured = own
      .filter(isMeasured)
      .map((r) => ({ r, startMs: toEpochMs(r.periodStart), atMs: periodAnchorMs(r, plan.timezone) }))
      .sort((x, y) => x.atMs - y.atMs);
    if (b.baseline !== undefined) {
      const baseline = b.baseline;
      if (b.type === 'cost') totals.realisedCostNok += summary.realised;
      if (b.type === 'time') {
        totals.realisedHours += summary.realised;
        totals.realisedHoursNok += summary.realisedNok ?? 0;
        let spanMs = 0;
        for (const { r, startMs } of measured) spanMs += Math.max(0, toEpochMs(r.periodEnd) - startMs);
        if (spanMs > 0) totals.hoursPerYear += (summary.realised / spanMs) * YEAR_MS;
      }
      for (const { r, atMs } of measured) {
        if (atMs < yearStartMs || atMs >= yearEndMs) continue;
        realisedNokYear += gainInNok(b.type, periodGain(r.value, baseline, direction), plan.hourlyRate) ?? 0;
      }
      if (b.target !== baseline) {
        valueSeries.push({ baseline, target: b.target, start, due: b.due, points: measured.map(({ r, atMs }) => ({ atMs, value: r.value })) });
      }
    }

    // Prompts of the last 7 days, who has not answered, who cannot be reached.
    let latestPrompted: PeriodRecord | undefined;
    for (const r of own) {
      if (r.promptedAt !== undefined) {
        const at = toEpochMs(r.promptedAt);
        if (at > nowMs - WEEK_MS && at <= nowMs && r.state !== 'away' && r.state !== 'unreachable') {
          prompted++;
          if (r.state === 'answered' || r.state === 'skipped') answered++;
        }
        if (r.state !== 'unreachable' && (!latestPrompted || toEpochMs(r.periodStart) > toEpochMs(latestPrompted.periodStart))) latestPrompted = r;
      }
      if (r.state === 'unreachable') {
        const at = toEpochMs(r.promptedAt ?? r.periodStart);
        if (at > nowMs - WEEK_MS && at <= nowMs) unreachable.add(recipient(r, b), b.number);
      }
    }
    if (latestPrompted?.state === 'open') unanswered.add(recipient(latestPrompted, b), b.number);
  }
  totals.realisedNok = totals.realisedCostNok + totals.realisedHoursNok;
  totals.fte = plan.hoursPerFte > 0 ? totals.hoursPerYear / plan.hoursPerFte : 0;

  return {
    planId: plan.id,
    planName: plan.name,
    timezone: tz,
    now,
    week: localNow.toFormat("kkkk-'W'WW"),
    rows,
    totals,
    response: { prompted, answered, ...(prompted > 0 ? { rate: answered / prompted } : {}) },
    unanswered: unanswered.list(),
    unreachable: unreachable.list(),
    trend: trend(valueSeries, localNow, nowMs, options.trendWeeks ?? 8),
    year,
    realisedNokYear,
  };
}

function isMeasured(r: PeriodRecord): r is PeriodRecord & { value: number } {
  return r.state === 'answered' && !r.baseline && typeof r.value === 'number' && Number.isFinite(r.value);
}

/** The person a row was sent to: the deputy when it went to the deputy, else the owner. */
function recipient(r: PeriodRecord, b: Benefit): Person {
  if (b.deputy && r.promptedTo === b.deputy.id) return b.deputy;
  return b.owner;
}

class PersonIndex {
  private readonly byId = new Map<string, PersonBenefits>();
  add(person: Person, n: number): void {
    const seen = this.byId.get(person.id);
    if (!seen) this.byId.set(person.id, { person, benefits: [n] });
    else if (!seen.benefits.includes(n)) seen.benefits.push(n);
  }
  list(): PersonBenefits[] {
    return [...this.byId.values()].map((p) => ({ ...p, benefits: [...p.benefits].sort((a, b) => a - b) }));
  }
}

interface TrendSeries {
  baseline: number;
  target: number;
  start: string;
  due: string;
  /** By the start of the calendar period each value is named by (periodAnchor). */
  points: { atMs: number; value: number }[];
}

function trend(
  series: TrendSeries[],
  localNow: DateTime,
  nowMs: number,
  weeks: number,
): TrendPoint[] {
  const out: TrendPoint[] = [];
  const thisWeek = localNow.startOf('week');
  for (let k = weeks - 1; k >= 0; k--) {
    const weekStart = thisWeek.minus({ weeks: k });
    const cutoff = Math.min(weekStart.plus({ weeks: 1 }).toMillis() - 1, nowMs);
    let sum = 0;
    let expected = 0;
    let count = 0;
    const cutoffIso = new Date(cutoff).toISOString();
    for (const s of series) {
      let value: number | undefined;
      for (const p of s.points) {
        if (p.atMs > cutoff) break;
        value = p.value;
      }
      if (value === undefined) continue;
      sum += achievement(value, s.baseline, s.target)!;
      expected += expectedAchievement(s.start, s.due, cutoffIso);
      count++;
    }
    out.push({ week: weekStart.toFormat("kkkk-'W'WW"), benefits: count, ...(count > 0 ? { achievement: sum / count, expected: expected / count } : {}) });
  }
  return out;
}
