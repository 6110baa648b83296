// What is scheduled next, for the operator (`gevinstbot due`, `gevinstbot run-due --next`): the
// due items that still stand for work (services/stillDue: the plan and benefit rows are the truth,
// stale items are left out), oldest first, with the plan (its time zone) and the benefit (its
// owner) they concern.
//
// Reads stay bounded: what is overdue is read as runDue reads it (the buckets up to now, which
// hold only what is due, since items are deleted once done); what lies ahead is one forward scan
// of the hour buckets from now to HORIZON_DAYS ahead, page by page, stopped as soon as enough
// current items are found. Each item costs one read of its plan and of its benefit (cached), and
// a reminder or period end one read of its period row.
import type { BenefitRow, DueItem, PeriodRow, PlanRow } from '../storage';
import type { Services } from '../services/context';
import { digestItemCurrent, periodEndItemCurrent, promptItemCurrent, reminderItemCurrent, targetCheckItemCurrent } from '../services/stillDue';

/** How far ahead the operator's view looks: a year and a day (monthly cadences, target dates). */
export const HORIZON_DAYS = 366;

export interface ScheduledWork {
  item: DueItem;
  plan: PlanRow;
  benefit?: BenefitRow;
  /** Its instant has passed: the next run (tick or run-due) does it. */
  overdue: boolean;
}

/** Reads each plan, benefit and period row once for all the items that concern it. */
class Rows {
  private readonly plans = new Map<string, Promise<PlanRow | undefined>>();
  private readonly benefits = new Map<string, Promise<BenefitRow | undefined>>();
  private readonly periods = new Map<string, Promise<PeriodRow | undefined>>();
  constructor(private readonly s: Services) {}

  plan(i: DueItem) {
    const key = `${i.tenantId}|${i.planId}`;
    let p = this.plans.get(key);
    if (!p) this.plans.set(key, (p = this.s.storage.plans.get(i.tenantId, i.planId)));
    return p;
  }

  benefit(i: DueItem) {
    if (!i.benefitNumber) return Promise.resolve(undefined);
    const key = `${i.tenantId}|${i.planId}|${i.benefitNumber}`;
    let p = this.benefits.get(key);
    if (!p) this.benefits.set(key, (p = this.s.storage.benefits.get(i.tenantId, i.planId, i.benefitNumber)));
    return p;
  }

  period(i: DueItem) {
    if (!i.benefitNumber || !i.period) return Promise.resolve(undefined);
    const key = `${i.tenantId}|${i.planId}|${i.benefitNumber}|${i.period}`;
    let p = this.periods.get(key);
    if (!p) this.periods.set(key, (p = this.s.storage.measurements.get(i.tenantId, i.planId, i.benefitNumber, i.period)));
    return p;
  }
}

/** The item with its rows when it still stands for work at `nowIso`, else undefined. */
async function current(rows: Rows, item: DueItem, nowIso: string): Promise<ScheduledWork | undefined> {
  const [plan, benefit] = await Promise.all([rows.plan(item), rows.benefit(item)]);
  const runsAt = item.at > nowIso ? item.at : nowIso;
  let ok: boolean;
  switch (item.kind) {
    case 'prompt':
      ok = promptItemCurrent(plan, benefit, item);
      break;
    case 'digest':
      ok = digestItemCurrent(plan, item);
      break;
    case 'targetCheck':
      ok = targetCheckItemCurrent(plan, benefit, item);
      break;
    case 'reminder':
      ok = reminderItemCurrent(plan, benefit, await rows.period(item), runsAt);
      break;
    case 'periodEnd':
      ok = periodEndItemCurrent(plan, benefit, await rows.period(item));
      break;
    default:
      ok = false; // a kind runDue does not know is dropped by it
  }
  return ok && plan ? { item, plan, benefit, overdue: item.at <= nowIso } : undefined;
}

const horizonOf = (now: Date) => new Date(now.getTime() + HORIZON_DAYS * 86_400_000).toISOString();

/** Current items: the overdue ones first, then those ahead in instant order (the caller stops when it has enough). */
async function* scheduled(s: Services, now: Date): AsyncGenerator<ScheduledWork> {
  const nowIso = now.toISOString();
  const rows = new Rows(s);
  for (const item of await s.storage.due.listDue(nowIso)) {
    const w = await current(rows, item, nowIso);
    if (w) yield w;
  }
  for await (const item of s.storage.due.scanAfter(nowIso, horizonOf(now))) {
    const w = await current(rows, item, nowIso);
    if (w) yield w;
  }
}

/** Up to `limit` current items from now on; `more`: there are others after them. */
export async function listScheduled(s: Services, now: Date, limit: number): Promise<{ work: ScheduledWork[]; more: boolean; horizon: string }> {
  const work: ScheduledWork[] = [];
  let more = false;
  for await (const w of scheduled(s, now)) {
    if (work.length === limit) {
      more = true;
      break;
    }
    work.push(w);
  }
  return { work, more, horizon: horizonOf(now) };
}

export type NextDue =
  | { at: Date; overdue: boolean; since: string; work: ScheduledWork[] }
  | { at: undefined; horizon: string };

/**
 * The earliest instant at which something is still due: now, when current items are overdue
 * (`since`: the oldest of them), else the instant of the next current item. `work`: what is due
 * then (for the time zones of its plans).
 */
export async function nextDue(s: Services, now: Date): Promise<NextDue> {
  const work: ScheduledWork[] = [];
  for await (const w of scheduled(s, now)) {
    if (work.length > 0 && (work[0].overdue ? !w.overdue : w.item.at !== work[0].item.at)) break;
    work.push(w);
  }
  if (work.length === 0) return { at: undefined, horizon: horizonOf(now) };
  const overdue = work[0].overdue;
  return { at: overdue ? now : new Date(work[0].item.at), overdue, since: work[0].item.at, work };
}
