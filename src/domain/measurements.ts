// Period rows (the stored prompt + answer of one benefit and period) as the domain's measurements.
import { summarizeBenefit, type BenefitSummary } from './progress';
import type { Benefit, Measurement, PeriodRecord, Person, Plan } from './types';

/**
 * A period row as the measurement summarizeBenefit reads: answered → value (or baseline, when
 * the period asked for the baseline), skipped → skip, away → away. Open and unreachable rows
 * carry no answer and give nothing. `by` falls back to `fallbackBy` for rows written without one.
 */
export function rowToMeasurement(row: PeriodRecord, fallbackBy: Person = { id: '', name: '' }): Measurement | undefined {
  const kind =
    row.state === 'answered' ? (row.baseline ? 'baseline' : 'value') : row.state === 'skipped' ? 'skip' : row.state === 'away' ? 'away' : undefined;
  if (!kind) return undefined;
  return {
    planId: row.planId,
    benefitNumber: row.benefitNumber,
    period: row.period,
    periodStart: row.periodStart,
    kind,
    value: row.value,
    reason: row.reason,
    comment: row.comment,
    by: row.by ?? fallbackBy,
    at: row.at ?? row.periodStart,
    version: row.version,
  };
}

/** Only the measured values (what realised gain is summed from): answered, not a baseline, a finite number. */
export function valueMeasurements(rows: readonly PeriodRecord[]): Measurement[] {
  const out: Measurement[] = [];
  for (const r of rows) {
    const m = rowToMeasurement(r);
    if (m?.kind === 'value' && typeof m.value === 'number' && Number.isFinite(m.value)) out.push(m);
  }
  return out;
}

/** summarizeBenefit over one benefit's current period rows (rows of other benefits are ignored). */
export function summarizeRows(
  plan: Pick<Plan, 'tolerance' | 'hourlyRate' | 'hoursPerFte'>,
  benefit: Benefit,
  rows: ReadonlyArray<PeriodRecord>,
  now: string,
): BenefitSummary {
  const own = rows.filter((r) => r.benefitNumber === benefit.number);
  return summarizeBenefit(benefit, valueMeasurements(own), now, plan);
}
