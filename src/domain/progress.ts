// Progress rules of DOMAIN.md "Numbers and formulas": pure functions, no clock, no I/O.
// `now` is always a parameter so digests and tests are reproducible.

import type { Benefit, BenefitType, Direction, Measurement, MeasurementKind, Status } from './types';

/**
 * Slack for float comparisons at status boundaries. Achievement and expected values are
 * computed from user-entered decimals (0.1 is not exact in binary), so a value that is
 * "exactly" on a tolerance boundary by hand can land 1e-16 below it in floating point.
 * Boundaries are inclusive, and this slack keeps them inclusive in practice.
 */
const EPSILON = 1e-9;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Milliseconds since the epoch for a calendar date ('YYYY-MM-DD') or an ISO instant.
 * A calendar date means 00:00 UTC that day: the plan's time zone is not known here, and
 * start-of-day UTC for both start and due keeps the trajectory independent of where the
 * server runs. An instant without an offset is read as UTC (stored instants are UTC), never
 * as server-local time. Anything else throws RangeError: a silently wrong date would give a
 * silently wrong status.
 */
export function toEpochMs(iso: string): number {
  const d = DATE_ONLY.exec(iso);
  if (d) {
    const year = Number(d[1]);
    const month = Number(d[2]);
    const day = Number(d[3]);
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March; reject instead of guessing.
    if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
      throw new RangeError(`invalid date: ${iso}`);
    }
    return ms;
  }
  const m = INSTANT.exec(iso);
  if (m) {
    const ms = Date.parse(m[1] ? iso : `${iso}Z`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new RangeError(`invalid date or instant: ${iso}`);
}

/** `up` when the target is above the baseline, else `down` (also when they are equal). */
export function inferDirection(baseline: number, target: number): Direction {
  return target > baseline ? 'up' : 'down';
}

/** The direction a benefit follows: the admin's choice when set, else inferred from baseline/target. */
export function benefitDirection(benefit: Pick<Benefit, 'baseline' | 'target' | 'direction' | 'directionSet'>): Direction {
  if (!benefit.directionSet && benefit.baseline !== undefined) return inferDirection(benefit.baseline, benefit.target);
  return benefit.direction;
}

/** A value meets the target when `v >= g` (up) or `v <= g` (down); reaching it exactly counts. */
export function meetsTarget(value: number, target: number, direction: Direction): boolean {
  return direction === 'up' ? value >= target : value <= target;
}

/**
 * Achievement as a fraction: (v - b) / (g - b). 1 = target reached; it may be below 0 (worse
 * than baseline) or above 1 (beyond target). Undefined when g == b, because no distance was
 * asked for and any percentage would be made up.
 */
export function achievement(value: number, baseline: number, target: number): number | undefined {
  if (target === baseline) return undefined;
  // `+ 0` turns -0 (0 divided by a negative distance) into 0, so nobody sees "-0 %".
  return (value - baseline) / (target - baseline) + 0;
}

/**
 * Share of the way from start to due that has passed at `now`: clamp((t - s) / (d - s), 0, 1).
 * Before start → 0, after due → 1. When due <= start the whole target is expected at once
 * (fraction 1): there is no period to spread it over.
 */
export function expectedAchievement(startIso: string, dueIso: string, nowIso: string): number {
  const s = toEpochMs(startIso);
  const d = toEpochMs(dueIso);
  const t = toEpochMs(nowIso);
  if (d <= s) return 1;
  return Math.min(1, Math.max(0, (t - s) / (d - s)));
}

/** Value on the straight-line trajectory at `now`: b + (g - b) * expectedAchievement. */
export function expectedValue(baseline: number, target: number, startIso: string, dueIso: string, nowIso: string): number {
  return baseline + (target - baseline) * expectedAchievement(startIso, dueIso, nowIso);
}

export interface StatusInput {
  value?: number;
  baseline?: number;
  target: number;
  direction: Direction;
  start: string;
  due: string;
  now: string;
  /** Percentage points: 10 means 0.10 of achievement. */
  tolerancePp: number;
}

/**
 * achieved (meets target) · onTrack (achievement >= expected - tol) · atRisk (>= expected - 2 tol)
 * · offTrack · noData (no value or no baseline). Boundaries are inclusive. When target ==
 * baseline and the target is not met there is no achievement to compare, so it is offTrack.
 */
export function status(input: StatusInput): Status {
  const { value, baseline, target, direction } = input;
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline)) return 'noData';
  if (meetsTarget(value, target, direction)) return 'achieved';
  const a = achievement(value, baseline, target);
  if (a === undefined) return 'offTrack';
  const expected = expectedAchievement(input.start, input.due, input.now);
  const tol = input.tolerancePp / 100;
  if (a >= expected - tol - EPSILON) return 'onTrack';
  if (a >= expected - 2 * tol - EPSILON) return 'atRisk';
  return 'offTrack';
}

/** Gain of one period, in the benefit's unit: v - b (up) or b - v (down). Negative = a dis-benefit. */
export function periodGain(value: number, baseline: number, direction: Direction): number {
  return direction === 'up' ? value - baseline : baseline - value;
}

/**
 * Realised to date: the sum of period gains over the periods that were measured (kind
 * 'value' with a number). Skipped, away and baseline rows add nothing: what was not measured
 * is not claimed. The caller passes one row per period (current versions).
 */
export function realisedToDate(
  measurements: ReadonlyArray<{ value?: number; kind: MeasurementKind }>,
  baseline: number,
  direction: Direction,
): number {
  let sum = 0;
  for (const m of measurements) {
    if (isMeasuredValue(m)) sum += periodGain(m.value, baseline, direction);
  }
  return sum;
}

/** A gain in NOK: cost is already NOK; time × hourly rate; quality is not monetised (undefined). */
export function gainInNok(type: BenefitType, gain: number, hourlyRate: number): number | undefined {
  switch (type) {
    case 'cost':
      return gain;
    case 'time':
      return gain * hourlyRate;
    case 'quality':
      return undefined;
  }
}

/** Full-time equivalents (årsverk) = hours per year ÷ hours per FTE. Throws on a non-positive divisor. */
export function hoursToFte(hoursPerYear: number, hoursPerFte: number): number {
  if (!(hoursPerFte > 0)) throw new RangeError(`hoursPerFte must be > 0, got ${hoursPerFte}`);
  return hoursPerYear / hoursPerFte;
}

export interface BenefitSummary {
  /** The value measurement with the greatest period start. */
  latest?: Measurement;
  /** The value measurement just before `latest`. */
  previous?: Measurement;
  latestValue?: number;
  /** latest value - previous value (raw, not direction-adjusted). */
  change?: number;
  /** Fraction (1 = 100 %); undefined without value/baseline or when target == baseline. */
  achievement?: number;
  /** Value on the trajectory at `now`; undefined without a baseline. */
  expected?: number;
  /** Fraction of the way that should be done at `now` (0..1). */
  expectedAchievement: number;
  status: Status;
  /** Sum of measured period gains, in the benefit's unit; 0 without a baseline. */
  realised: number;
  /** cost: realised; time: realised × hourly rate; quality: undefined. */
  realisedNok?: number;
  /** time only: realised hours. */
  realisedHours?: number;
  /** Number of periods with a value (the periods whose gains make up `realised`). */
  measuredPeriods: number;
}

export interface PlanNumbers {
  tolerance: number; // percentage points
  hourlyRate: number; // NOK per hour
  hoursPerFte: number;
}

/** Start of the trajectory: benefit.start ?? baselineDate ?? the (UTC) date of createdAt. */
export function benefitStart(benefit: Pick<Benefit, 'start' | 'baselineDate' | 'createdAt'>): string {
  return benefit.start ?? benefit.baselineDate ?? benefit.createdAt.slice(0, 10);
}

/**
 * Everything a digest or report needs about one benefit at `now`. `measurements` are this
 * benefit's rows in any order; if several versions of one period slip in, the highest
 * version wins, so a correction is never counted twice.
 */
export function summarizeBenefit(
  benefit: Benefit,
  measurements: ReadonlyArray<Measurement>,
  now: string,
  plan: PlanNumbers,
): BenefitSummary {
  const direction = benefitDirection(benefit);
  const current = currentVersions(measurements);
  const values = current
    .filter((m): m is Measurement & { value: number } => isMeasuredValue(m))
    .sort(compareByPeriodStart);
  const latest = values[values.length - 1];
  const previous = values[values.length - 2];
  const baseline = benefit.baseline;
  const start = benefitStart(benefit);
  const expFraction = expectedAchievement(start, benefit.due, now);

  const realised = baseline === undefined ? 0 : realisedToDate(values, baseline, direction);
  const summary: BenefitSummary = {
    expectedAchievement: expFraction,
    status: status({
      value: latest?.value,
      baseline,
      target: benefit.target,
      direction,
      start,
      due: benefit.due,
      now,
      tolerancePp: plan.tolerance,
    }),
    realised,
    measuredPeriods: values.length,
  };
  if (latest) {
    summary.latest = latest;
    summary.latestValue = latest.value;
  }
  if (previous) {
    summary.previous = previous;
    if (latest) summary.change = latest.value - previous.value;
  }
  if (baseline !== undefined) {
    summary.expected = baseline + (benefit.target - baseline) * expFraction;
    if (latest) {
      const a = achievement(latest.value, baseline, benefit.target);
      if (a !== undefined) summary.achievement = a;
    }
  }
  const nok = gainInNok(benefit.type, realised, plan.hourlyRate);
  if (nok !== undefined) summary.realisedNok = nok;
  if (benefit.type === 'time') summary.realisedHours = realised;
  return summary;
}

function isMeasuredValue<T extends { value?: number; kind: MeasurementKind }>(m: T): m is T & { value: number } {
  return m.kind === 'value' && typeof m.value === 'number' && Number.isFinite(m.value);
}

function currentVersions(measurements: ReadonlyArray<Measurement>): Measurement[] {
  const byPeriod = new Map<string, Measurement>();
  for (const m of measurements) {
    const seen = byPeriod.get(m.period);
    if (!seen || m.version > seen.version) byPeriod.set(m.period, m);
  }
  return [...byPeriod.values()];
}

// Period start decides order; period id and answer time only break ties so the result
// does not depend on the order storage returned the rows in.
function compareByPeriodStart(a: Measurement, b: Measurement): number {
  const d = toEpochMs(a.periodStart) - toEpochMs(b.periodStart);
  if (d !== 0) return d;
  if (a.period !== b.period) return a.period < b.period ? -1 : 1;
  return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
}
