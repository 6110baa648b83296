// The due prompts of one plan, in five phases: load (plan, benefits, previous values, people away),
// resolve (each item's period and recipient; stale items dropped), claim, send, and schedule what
// follows (next prompt, reminder, end of period).
//
// A prompt is claimed by inserting its period row, keyed by (benefit, period): the conditional
// insert of ARCHITECTURE rule 2, in the table where its answer will land. The row names the run
// that claimed it. A row that exists already means another run has it; one left without a
// delivered card is taken over only when the run that claimed it is dead (delivery/fence.ts),
// however long ago it was claimed (at-least-once for the sends that run had in flight). The run
// checks its lease before each send and stops when it may have lost it.
//
// A plan costs one plan read and one benefits query, claims and schedule writes go in entity-group
// transactions, so a run over many prompts costs about one storage request per prompt (the
// conversation lookup) plus a fraction (bench/roundTrips.ts).
import { latestOccurrence, nextOccurrence, periodOf } from '../../domain/cadence';
import { localDate } from '../../domain/dates';
import type { LatestValue, PeriodRecord } from '../../domain/types';
import { reminderInstant } from '../../domain/workdays';
import { claimHolderAlive, isDeferral } from '../../delivery/fence';
import { SendPool } from '../../delivery/rateLimiter';
import type { Services } from '../../services/context';
import { promptLanguage } from '../../services/language';
import { benefitAnchor, cadenceOf, promptSendInstant } from '../../services/schedule';
import { promptItemCurrent } from '../../services/stillDue';
import type { BenefitRow, DueItem, PersonRow, PlanRow } from '../../storage';
import type { RunSummary } from '../dueWork';
import type { PromptJob } from './job';
import { ChatLookahead } from './chats';
import { DeliveryRecorder } from './recorder';
import { sendPrompt, type SendOutcome } from './send';

/** A claim written before claims named their run is taken over when older than this. */
export const LEGACY_CLAIM_STALE_MS = 5 * 60_000;

/** At most this many prompts of a tenant are prepared or in flight at once. */
const SEND_CONCURRENCY = 64;

/** A prompt shows the previous value of a benefit when it was given within this many days. */
const PREVIOUS_VALUE_DAYS = 400;

/** What the plans of one run share. */
export interface PromptRun {
  now: Date;
  summary: RunSummary;
  /** The people away, or with a language of their own, per tenant: read once per run. */
  peopleByTenant: Map<string, Promise<PersonRow[]>>;
  /** One send pool per tenant for the whole run, whatever the number of plans due. */
  pools: Map<string, SendPool>;
}

interface Loaded {
  plan: PlanRow;
  benefits: Map<number, BenefitRow>;
  previousValues: Map<number, LatestValue>;
  /** People away or with a language of their own, by id. */
  people: Map<string, PersonRow>;
}

/** The items of one plan (all of one tenant and plan); returns those that are done. */
export async function promptPlan(s: Services, items: DueItem[], run: PromptRun): Promise<DueItem[]> {
  s.run?.check(items[0].tenantId);
  const loaded = await load(s, items, run);
  if (!loaded) return items; // nothing to prompt in an archived or deleted plan
  const { jobs, stale } = resolve(loaded, items, run.now);
  const { toSend, toSchedule, deferred } = await claim(s, loaded.plan, jobs, run.now);
  run.summary.deferred += deferred;
  const sent = await send(s, loaded.plan, toSend, run);
  const done = [...toSchedule, ...sent.delivered];
  await scheduleFollowUps(s, loaded.plan, done, sent.reminders);
  return [...stale, ...done.map((j) => j.item)];
}

// 1. Load ------------------------------------------------------------------------------------

async function load(s: Services, items: DueItem[], run: PromptRun): Promise<Loaded | undefined> {
  const { tenantId, planId } = items[0];
  const nowIso = run.now.toISOString();
  const plan = await s.storage.plans.get(tenantId, planId);
  if (!plan || plan.archived) return undefined;
  const benefits = new Map<number, BenefitRow>();
  // Each card shows the benefit's previous value, read from its answered rows (not stored on the
  // benefit: an answer writes only its own row). A plan's run reads the last PREVIOUS_VALUE_DAYS.
  let previousValues = new Map<number, LatestValue>();
  if (items.length > 2) {
    const [list, values] = await Promise.all([
      s.storage.benefits.list(tenantId, planId),
      s.storage.measurements.latestValues(tenantId, planId, daysBefore(nowIso, PREVIOUS_VALUE_DAYS)),
    ]);
    for (const b of list) benefits.set(b.number, b);
    previousValues = values;
  } else {
    for (const item of items) {
      const n = item.benefitNumber ?? 0;
      const [b, value] = await Promise.all([s.storage.benefits.get(tenantId, planId, n), s.storage.measurements.latestValue(tenantId, planId, n)]);
      if (b) benefits.set(b.number, b);
      if (value) previousValues.set(n, value);
    }
  }
  let peoplePromise = run.peopleByTenant.get(tenantId);
  if (!peoplePromise) run.peopleByTenant.set(tenantId, (peoplePromise = s.storage.people.listAwayOrWithLanguage(tenantId, nowIso.slice(0, 10))));
  const people = new Map((await peoplePromise).map((p) => [p.id, p]));
  return { plan, benefits, previousValues, people };
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * 86_400_000).toISOString().slice(0, 10);

// 2. Resolve ---------------------------------------------------------------------------------

/**
 * Each item's period and recipient; items whose benefit no longer points at them are stale.
 * The benefits of a plan mostly share their cadence, creation instant and next prompt, so the
 * calendar work (pure functions of those) is done once per distinct combination, not per benefit.
 */
function resolve({ plan, benefits, previousValues, people }: Loaded, items: DueItem[], now: Date): { jobs: PromptJob[]; stale: DueItem[] } {
  const nowIso = now.toISOString();
  let today: string | undefined;
  const sendInstants = memo((occurrence: string) => promptSendInstant(plan, occurrence));
  const schedules = memo((key: string, benefit: BenefitRow) => {
    const cadence = cadenceOf(benefit.cadence);
    // Down for a while? Prompt only the current period, once; the ones in between are not sent.
    const latest = latestOccurrence(cadence, plan.timezone, nowIso, benefitAnchor(benefit));
    const occurrence = latest && latest > benefit.nextPromptAt! ? latest : benefit.nextPromptAt!;
    const period = periodOf(cadence, plan.timezone, occurrence, benefitAnchor(benefit));
    const next = nextOccurrence(cadence, plan.timezone, occurrence, benefitAnchor(benefit));
    const closesAt = nextOccurrence(cadence, plan.timezone, next, benefitAnchor(benefit));
    return { occurrence, period, next, closesAt };
  });
  const jobs: PromptJob[] = [];
  const stale: DueItem[] = [];
  for (const item of items) {
    const benefit = benefits.get(item.benefitNumber ?? 0);
    if (!benefit || !promptItemCurrent(plan, benefit, item, sendInstants)) {
      stale.push(item);
      continue;
    }
    const { occurrence, period, next, closesAt } = schedules(`${benefit.cadence}|${benefitAnchor(benefit)}|${benefit.nextPromptAt}`, benefit);
    const awayOwner = people.get(benefit.owner.id);
    const ownerAway = awayOwner?.awayUntil !== undefined && awayOwner.awayUntil >= (today ??= localDate(nowIso, plan.timezone));
    const recipient = ownerAway ? benefit.deputy : benefit.owner;
    const lang = promptLanguage(recipient ? people.get(recipient.id)?.language : undefined, plan);
    jobs.push({ item, plan, benefit, occurrence, next, period, closesAt, recipient, lang, state: recipient ? 'open' : 'away', previous: previousValues.get(benefit.number) });
  }
  return { jobs, stale };
}

/** fn remembered by its first argument (a key that determines the result), for one plan's run. */
function memo<A extends unknown[], R>(fn: (key: string, ...rest: A) => R): (key: string, ...rest: A) => R {
  const known = new Map<string, R>();
  return (key, ...rest) => {
    let r = known.get(key);
    if (r === undefined) known.set(key, (r = fn(key, ...rest)));
    return r;
  };
}

// 3. Claim -----------------------------------------------------------------------------------

/**
 * Inserts the period rows (batched); a row that exists already is resolved one by one: sent or
 * answered by an earlier run (only the schedule may be missing), in flight elsewhere, or stale.
 */
async function claim(s: Services, plan: PlanRow, jobs: PromptJob[], now: Date): Promise<{ toSend: PromptJob[]; toSchedule: PromptJob[]; deferred: number }> {
  const nowIso = now.toISOString();
  let deferred = 0;
  const rows: PeriodRecord[] = jobs.map((j) => ({
    planId: plan.id,
    benefitNumber: j.benefit.number,
    period: j.period.id,
    periodStart: j.period.start,
    periodEnd: j.period.end,
    answerDueAt: j.next,
    closesAt: j.closesAt,
    state: j.state,
    baseline: j.benefit.baseline === undefined,
    promptedAt: nowIso,
    ...(s.run ? { claim: s.run.stamp } : {}),
    promptedTo: j.recipient?.id,
    version: 0,
  }));
  const created = jobs.length > 0 ? await s.storage.measurements.createMany(plan.tenantId, rows) : [];
  const toSend: PromptJob[] = [];
  const toSchedule: PromptJob[] = [];
  await Promise.all(
    jobs.map(async (job, i) => {
      if (created[i]) {
        if (job.state === 'open') toSend.push(job);
        else toSchedule.push(job); // owner away and no deputy: the period is marked, not missed
        return;
      }
      const existing = await s.storage.measurements.get(plan.tenantId, plan.id, job.benefit.number, job.period.id);
      if (!existing) return; // deleted meanwhile (a released claim): leave the item for the next run
      const inFlight = existing.state === 'open' && !existing.promptActivityId && existing.version === 0;
      if (!inFlight) {
        toSchedule.push(job);
        return;
      }
      if (claimHolderAlive({ stamp: existing.claim, claimedAt: existing.promptedAt }, nowIso, s.run, LEGACY_CLAIM_STALE_MS)) {
        deferred++; // another live run is on it: the item stays due
        return;
      }
      try {
        const { etag, ...row } = existing;
        await s.storage.measurements.update(plan.tenantId, { ...row, promptedAt: nowIso, ...(s.run ? { claim: s.run.stamp } : {}) }, etag);
        toSend.push(job);
      } catch {
        // another process took it over first
      }
    }),
  );
  return { toSend, toSchedule, deferred };
}

// 4. Send ------------------------------------------------------------------------------------

/**
 * Sends several at once (the messenger rate-limits per tenant). Each delivery is recorded on its
 * period row as soon as it is made, before the worker takes the next prompt, through a group
 * commit (./recorder) that costs a fraction of a request per prompt, also when the sends are paced
 * by the rate limit, and rides out a short storage outage. A run
 * that dies therefore leaves at most SEND_CONCURRENCY sends unrecorded: the only ones a later run
 * may send twice (at-least-once for the sends in flight).
 */
async function send(s: Services, plan: PlanRow, toSend: PromptJob[], run: PromptRun): Promise<{ delivered: PromptJob[]; reminders: DueItem[] }> {
  const { now, summary } = run;
  const nowIso = now.toISOString();
  let reminderAt: string | undefined; // the same for every prompt of the run
  let sending = 0; // sends started and not yet to be recorded: the recorder gathers while there are some
  const recorder = new DeliveryRecorder(s, plan.tenantId, () => sending);
  const chats = new ChatLookahead(s, plan.tenantId, toSend.map((j) => j.recipient?.id));
  const delivered: PromptJob[] = [];
  const reminders: DueItem[] = [];
  let cursor = 0;
  let pool = run.pools.get(plan.tenantId);
  if (!pool) run.pools.set(plan.tenantId, (pool = new SendPool(SEND_CONCURRENCY, 1000 / s.config.teamsMaxRps)));
  const step = async () => {
    if (cursor >= toSend.length) return; // the other workers took the rest while this one waited
    const i = cursor++;
    const job = toSend[i];
    let outcome: SendOutcome;
    sending++;
    try {
      // The fence: after this run may have lost its lease, it sends nothing more. The claim stays,
      // naming this run, and whoever holds the lease next takes it over once this run is done.
      s.run?.check(plan.tenantId);
      outcome = await sendPrompt(s, job, now, () => chats.get(i));
    } catch (e) {
      if (isDeferral(e)) {
        summary.deferred++;
        return;
      }
      // Storage failed around the send (conversation lookup, unreachable flag): nothing was
      // delivered; never let one prompt's error stop the other workers mid-flight.
      s.log.warn({ err: e, event: 'prompt.sendFailed', planId: plan.id, benefit: job.benefit.number }, 'prompt not delivered; retried by a later run');
      outcome = 'failed';
    } finally {
      sending--;
    }
    if (outcome === 'failed') {
      // Give the claim back and keep the item: the next tick tries again.
      await s.storage.measurements.remove(plan.tenantId, plan.id, job.benefit.number, job.period.id).catch(() => undefined);
      summary.failed++;
      return;
    }
    const patch: Partial<PeriodRecord> =
      outcome === 'unreachable' ? { state: 'unreachable' } : { promptActivityId: outcome.activityId, promptConversationId: outcome.conversationId, lang: outcome.lang };
    if (outcome !== 'unreachable') summary.prompts++;
    try {
      await recorder.record({ planId: plan.id, benefitNumber: job.benefit.number, period: job.period.id, patch });
    } catch (e) {
      // Delivered but not recorded (storage down for longer than RECORD_RETRY_MS): a later run
      // takes the claim over once this run is done and sends this one again.
      s.log.error({ err: e, event: 'prompt.recordFailed', planId: plan.id, benefit: job.benefit.number }, 'prompt delivered but not recorded; it may be sent again');
      summary.failed++;
      return;
    }
    if (outcome !== 'unreachable') {
      reminders.push({ at: (reminderAt ??= reminderInstant(nowIso, plan.timezone)), tenantId: plan.tenantId, planId: plan.id, benefitNumber: job.benefit.number, kind: 'reminder', period: job.period.id });
    }
    delivered.push(job);
  };
  // The tenant's pool (shared with its other plans in this run) bounds how many are prepared and
  // sent at once, and starts them one send slot apart: started together, the workers would read
  // and build their first cards at once, and that burst of CPU held back the first granted sends,
  // which then reached Teams bunched together, over its limit (bench/sendRate.ts).
  const workers = Math.min(SEND_CONCURRENCY, toSend.length);
  const worker = async () => {
    while (cursor < toSend.length) await pool.run(step);
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { delivered, reminders };
}

// 5. Schedule --------------------------------------------------------------------------------

/** Next prompt and end of period for every job that is done, and the reminders of those sent. */
async function scheduleFollowUps(s: Services, plan: PlanRow, done: PromptJob[], reminders: DueItem[]): Promise<void> {
  const dueItems: DueItem[] = [...reminders];
  const sendInstants = memo((occurrence: string) => promptSendInstant(plan, occurrence));
  for (const job of done) {
    dueItems.push({ at: sendInstants(job.next), tenantId: plan.tenantId, planId: plan.id, benefitNumber: job.benefit.number, kind: 'prompt' });
    // The answer is due when the next prompt goes out, which is a working day: a missed period is
    // escalated then, never on a public holiday.
    dueItems.push({ at: sendInstants(job.next), tenantId: plan.tenantId, planId: plan.id, benefitNumber: job.benefit.number, kind: 'periodEnd', period: job.period.id });
  }
  // The next item is written before the benefit's pointer moves: a crash in between leaves the
  // old item valid (it re-runs, finds its claim, and reschedules), never a benefit with no item.
  if (dueItems.length > 0) await s.storage.due.scheduleMany(dueItems);
  if (done.length > 0) {
    await s.storage.benefits.mergeSchedules(
      plan.tenantId,
      done.map((j) => ({ planId: plan.id, number: j.benefit.number, etag: j.benefit.etag, patch: { nextPromptAt: j.next } })),
    );
  }
}
