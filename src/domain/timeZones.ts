// IANA time zones as people type them: any case (`europe/oslo`), and a likely meant zone when a
// name is not one (`Europe/Olso` → `Europe/Oslo`, `Oslo` → `Europe/Oslo`).
import { isValidTimeZone } from './dates';
import { damerauLevenshtein } from './fuzzy';

export const DEFAULT_TIME_ZONE = 'Europe/Oslo';

let zoneList: readonly string[] | undefined;
function zones(): readonly string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone');
  return zoneList;
}

/** The canonical spelling of a time zone typed in any case (`europe/oslo` → `Europe/Oslo`), or undefined. */
export function canonicalTimeZone(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || t.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(t)) return undefined;
  const lower = t.toLowerCase();
  const listed = zones().find((z) => z.toLowerCase() === lower);
  if (listed && isValidTimeZone(listed)) return listed;
  if (lower === 'utc' || lower === 'etc/utc') return 'UTC';
  return isValidTimeZone(t) ? t : undefined;
}

/** A likely meant zone: the one whose city matches, else the closest spelling, else Europe/Oslo. */
export function suggestTimeZone(text: string): string {
  const lower = text.trim().toLowerCase().replace(/\s+/g, '_');
  if (lower === '' || lower.length > 64) return DEFAULT_TIME_ZONE;
  const byCity = zones().find((z) => z.toLowerCase().split('/').pop() === lower.split('/').pop());
  if (byCity) return byCity;
  let best: string = DEFAULT_TIME_ZONE;
  let bestD = 4;
  for (const z of zones()) {
    const d = damerauLevenshtein(lower, z.toLowerCase());
    if (d < bestD) {
      best = z;
      bestD = d;
    }
  }
  return best;
}
