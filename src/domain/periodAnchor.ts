// Where a measured period belongs on a calendar: the start of the calendar period it is named by
// (uke 49 → Monday of week 49, november 2026 → 1 November, mandag 7. desember → that day), in the
// plan's time zone. A prompt asks about the interval its occurrence closes (from the previous
// occurrence), so the interval itself can start in the week or year before the one it is named
// by: a Friday prompt's week starts the Friday before. Charts, the digest's trend and the
// realised-this-year figures place a value where people read it, by its name.
import { DateTime } from 'luxon';
import { toEpochMs } from './progress';

const cache = new Map<string, number>();
const CACHE_MAX = 10_000;

function anchorOf(id: string, tz: string): number | undefined {
  let m = /^(\d{4})-W(\d{2})$/.exec(id);
  if (m) return DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: tz }).toMillis();
  m = /^(\d{4})-(\d{2})$/.exec(id);
  if (m) return DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone: tz }).toMillis();
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(id);
  if (m) return DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: tz }).toMillis();
  return undefined;
}

/** The start of the calendar period a row is named by, as epoch ms; the row's periodStart when its id is not a calendar name. */
export function periodAnchorMs(row: { period: string; periodStart: string }, tz: string): number {
  const key = `${tz}|${row.period}`;
  let ms = cache.get(key);
  if (ms === undefined) {
    const anchor = anchorOf(row.period, tz);
    if (anchor === undefined || !Number.isFinite(anchor)) return toEpochMs(row.periodStart);
    // Ids repeat across a plan's benefits and across plans: zoning each once keeps a large report fast.
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, (ms = anchor));
  }
  return ms;
}
