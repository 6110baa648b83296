// Benefits: add, change, archive, and the views behind `benefit show` / `benefit list`. As with
// plans, every value is checked first and nothing is written unless all of them are right.
import { valueMeasurements } from '../domain/measurements';
import { isHoursUnit, isMoneyUnit } from '../domain/units';
import { inferDirection, summarizeBenefit, type BenefitSummary } from '../domain/progress';
import { parseDate } from '../domain/dates';
import { MESSAGE_MAX, REALIZATION_MAX, TITLE_MAX, UNIT_MAX } from '../domain/text';
import type { Benefit, BenefitType, Direction, Person } from '../domain/types';
import type { BenefitAddFields, BenefitFields, BenefitRef } from '../commands/parse';
import { BENEFIT_KEYS } from '../commands/grammar';
import { isConflict, isStale, type BenefitRow, type PeriodRow, type PlanRow } from '../storage';
import { changedFields, recordAudit } from './audit';
import type { Services } from './context';
import type { InboundMessage } from '../routes/ports';
import { rememberPeople, resolvePerson, storedPerson } from './people';
import {
  echo,
  fail,
  loadChangeablePlan,
  loadPlan,
  readCadence,
  readNumber,
  readText,
  todayIn,
  type Outcome,
  type Problem,
} from './plans';
import { scheduleNextPrompt, scheduleTargetCheck } from './schedule';

/** The default prompt cadence of a benefit (COMMANDS.md): weekly, Monday morning. */
export const DEFAULT_CADENCE = 'mon 09:00';

const TYPE_WORDS: Record<string, BenefitType> = {
  cost: 'cost',
  kostnad: 'cost',
  kostnader: 'cost',
  time: 'time',
  tid: 'time',
  quality: 'quality',
  kvalitet: 'quality',
};
const DIRECTION_WORDS: Record<string, Direction> = { up: 'up', opp: 'up', down: 'down', ned: 'down' };
/** `baseline=unknown`: no baseline yet; the first prompt asks the owner for it. */
export const UNKNOWN_BASELINE_WORDS: readonly string[] = ['unknown', 'ukjent', '?'];

const lookup = <T>(table: Record<string, T>, word: string): T | undefined => {
  const w = word.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, w) ? table[w] : undefined;
};

/** Values read from the key=value pairs; `null` means "clear this field". */
interface Parsed {
  title?: string;
  type?: BenefitType;
  unit?: string;
  baseline?: number | null;
  target?: number;
  due?: string;
  start?: string;
  cadence?: string;
  direction?: Direction;
  message?: string | null;
  realization?: string | null;
  owner?: Person;
  /** null: remove the deputy (`deputy=none`). */
  deputy?: Person | null;
}

async function readFields(message: InboundMessage, fields: BenefitFields, problems: Problem[]): Promise<Parsed> {
  const p: Parsed = {};
  if (fields.title) p.title = readText('title', fields.title.text, TITLE_MAX, problems, true);
  if (fields.type) {
    p.type = lookup(TYPE_WORDS, fields.type.text);
    if (!p.type) problems.push({ key: 'cmd.err.type', params: { value: echo(fields.type.text) } });
  }
  if (fields.unit) p.unit = readText('unit', fields.unit.text, UNIT_MAX, problems, true);
  if (fields.baseline) {
    const text = fields.baseline.text.trim();
    p.baseline = UNKNOWN_BASELINE_WORDS.includes(text.toLowerCase()) ? null : readNumber('baseline', text, problems);
  }
  if (fields.target) p.target = readNumber('target', fields.target.text, problems);
  for (const key of ['due', 'start'] as const) {
    const f = fields[key];
    if (!f) continue;
    const d = parseDate(f.text);
    if (d) p[key] = d;
    else problems.push({ key: 'cmd.err.date', params: { key, value: echo(f.text) } });
  }
  if (fields.cadence) p.cadence = readCadence('cadence', fields.cadence.text, problems);
  if (fields.direction) {
    p.direction = lookup(DIRECTION_WORDS, fields.direction.text);
    if (!p.direction) problems.push({ key: 'cmd.err.direction', params: { value: echo(fields.direction.text) } });
  }
  // An empty message or realisation clears it (`message=""`); it is optional.
  if (fields.message) p.message = readText('message', fields.message.text, MESSAGE_MAX, problems, false) ?? null;
  if (fields.realization) p.realization = readText('realization', fields.realization.text, REALIZATION_MAX, problems, false) ?? null;
  for (const key of ['owner', 'deputy'] as const) {
    const f = fields[key];
    if (!f) continue;
    if (f.kind === 'none') {
      p.deputy = null;
      continue;
    }
    const r = await resolvePerson(message, f);
    if (r.ok) p[key] = storedPerson(r.person);
    else problems.push({ key: 'cmd.err.unknownPerson', params: { who: echo(r.who) } });
  }
  return p;
}

/** Rules across fields, checked on the benefit as it would be after the change. */
function crossCheck(b: Omit<BenefitRow, 'etag'>, today: string, dueChanged: boolean, problems: Problem[]): void {
  if (b.baseline !== undefined && b.baseline === b.target) problems.push({ key: 'cmd.err.targetIsBaseline' });
  if (b.directionSet && b.baseline !== undefined && b.baseline !== b.target) {
    const implied = inferDirection(b.baseline, b.target);
    if (implied !== b.direction) {
      problems.push({ key: `cmd.err.direction.${b.direction}`, params: { baseline: b.baseline, target: b.target } });
    }
  }
  if (dueChanged && b.due <= today) problems.push({ key: 'cmd.err.dueNotFuture', params: { due: b.due, today } });
  if (b.start !== undefined && b.due <= b.start) problems.push({ key: 'cmd.err.dueBeforeStart', params: { due: b.due, start: b.start } });
  if (b.deputy && b.deputy.id === b.owner.id) problems.push({ key: 'cmd.err.deputyIsOwner' });
  // Time is priced at the hourly rate and cost is money: other units belong to type=quality.
  if (b.type === 'time' && !isHoursUnit(b.unit)) problems.push({ key: 'cmd.err.timeUnit', params: { unit: b.unit } });
  if (b.type === 'cost' && !isMoneyUnit(b.unit)) problems.push({ key: 'cmd.err.costUnit', params: { unit: b.unit } });
}

function withoutEtag(b: BenefitRow): Omit<BenefitRow, 'etag'> {
  const { etag: _e, ...rest } = b;
  return rest;
}

const refText = (planId: string, n: number) => `${planId}/${n}`;

// ---------------------------------------------------------------------------------------------
// benefit add

export interface BenefitAddResult {
  plan: PlanRow;
  benefit: Omit<BenefitRow, 'etag'>;
}

export async function addBenefit(
  s: Services,
  message: InboundMessage,
  planId: string,
  title: string,
  fields: BenefitAddFields,
): Promise<Outcome<BenefitAddResult>> {
  const loaded = await loadChangeablePlan(s, message.tenantId, planId);
  if (!loaded.ok) return loaded;
  const problems: Problem[] = [];
  const cleanTitle = readText('title', title, TITLE_MAX, problems, true);
  const p = await readFields(message, fields, problems);
  if (problems.length > 0 || cleanTitle === undefined) return fail(...problems);
  // The parser guarantees the required keys; their values were read above.
  const { type, unit, target, due, owner } = p;
  if (!type || unit === undefined || target === undefined || !due || !owner || p.baseline === undefined) return fail(...problems);

  const now = s.clock.now();
  const plan = loaded.value;
  const today = todayIn(plan.timezone, now);
  const baseline = p.baseline ?? undefined;
  const draft: Omit<BenefitRow, 'etag'> = {
    tenantId: message.tenantId,
    planId,
    number: 0,
    title: cleanTitle,
    type,
    unit,
    ...(baseline !== undefined ? { baseline, baselineDate: today } : {}),
    target,
    due,
    // Without a baseline there is nothing to infer from yet: 'up' is a placeholder that
    // benefitDirection replaces by the inferred one as soon as the baseline is known.
    direction: p.direction ?? (baseline !== undefined ? inferDirection(baseline, target) : 'up'),
    directionSet: p.direction !== undefined,
    cadence: p.cadence ?? DEFAULT_CADENCE,
    ...(p.message ? { message: p.message } : {}),
    ...(p.realization ? { realization: p.realization } : {}),
    owner,
    ...(p.deputy ? { deputy: p.deputy } : {}),
    ...(p.start ? { start: p.start } : {}),
    state: baseline === undefined ? 'planned' : 'tracking',
    createdAt: now.toISOString(),
  };
  crossCheck(draft, today, true, problems);
  if (problems.length > 0) return fail(...problems);

  for (let attempt = 0; attempt < 5; attempt++) {
    const allocated = await allocateNumber(s, message.tenantId, planId);
    if (!allocated.ok) return allocated;
    const { plan: fresh, number } = allocated.value;
    const benefit: Omit<BenefitRow, 'etag'> = { ...draft, number };
    // Due items first (they point at a row that does not exist yet and are dropped if it never
    // does); the row then carries the instant that makes the prompt item current.
    benefit.nextPromptAt = await scheduleNextPrompt(s, fresh, benefit, now);
    await scheduleTargetCheck(s, fresh, benefit);
    try {
      await s.storage.benefits.create(benefit);
    } catch (e) {
      if (isConflict(e)) continue; // the number was taken after all: take the next one
      throw e;
    }
    await rememberPeople(s, message.tenantId, [owner, p.deputy ?? undefined]);
    await recordAudit(s, message.tenantId, {
      planId,
      by: message.from,
      at: now.toISOString(),
      action: 'benefit.add',
      subject: refText(planId, number),
      ...changedFields({}, benefit, BENEFIT_KEYS),
    });
    return { ok: true, value: { plan: fresh, benefit } };
  }
  return fail({ key: 'cmd.err.concurrent' });
}

/** Takes the plan's next benefit number by incrementing it under the row's etag. */
async function allocateNumber(s: Services, tenantId: string, planId: string): Promise<Outcome<{ plan: PlanRow; number: number }>> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const loaded = await loadChangeablePlan(s, tenantId, planId);
    if (!loaded.ok) return loaded;
    const plan = loaded.value;
    const number = plan.nextBenefitNumber;
    if (!Number.isInteger(number) || number < 1 || number > 9999) return fail({ key: 'cmd.err.planFull', params: { plan: planId } });
    const { etag, ...row } = plan;
    try {
      const newEtag = await s.storage.plans.update({ ...row, nextBenefitNumber: number + 1 }, etag);
      return { ok: true, value: { plan: { ...row, nextBenefitNumber: number + 1, etag: newEtag }, number } };
    } catch (e) {
      if (!isStale(e)) throw e;
    }
  }
  return fail({ key: 'cmd.err.concurrent' });
}

// ---------------------------------------------------------------------------------------------
// benefit set / archive

export async function loadBenefit(
  s: Services,
  tenantId: string,
  ref: BenefitRef,
): Promise<Outcome<{ plan: PlanRow; benefit: BenefitRow }>> {
  const plan = await loadPlan(s, tenantId, ref.plan);
  if (!plan) return fail({ key: 'cmd.err.unknownPlan', params: { plan: ref.plan } });
  const benefit = await s.storage.benefits.get(tenantId, ref.plan, ref.number);
  if (!benefit) return fail({ key: 'cmd.err.unknownBenefit', params: { ref: refText(ref.plan, ref.number), plan: ref.plan } });
  return { ok: true, value: { plan, benefit } };
}

async function loadChangeableBenefit(s: Services, tenantId: string, ref: BenefitRef): Promise<Outcome<{ plan: PlanRow; benefit: BenefitRow }>> {
  const r = await loadBenefit(s, tenantId, ref);
  if (!r.ok) return r;
  if (r.value.plan.archived) return fail({ key: 'cmd.err.planArchived', params: { plan: ref.plan } });
  if (r.value.benefit.state === 'archived') return fail({ key: 'cmd.err.benefitArchived', params: { ref: refText(ref.plan, ref.number) } });
  return r;
}

export interface BenefitSetResult {
  plan: PlanRow;
  benefit: Omit<BenefitRow, 'etag'>;
  changed: string[];
}

export async function setBenefit(s: Services, message: InboundMessage, ref: BenefitRef, fields: BenefitFields): Promise<Outcome<BenefitSetResult>> {
  const first = await loadChangeableBenefit(s, message.tenantId, ref);
  if (!first.ok) return first;
  const problems: Problem[] = [];
  const p = await readFields(message, fields, problems);
  if (problems.length > 0) return fail(...problems);

  const now = s.clock.now();
  let loaded = first.value;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) {
      const again = await loadChangeableBenefit(s, message.tenantId, ref);
      if (!again.ok) return again;
      loaded = again.value;
    }
    const { plan, benefit: current } = loaded;
    const today = todayIn(plan.timezone, now);
    const next = withoutEtag(current);
    const wanted: Problem[] = [];
    if (p.title !== undefined) next.title = p.title;
    if (p.type) next.type = p.type;
    if (p.unit !== undefined) next.unit = p.unit;
    if (p.target !== undefined) next.target = p.target;
    if (p.due) next.due = p.due;
    if (p.start) next.start = p.start;
    if (p.cadence) next.cadence = p.cadence;
    if (p.owner) next.owner = p.owner;
    if (p.deputy === null) delete next.deputy;
    else if (p.deputy) next.deputy = p.deputy;
    for (const key of ['message', 'realization'] as const) {
      const v = p[key];
      if (v === null) delete next[key];
      else if (v !== undefined) next[key] = v;
    }
    if (p.baseline === null) {
      // Measurements were taken against the baseline: it can be corrected, not removed.
      if (current.baseline !== undefined) wanted.push({ key: 'cmd.err.baselineCannotBeUnset' });
    } else if (p.baseline !== undefined) {
      next.baseline = p.baseline;
      if (current.baseline === undefined) {
        next.baselineDate = today;
        if (next.state === 'planned') next.state = 'tracking';
      }
    }
    if (p.direction) {
      next.direction = p.direction;
      next.directionSet = true;
    } else if (!next.directionSet && next.baseline !== undefined) {
      next.direction = inferDirection(next.baseline, next.target);
    }
    const dueChanged = next.due !== current.due;
    // A new target date reopens a missed benefit; a new target reopens an achieved one (and its
    // success notice may then be sent again, once, for the new target).
    if (current.state === 'missed' && dueChanged) next.state = next.baseline === undefined ? 'planned' : 'tracking';
    if (current.state === 'achieved' && (next.target !== current.target || next.direction !== current.direction)) {
      next.state = 'tracking';
      delete next.achievedAt;
    }
    crossCheck(next, today, dueChanged, wanted);
    if (wanted.length > 0) return fail(...wanted);

    if (next.cadence !== current.cadence) next.nextPromptAt = await scheduleNextPrompt(s, plan, next, now);
    if (dueChanged) await scheduleTargetCheck(s, plan, next);
    try {
      await s.storage.benefits.update(next, current.etag);
    } catch (e) {
      if (isStale(e)) continue;
      throw e;
    }
    const diff = changedFields(current, next, [...BENEFIT_KEYS, 'directionSet', 'baselineDate', 'state']);
    if (diff) {
      await rememberPeople(s, message.tenantId, [p.owner, p.deputy ?? undefined]);
      await recordAudit(s, message.tenantId, {
        planId: ref.plan,
        by: message.from,
        at: now.toISOString(),
        action: 'benefit.set',
        subject: refText(ref.plan, ref.number),
        ...diff,
      });
    }
    const changed = diff ? Object.keys({ ...diff.before, ...diff.after }).filter((k) => (BENEFIT_KEYS as readonly string[]).includes(k)) : [];
    return { ok: true, value: { plan, benefit: next, changed } };
  }
  return fail({ key: 'cmd.err.concurrent' });
}

export async function archiveBenefit(
  s: Services,
  message: InboundMessage,
  ref: BenefitRef,
): Promise<Outcome<{ plan: PlanRow; benefit: Omit<BenefitRow, 'etag'>; already: boolean }>> {
  const now = s.clock.now();
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await loadBenefit(s, message.tenantId, ref);
    if (!r.ok) return r;
    const { plan, benefit } = r.value;
    if (benefit.state === 'archived') return { ok: true, value: { plan, benefit, already: true } };
    const next = withoutEtag(benefit);
    const before = next.state;
    next.state = 'archived';
    // No next prompt: its due item turns stale and is dropped. History stays untouched.
    delete next.nextPromptAt;
    try {
      await s.storage.benefits.update(next, benefit.etag);
    } catch (e) {
      if (isStale(e)) continue;
      throw e;
    }
    await recordAudit(s, message.tenantId, {
      planId: ref.plan,
      by: message.from,
      at: now.toISOString(),
      action: 'benefit.archive',
      subject: refText(ref.plan, ref.number),
      before: { state: before },
      after: { state: 'archived' },
    });
    return { ok: true, value: { plan, benefit: next, already: false } };
  }
  return fail({ key: 'cmd.err.concurrent' });
}

// ---------------------------------------------------------------------------------------------
// Views for show/list


export interface PeriodCounts {
  prompted: number;
  answered: number;
  skipped: number;
  away: number;
  unanswered: number;
}

export interface BenefitView {
  benefit: BenefitRow;
  summary: BenefitSummary;
  counts: PeriodCounts;
}

function countPeriods(rows: readonly PeriodRow[]): PeriodCounts {
  const c: PeriodCounts = { prompted: 0, answered: 0, skipped: 0, away: 0, unanswered: 0 };
  for (const r of rows) {
    if (r.promptedAt) c.prompted++;
    if (r.state === 'answered') c.answered++;
    else if (r.state === 'skipped') c.skipped++;
    else if (r.state === 'away') c.away++;
    else if (r.state === 'open' || r.state === 'unreachable') c.unanswered++;
  }
  return c;
}

export function viewOf(plan: PlanRow, benefit: BenefitRow, rows: readonly PeriodRow[], now: Date): BenefitView {
  const summary = summarizeBenefit(benefit, valueMeasurements(rows), now.toISOString(), plan);
  return { benefit, summary, counts: countPeriods(rows) };
}

export async function benefitView(s: Services, plan: PlanRow, benefit: BenefitRow): Promise<BenefitView> {
  const rows = await s.storage.measurements.listBenefit(plan.tenantId, plan.id, benefit.number);
  return viewOf(plan, benefit, rows, s.clock.now());
}

/** Every benefit of a plan with its summary, from two partition queries. */
export async function planBenefitViews(s: Services, plan: PlanRow): Promise<BenefitView[]> {
  const [benefits, rows] = await Promise.all([
    s.storage.benefits.list(plan.tenantId, plan.id),
    s.storage.measurements.listPlan(plan.tenantId, plan.id),
  ]);
  const byNumber = new Map<number, PeriodRow[]>();
  for (const r of rows) {
    const list = byNumber.get(r.benefitNumber) ?? [];
    list.push(r);
    byNumber.set(r.benefitNumber, list);
  }
  const now = s.clock.now();
  return benefits.map((b) => viewOf(plan, b, byNumber.get(b.number) ?? [], now));
}

export type { Benefit };
