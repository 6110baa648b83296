// The tenant's realised total this calendar year across its plans (the portfolio line in digests
// and `plan list`), from the measurements themselves: the gains of measured periods of cost and
// time benefits (time priced at each plan's own hourly rate), in plans that are not archived.
// Archived benefits of a live plan count: what was realised stays realised.
import { toZoned, zonedWallClock } from './dates';
import { valueMeasurements } from './measurements';
import { periodAnchorMs } from './periodAnchor';
import { benefitDirection, gainInNok, realisedToDate } from './progress';
import type { Benefit, PeriodRecord, Plan } from './types';

/** The calendar year of `now` in the plan's time zone. */
export function planYear(plan: Pick<Plan, 'timezone'>, now: string): number {
  return toZoned(now, plan.timezone).year;
}

/**
 * Realised NOK of a plan in one calendar year (plan's time zone): the gains of measured periods
 * named by a week, month or day that starts in that year (uke 53 2026 counts in 2026), over cost and time benefits (quality is not
 * monetised). `periods` counts the measured periods that gave them.
 */
export function realisedInYear(
  plan: Pick<Plan, 'timezone' | 'hourlyRate'>,
  benefits: ReadonlyArray<Benefit>,
  rows: ReadonlyArray<PeriodRecord>,
  year: number,
): { nok: number; periods: number } {
  // The year's bounds as instants, compared as numbers: zoning every row cost ~0.1 s for a plan of
  // 5 000 period rows (bench/reportRender.ts).
  const from = zonedWallClock(plan.timezone, { year, month: 1, day: 1, hour: 0, minute: 0 }).toMillis();
  const to = zonedWallClock(plan.timezone, { year: year + 1, month: 1, day: 1, hour: 0, minute: 0 }).toMillis();
  const inYear = valueMeasurements(rows).filter((m) => {
    const ms = periodAnchorMs(m, plan.timezone);
    return ms >= from && ms < to;
  });
  let nok = 0;
  let periods = 0;
  for (const b of benefits) {
    if (b.baseline === undefined || b.type === 'quality') continue;
    const own = inYear.filter((m) => m.benefitNumber === b.number);
    periods += own.length;
    nok += gainInNok(b.type, realisedToDate(own, b.baseline, benefitDirection(b)), plan.hourlyRate) ?? 0;
  }
  return { nok, periods };
}

/** Realised NOK of a plan in one calendar year; see realisedInYear. */
export function realisedNokInYear(plan: Pick<Plan, 'timezone' | 'hourlyRate'>, benefits: ReadonlyArray<Benefit>, rows: ReadonlyArray<PeriodRecord>, year: number): number {
  return realisedInYear(plan, benefits, rows, year).nok;
}

export interface PlanMeasurements {
  plan: Pick<Plan, 'id' | 'timezone' | 'hourlyRate' | 'archived'>;
  benefits: ReadonlyArray<Benefit>;
  rows: ReadonlyArray<PeriodRecord>;
}

export interface Portfolio {
  /** Realised NOK this calendar year (each plan's own year at `now`), over live plans. */
  nok: number;
  /** The live plans that contributed: with at least one measured period of a cost or time benefit this year. */
  plans: number;
}

export function portfolioOf(entries: ReadonlyArray<PlanMeasurements>, now: string): Portfolio {
  let nok = 0;
  let plans = 0;
  for (const { plan, benefits, rows } of entries) {
    if (plan.archived) continue;
    const r = realisedInYear(plan, benefits, rows, planYear(plan, now));
    nok += r.nok;
    if (r.periods > 0) plans++;
  }
  return { nok: Math.round(nok * 100) / 100, plans };
}
