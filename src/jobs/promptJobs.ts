// Due-item handlers of the measurement cycle: prompt (batch), reminder and period end.
//
// A prompt is claimed by inserting its period row, keyed by (benefit, period) — the conditional
// insert of ARCHITECTURE rule 2, in the table where its answer will land. A row that exists
// already means another run has it; one left without a delivered card by a process that died is
// taken over after CLAIM_STALE_MS (at-least-once for that one send).
//
// The prompt job works in batches: one plan read and one benefits query per plan, claims and
// schedule writes in entity-group transactions, so a run over many prompts costs about one storage
// request per prompt (the conversation lookup) plus a fraction (bench/).
import { latestOccurrence, nextOccurrence, periodOf } from '../domain/cadence';
import { localDate } from '../domain/dates';
import { reminderInstant } from '../domain/workdays';
import type { Language, Person, PeriodRecord } from '../domain/types';
import { pickLanguage, t } from '../i18n';
import type { Services } from '../services/context';
import { buildPromptCard, periodLabel } from '../services/prompts';
import { benefitAnchor, cadenceOf, promptSendInstant } from '../services/schedule';
import { escalateIfStreak } from '../services/notices';
import { periodEndItemCurrent, promptItemCurrent, reminderItemCurrent } from '../services/stillDue';
import { isTransient, type BenefitRow, type DueItem, type LatestValue, type PersonRow, type PlanRow } from '../storage';
import { deliverToPerson } from './dispatch';
import { SendPool } from './rateLimiter';
import { registerDueBatchHandler, registerDueHandler, type RunSummary } from './runDue';

/** A claim older than this without a delivered card is taken over (its sender died). */
export const CLAIM_STALE_MS = 5 * 60_000;

const SEND_CONCURRENCY = 64;

interface PromptJob {
  item: DueItem;
  plan: PlanRow;
  benefit: BenefitRow;
  occurrence: string;
  next: string;
  period: { id: string; start: string; end: string };
  closesAt: string;
  recipient?: Person;
  state: PeriodRecord['state'];
  /** The benefit's newest answered value, shown on the card. */
  previous?: LatestValue;
}

registerDueBatchHandler('prompt', async (s, items, now, summary) => {
  const done: DueItem[] = [];
  const byPlan = new Map<string, DueItem[]>();
  for (const item of items) {
    const key = `${item.tenantId}|${item.planId}`;
    let list = byPlan.get(key);
    if (!list) byPlan.set(key, (list = []));
    list.push(item);
  }
  const awayByTenant = new Map<string, Promise<PersonRow[]>>();
  // One send pool per tenant for the whole run, whatever the number of plans due (issue #8).
  const pools = new Map<string, SendPool>();
  await Promise.all(
    [...byPlan.values()].map(async (planItems) => {
      try {
        done.push(...(await promptPlan(s, planItems, now, summary, awayByTenant, pools)));
      } catch (e) {
        summary.failed += planItems.length;
        s.log.error({ err: e, planId: planItems[0].planId, event: 'prompt.planFailed' }, 'prompts of a plan failed; kept for the next run');
      }
    }),
  );
  return done;
});

async function promptPlan(
  s: Services,
  items: DueItem[],
  now: Date,
  summary: RunSummary,
  awayByTenant: Map<string, Promise<PersonRow[]>>,
  pools: Map<string, SendPool>,
): Promise<DueItem[]> {
  const { tenantId, planId } = items[0];
  const nowIso = now.toISOString();
  const done: DueItem[] = [];
  const plan = await s.storage.plans.get(tenantId, planId);
  if (!plan || plan.archived) return items; // nothing to prompt in an archived or deleted plan
  const benefits = new Map<number, BenefitRow>();
  // Each card shows the benefit's previous value, read from its answered rows (not stored on the
  // benefit: an answer writes only its own row). A plan's run reads the last PREVIOUS_VALUE_DAYS.
  let previousValues = new Map<number, LatestValue>();
  if (items.length > 2) {
    const [list, values] = await Promise.all([s.storage.benefits.list(tenantId, planId), s.storage.measurements.latestValues(tenantId, planId, daysBefore(nowIso, PREVIOUS_VALUE_DAYS))]);
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
  const today = nowIso.slice(0, 10);
  let awayPromise = awayByTenant.get(tenantId);
  if (!awayPromise) awayByTenant.set(tenantId, (awayPromise = s.storage.people.listAway(tenantId, today)));
  const away = new Map((await awayPromise).map((p) => [p.id, p]));

  // 1. Work out each item's period; drop stale items (the benefit row is the truth).
  const jobs: PromptJob[] = [];
  for (const item of items) {
    const benefit = benefits.get(item.benefitNumber ?? 0);
    if (!benefit || !promptItemCurrent(plan, benefit, item)) {
      done.push(item);
      continue;
    }
    const cadence = cadenceOf(benefit.cadence);
    // Down for a while? Prompt only the current period, once; the ones in between are not sent.
    const latest = latestOccurrence(cadence, plan.timezone, nowIso, benefitAnchor(benefit));
    const occurrence = latest && latest > benefit.nextPromptAt ? latest : benefit.nextPromptAt;
    const period = periodOf(cadence, plan.timezone, occurrence);
    const next = nextOccurrence(cadence, plan.timezone, occurrence, benefitAnchor(benefit));
    const closesAt = nextOccurrence(cadence, plan.timezone, next, benefitAnchor(benefit));
    const awayOwner = away.get(benefit.owner.id);
    const ownerAway = awayOwner?.awayUntil !== undefined && awayOwner.awayUntil >= localDate(nowIso, plan.timezone);
    const recipient = ownerAway ? benefit.deputy : benefit.owner;
    jobs.push({ item, plan, benefit, occurrence, next, period, closesAt, recipient, state: recipient ? 'open' : 'away', previous: previousValues.get(benefit.number) });
  }

  // 2. Claim: insert the period rows (batched). Existing rows are resolved one by one.
  const rows: PeriodRecord[] = jobs.map((j) => ({
    planId,
    benefitNumber: j.benefit.number,
    period: j.period.id,
    periodStart: j.period.start,
    periodEnd: j.period.end,
    closesAt: j.closesAt,
    state: j.state,
    baseline: j.benefit.baseline === undefined,
    promptedAt: nowIso,
    promptedTo: j.recipient?.id,
    version: 0,
  }));
  const created = jobs.length > 0 ? await s.storage.measurements.createMany(tenantId, rows) : [];
  const toSend: PromptJob[] = [];
  const toSchedule: PromptJob[] = [];
  await Promise.all(
    jobs.map(async (job, i) => {
      if (created[i]) {
        if (job.state === 'open') toSend.push(job);
        else toSchedule.push(job); // owner away and no deputy: the period is marked, not missed
        return;
      }
      const existing = await s.storage.measurements.get(tenantId, planId, job.benefit.number, job.period.id);
      if (!existing) return; // deleted meanwhile (a released claim): leave the item for the next run
      const inFlight = existing.state === 'open' && !existing.promptActivityId && existing.version === 0;
      if (!inFlight) {
        toSchedule.push(job); // sent (or answered) by an earlier run: only the schedule may be missing
        return;
      }
      if (Date.parse(nowIso) - Date.parse(existing.promptedAt ?? nowIso) < CLAIM_STALE_MS) return; // another process is on it
      try {
        const { etag, ...row } = existing;
        await s.storage.measurements.update(tenantId, { ...row, promptedAt: nowIso }, etag);
        toSend.push(job);
      } catch {
        // another process took it over first
      }
    }),
  );

  // 3. Send, several at once (the messenger rate-limits per tenant). Each delivery is recorded on
  // its period row as soon as it is made, before the worker takes the next prompt (issue #9: a
  // process killed after 200 of 500 sends left all 200 unrecorded, and the takeover sent them all
  // again). A DeliveryRecorder writes the deliveries that arrive together in one batch (group
  // commit), so this costs a fraction of a request per prompt, and it rides out a short storage
  // outage. A run that dies therefore leaves at most SEND_CONCURRENCY sends unrecorded: the only
  // ones a later run may send twice (at-least-once for the sends in flight).
  const recorder = new DeliveryRecorder(s, tenantId);
  const reminders: DueItem[] = [];
  let cursor = 0;
  const pool = pools.get(tenantId) ?? new SendPool(SEND_CONCURRENCY, 1000 / s.config.teamsMaxRps);
  pools.set(tenantId, pool);
  const step = async () => {
    if (cursor >= toSend.length) return; // the other workers took the rest while this one waited
    const job = toSend[cursor++];
    let outcome: SendOutcome;
    try {
      outcome = await sendPrompt(s, job, now);
    } catch (e) {
      // Storage failed around the send (conversation lookup, unreachable flag): nothing was
      // delivered; never let one prompt's error stop the other workers mid-flight.
      s.log.warn({ err: e, event: 'prompt.sendFailed', planId, benefit: job.benefit.number }, 'prompt not delivered; retried by a later run');
      outcome = 'failed';
    }
    if (outcome === 'failed') {
      // Give the claim back and keep the item: the next tick tries again.
      await s.storage.measurements.remove(tenantId, planId, job.benefit.number, job.period.id).catch(() => undefined);
      summary.failed++;
      return;
    }
    const patch: Partial<PeriodRecord> =
      outcome === 'unreachable' ? { state: 'unreachable' } : { promptActivityId: outcome.activityId, promptConversationId: outcome.conversationId, lang: outcome.lang };
    if (outcome !== 'unreachable') summary.prompts++;
    try {
      await recorder.record({ planId, benefitNumber: job.benefit.number, period: job.period.id, patch });
    } catch (e) {
      // Delivered but not recorded (storage down for longer than RECORD_RETRY_MS): a later run
      // takes the claim over after CLAIM_STALE_MS and sends this one again.
      s.log.error({ err: e, event: 'prompt.recordFailed', planId, benefit: job.benefit.number }, 'prompt delivered but not recorded; it may be sent again');
      summary.failed++;
      return;
    }
    if (outcome !== 'unreachable') {
      reminders.push({ at: reminderInstant(nowIso, plan.timezone), tenantId, planId, benefitNumber: job.benefit.number, kind: 'reminder', period: job.period.id });
    }
    toSchedule.push(job);
  };
  // The tenant's pool (shared with its other plans in this run) bounds how many are prepared and
  // sent at once, and starts them one send slot apart (issue #8, bench/sendRate.ts): started
  // together, the workers read and built their first cards at once, and that burst of CPU held
  // back the first granted sends, which then reached Teams bunched together: over its limit.
  const worker = async () => {
    while (cursor < toSend.length) await pool.run(step);
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, toSend.length) }, worker));

  // 4. Schedule what follows: next prompt, reminder, end of period.
  const dueItems: DueItem[] = [...reminders];
  for (const job of toSchedule) {
    dueItems.push({ at: promptSendInstant(plan, job.next), tenantId, planId, benefitNumber: job.benefit.number, kind: 'prompt' });
    dueItems.push({ at: job.period.end, tenantId, planId, benefitNumber: job.benefit.number, kind: 'periodEnd', period: job.period.id });
  }
  // The next item is written before the benefit's pointer moves: a crash in between leaves the
  // old item valid (it re-runs, finds its claim, and reschedules), never a benefit with no item.
  if (dueItems.length > 0) await s.storage.due.scheduleMany(dueItems);
  if (toSchedule.length > 0) {
    await s.storage.benefits.mergeSchedules(
      tenantId,
      toSchedule.map((j) => ({ planId, number: j.benefit.number, etag: j.benefit.etag, patch: { nextPromptAt: j.next } })),
    );
  }
  for (const job of toSchedule) done.push(job.item);
  return done;
}

/** How long a delivery record is retried while storage is unreachable before giving up. */
export const RECORD_RETRY_MS = 120_000;

type DeliveryPatch = { planId: string; benefitNumber: number; period: string; patch: Partial<PeriodRecord> };

/**
 * Group commit of delivery records (issue #9): record() resolves once the patch is stored. While
 * one batch is being written, new patches queue up and go together in the next write, so the
 * number of storage requests stays a fraction of the number of sends. Transient storage errors
 * are retried with backoff for up to RECORD_RETRY_MS (merges are idempotent).
 */
class DeliveryRecorder {
  private pending: { patch: DeliveryPatch; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;
  constructor(
    private readonly s: Services,
    private readonly tenantId: string,
  ) {}

  record(patch: DeliveryPatch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ patch, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0);
      try {
        await this.write(group.map((g) => g.patch));
        for (const g of group) g.resolve();
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    this.writing = false;
  }

  private async write(patches: DeliveryPatch[]): Promise<void> {
    const deadline = Date.now() + RECORD_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.s.storage.measurements.mergeMany(this.tenantId, patches);
        return;
      } catch (e) {
        if (!isTransient(e) || Date.now() >= deadline) throw e;
        if (attempt === 0) this.s.log.warn({ err: e, event: 'prompt.recordRetry', count: patches.length }, 'storage unavailable: holding delivery records and retrying');
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }
}

type SendOutcome = { activityId: string; conversationId: string; lang: Language } | 'unreachable' | 'failed';

async function sendPrompt(s: Services, job: PromptJob, now: Date): Promise<SendOutcome> {
  const { plan, benefit, recipient } = job;
  if (!recipient) return 'unreachable';
  const conversation = (await s.storage.conversations.getPersonal(plan.tenantId, recipient.id)) ?? null;
  if (conversation?.unreachable) return 'unreachable';
  const lang = plan.language ?? pickLanguage(undefined, conversation?.reference?.locale);
  const forDeputy = recipient.id !== benefit.owner.id;
  const card = buildPromptCard(lang, plan, benefit, { period: job.period.id, baseline: benefit.baseline === undefined }, now, {
    banner: forDeputy ? { text: t(lang, 'prompt.deputyBanner', { owner: benefit.owner.name }), style: 'accent' } : undefined,
    previous: job.previous,
  });
  const outcome = await deliverToPerson(
    s,
    plan.tenantId,
    recipient,
    { card, summary: t(lang, 'prompt.summary', { title: benefit.title, period: periodLabel(job.period.id, lang) }) },
    { serviceUrl: plan.channel.serviceUrl, conversation },
  );
  if (outcome.ok) return { activityId: outcome.activityId, conversationId: outcome.conversationId, lang };
  if (outcome.unreachable) {
    s.log.warn({ event: 'prompt.unreachable', planId: plan.id, benefit: benefit.number }, 'Teams refused the prompt recipient; marked unreachable');
    return 'unreachable';
  }
  s.log.warn({ event: 'prompt.sendFailed', planId: plan.id, benefit: benefit.number, error: outcome.error }, 'prompt not delivered; retried next tick');
  return 'failed';
}

/** A prompt shows the previous value of a benefit when it was given within this many days. */
const PREVIOUS_VALUE_DAYS = 400;

const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * 86_400_000).toISOString().slice(0, 10);

const subjectOf = (planId: string, n: number) => `${planId}~${String(n).padStart(4, '0')}`;

registerDueHandler('reminder', async (s, item, now, summary) => {
  const n = item.benefitNumber ?? 0;
  if (!item.period) return;
  const [plan, benefit, row, previous] = await Promise.all([
    s.storage.plans.get(item.tenantId, item.planId),
    s.storage.benefits.get(item.tenantId, item.planId, n),
    s.storage.measurements.get(item.tenantId, item.planId, n, item.period),
    s.storage.measurements.latestValue(item.tenantId, item.planId, n),
  ]);
  // Answered (card or `measure`), skipped, or the period is over: no reminder.
  if (!plan || !benefit || !row || !reminderItemCurrent(plan, benefit, row, now.toISOString())) return;
  const claim = await s.storage.ledger.claim(item.tenantId, 'reminder', subjectOf(plan.id, n), item.period, now.toISOString(), s.instanceId);
  if (!claim.claimed) return;
  const recipient = [benefit.owner, benefit.deputy].find((p) => p?.id === row.promptedTo) ?? benefit.owner;
  const conversation = (await s.storage.conversations.getPersonal(plan.tenantId, recipient.id)) ?? null;
  const lang = plan.language ?? pickLanguage(undefined, conversation?.reference?.locale);
  const card = buildPromptCard(lang, plan, benefit, row, now, { banner: { text: t(lang, 'prompt.reminderBanner'), style: 'warning' }, previous });
  const outcome = await deliverToPerson(
    s,
    plan.tenantId,
    recipient,
    { card, summary: t(lang, 'prompt.reminderSummary', { title: benefit.title }) },
    { serviceUrl: plan.channel.serviceUrl, conversation },
  );
  if (outcome.ok) {
    await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'sent', sentAt: now.toISOString(), activityId: outcome.activityId });
    summary.reminders++;
  } else if (outcome.unreachable) {
    await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
  } else {
    await s.storage.ledger.release(claim.entry);
    throw new Error(`reminder not delivered: ${outcome.error}`);
  }
});

registerDueHandler('periodEnd', async (s, item, now) => {
  const n = item.benefitNumber ?? 0;
  if (!item.period) return;
  const row = await s.storage.measurements.get(item.tenantId, item.planId, n, item.period);
  if (!row || row.state !== 'open') return; // answered, skipped, away or unreachable: not missed
  const [plan, benefit, rows] = await Promise.all([
    s.storage.plans.get(item.tenantId, item.planId),
    s.storage.benefits.get(item.tenantId, item.planId, n),
    s.storage.measurements.listBenefit(item.tenantId, item.planId, n),
  ]);
  if (!plan || !benefit || !periodEndItemCurrent(plan, benefit, row)) return;
  const missed = missedStreak(rows, now.toISOString());
  s.log.info({ event: 'period.missed', planId: plan.id, benefit: n, period: item.period, streak: missed.length }, 'period ended without an answer');
  if (missed.length >= 2) await escalateIfStreak(s, plan, benefit, missed, now);
});

/**
 * The periods missed in a row up to now, oldest first: trailing rows that ended unanswered.
 * Periods marked 'away' (owner away, no deputy) neither count nor break the streak.
 */
export function missedStreak(rows: PeriodRecord[], nowIso: string): string[] {
  const ended = rows.filter((r) => r.periodEnd <= nowIso && r.state !== 'away').sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  const streak: string[] = [];
  for (let i = ended.length - 1; i >= 0; i--) {
    if (ended[i].state !== 'open') break;
    streak.unshift(ended[i].period);
  }
  return streak;
}
