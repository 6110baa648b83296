// Units that the benefit types imply (DOMAIN.md): time is counted in hours (so it can be priced at
// the plan's hourly rate and turned into FTE), cost in kroner. A qualifier such as "per uke" is
// fine: "timer per uke", "t/uke", "kr/mnd".
const QUALIFIER = String.raw`(?:\s*/\s*\S.*|\s+(?:per|pr\.?|i|a)\s+\S.*)?`;
const HOURS = new RegExp(String.raw`^(?:timer|time|timar|t|h|hrs?|hours?)${QUALIFIER}$`, 'iu');
const MONEY = new RegExp(String.raw`^(?:nok|kr\.?|kroner)${QUALIFIER}$`, 'iu');

export const isHoursUnit = (unit: string): boolean => HOURS.test(unit.trim());
export const isMoneyUnit = (unit: string): boolean => MONEY.test(unit.trim());

// Units are typed by admins in the plural ("timer", "besøk", "visits"); after the number 1 people
// write the singular ("1 time", "1 visit"), and −1 too. Only the first word changes ("timer per uke" → "time
// per uke"); words that are the same in both (besøk, fall, brev) and unknown words stay as typed.
const SINGULAR: Readonly<Record<string, string>> = {
  timer: 'time',
  dager: 'dag',
  uker: 'uke',
  'måneder': 'måned',
  minutter: 'minutt',
  kroner: 'krone',
  saker: 'sak',
  pasienter: 'pasient',
  brukere: 'bruker',
  henvendelser: 'henvendelse',
  innbyggere: 'innbygger',
  timar: 'time',
  hours: 'hour',
  days: 'day',
  weeks: 'week',
  months: 'month',
  minutes: 'minute',
  visits: 'visit',
  cases: 'case',
  patients: 'patient',
  users: 'user',
  letters: 'letter',
  falls: 'fall',
  calls: 'call',
};
/**
 * The unit as written after a number: the singular after 1, else the unit as typed. (Only this
 * way round: a plural from a singular would guess wrong across the two languages, "fall" is both.)
 */
export function unitForCount(unit: string, one: boolean): string {
  if (!one) return unit;
  const m = /^(\S+)(.*)$/su.exec(unit);
  if (!m) return unit;
  const [, first, rest] = m as unknown as [string, string, string];
  const lower = first.toLowerCase();
  const swapped = Object.prototype.hasOwnProperty.call(SINGULAR, lower) ? SINGULAR[lower]! : undefined;
  if (!swapped) return unit;
  // Keep an initial capital as typed ("Timer" → "Time").
  const cased = first[0] === first[0]!.toUpperCase() && first[0] !== first[0]!.toLowerCase() ? swapped[0]!.toUpperCase() + swapped.slice(1) : swapped;
  return cased + rest;
}

const decimalsOf = (n: number): number => {
  const m = /\.(\d+)$/.exec(String(n));
  return m ? Math.min(2, m[1]!.length) : 0;
};

/**
 * How many decimals a computed value of this unit is shown with (an expected value on the
 * trajectory, say): whole kroner for money, one decimal for hours, and otherwise as many as the
 * benefit's own numbers have (baseline and target), so `20 besøk`, not `20,06 besøk`.
 */
export function sensibleDecimals(unit: string, ...own: Array<number | undefined>): number {
  if (isMoneyUnit(unit)) return 0;
  if (isHoursUnit(unit)) return 1;
  return Math.max(0, ...own.filter((n): n is number => n !== undefined && Number.isFinite(n)).map(decimalsOf));
}

/** A computed value rounded as people would read it for this benefit (see sensibleDecimals). */
export function roundForUnit(value: number, unit: string, ...own: Array<number | undefined>): number {
  const f = 10 ** sensibleDecimals(unit, ...own);
  return Math.round(value * f) / f;
}
