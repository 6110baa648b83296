// Realised figures from stored period rows, and the tenant's portfolio line.
// The storage keeps one PeriodRecord per (benefit, period); the domain's progress rules speak
// Measurement. The conversion lives here so confirmation, report and the plan cache count the
// same periods: answered, with a number, and not the baseline answer.
import { portfolioTotal } from '../domain/portfolio';
import { benefitDirection, gainInNok, realisedToDate, summarizeBenefit, toEpochMs, type BenefitSummary } from '../domain/progress';
import { toZoned, zonedWallClock } from '../domain/dates';
import { formatMoney } from '../domain/numbers';
import type { Benefit, Language, PeriodRecord } from '../domain/types';
import { valueMeasurements } from '../domain/measurements';
import { t } from '../i18n';
import type { BenefitRow, PlanRow } from '../storage';
import { updatePlanRow } from './rows';
import type { Services } from './context';

/** summarizeBenefit over one benefit's current period rows (rows of other benefits are ignored). */
export function summarizeRows(
  plan: Pick<PlanRow, 'tolerance' | 'hourlyRate' | 'hoursPerFte'>,
  benefit: Benefit,
  rows: ReadonlyArray<PeriodRecord>,
  now: string,
): BenefitSummary {
  const own = rows.filter((r) => r.benefitNumber === benefit.number);
  return summarizeBenefit(benefit, valueMeasurements(own), now, plan);
}

const toIso = (now: Date | string): string => (typeof now === 'string' ? now : now.toISOString());

/** The calendar year of `now` in the plan's time zone. */
export function planYear(plan: Pick<PlanRow, 'timezone'>, now: Date | string): number {
  return toZoned(toIso(now), plan.timezone).year;
}

/**
 * Realised NOK of a plan in one calendar year (plan's time zone): the gains of measured periods
 * whose start lies in that year, over cost and time benefits (quality is not monetised).
 * Archived benefits count: what was realised stays realised.
 */
export function realisedNokInYear(
  plan: Pick<PlanRow, 'timezone' | 'hourlyRate'>,
  benefits: ReadonlyArray<Benefit>,
  rows: ReadonlyArray<PeriodRecord>,
  year: number,
): number {
  // The year's bounds as instants, compared as numbers: zoning every row cost ~0.1 s for a plan of
  // 5 000 period rows (bench/reportRender.ts).
  const from = zonedWallClock(plan.timezone, { year, month: 1, day: 1, hour: 0, minute: 0 }).toMillis();
  const to = zonedWallClock(plan.timezone, { year: year + 1, month: 1, day: 1, hour: 0, minute: 0 }).toMillis();
  const inYear = valueMeasurements(rows).filter((m) => {
    const ms = toEpochMs(m.periodStart);
    return ms >= from && ms < to;
  });
  let nok = 0;
  for (const b of benefits) {
    if (b.baseline === undefined || b.type === 'quality') continue;
    const own = inYear.filter((m) => m.benefitNumber === b.number);
    const gain = realisedToDate(own, b.baseline, benefitDirection(b));
    nok += gainInNok(b.type, gain, plan.hourlyRate) ?? 0;
  }
  return nok;
}

/**
 * Recomputes and stores realisedYear/realisedNokYear on the plan row (etag-checked). On a
 * concurrent change of the plan it re-reads and tries again, so a `plan set` in between is
 * never overwritten. `loaded` saves the two partition queries when the caller has the data.
 * Returns the figures (also when nothing had to be written).
 */
export async function refreshPlanRealisedCache(
  s: Services,
  planRow: PlanRow,
  now: Date | string,
  loaded?: { benefits: ReadonlyArray<BenefitRow>; rows: ReadonlyArray<PeriodRecord> },
): Promise<{ year: number; nok: number }> {
  const benefits = loaded?.benefits ?? (await s.storage.benefits.list(planRow.tenantId, planRow.id));
  const rows = loaded?.rows ?? (await s.storage.measurements.listPlan(planRow.tenantId, planRow.id));
  const year = planYear(planRow, now);
  const nok = Math.round(realisedNokInYear(planRow, benefits, rows, year) * 100) / 100;
  await updatePlanRow(s, planRow, (current) => {
    if (current.realisedYear === year && current.realisedNokYear === nok) return undefined;
    const { etag: _e, ...plan } = current;
    return { ...plan, realisedYear: year, realisedNokYear: nok };
  });
  return { year, nok };
}

/** "Realisert i år, alle planer: 1 234 567 kr (3 planer)" from the plans' cached figures. */
export function portfolioText(lang: Language, plans: ReadonlyArray<PlanRow>, now: Date | string): string {
  // Plans of one tenant may sit in different zones; the year is taken per plan.
  let nok = 0;
  let count = 0;
  for (const p of plans) {
    const total = portfolioTotal([p], planYear(p, now));
    nok += total.nok;
    count += total.plans;
  }
  return t(lang, count === 1 ? 'portfolio.line.one' : 'portfolio.line.other', { amount: formatMoney(nok, lang), count });
}
