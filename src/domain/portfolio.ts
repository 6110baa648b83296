// The tenant's realised total this year across all plans ("portfolio line" in plan list and
// digests). Each plan row caches its realised NOK for a calendar year, refreshed whenever the plan's
// digest or report is built; the portfolio is the sum of those caches for the current year.
export interface PlanRealisedCache {
  realisedYear?: number;
  realisedNokYear?: number;
  archived?: boolean;
}

export function portfolioTotal(plans: readonly PlanRealisedCache[], year: number): { nok: number; plans: number } {
  let nok = 0;
  let counted = 0;
  for (const p of plans) {
    if (p.realisedYear === year && typeof p.realisedNokYear === 'number' && Number.isFinite(p.realisedNokYear)) {
      nok += p.realisedNokYear;
      counted++;
    }
  }
  return { nok, plans: counted };
}
