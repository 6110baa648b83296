// Units that the benefit types imply (DOMAIN.md): time is counted in hours (so it can be priced at
// the plan's hourly rate and turned into FTE), cost in kroner. A qualifier such as "per uke" is
// fine: "timer per uke", "t/uke", "kr/mnd".
const QUALIFIER = String.raw`(?:\s*/\s*\S.*|\s+(?:per|pr\.?|i|a)\s+\S.*)?`;
const HOURS = new RegExp(String.raw`^(?:timer|time|timar|t|h|hrs?|hours?)${QUALIFIER}$`, 'iu');
const MONEY = new RegExp(String.raw`^(?:nok|kr\.?|kroner)${QUALIFIER}$`, 'iu');

export const isHoursUnit = (unit: string): boolean => HOURS.test(unit.trim());
export const isMoneyUnit = (unit: string): boolean => MONEY.test(unit.trim());
