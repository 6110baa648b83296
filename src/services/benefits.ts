// Benefits: add, change, archive. As with plans, every value is checked first (domain/fields: the
// same readers for chat, forms and imports) and nothing is written unless all of them are right.
import {
  BENEFIT_FIELDS,
  BENEFIT_REQUIRED_FIELDS,
  readBaseline,
  readCadence,
  readDate,
  readDirection,
  readNumber,
  readText,
  readType,
  type BenefitField,
} from '../domain/fields';
import { fail, succeed, type Outcome, type Problem } from '../domain/problems';
import { inferDirection } from '../domain/progress';
import { echo, MESSAGE_MAX, REALIZATION_MAX, TITLE_MAX, UNIT_MAX } from '../domain/text';
import type { BenefitType, Direction, Person } from '../domain/types';
import { isHoursUnit, isMoneyUnit } from '../domain/units';
import { isConflict, type BenefitRow, type PlanRow } from '../storage';
import type { Actor, PersonRef } from './actor';
import { changedFields, recordAudit } from './audit';
import type { Services } from './context';
import { withEtagRetry } from './etag';
import { rememberPeople, resolvePerson, storedPerson } from './people';
import { loadChangeablePlan, loadPlan, todayIn } from './plans';
import { scheduleNextPrompt, scheduleTargetCheck } from './schedule';

/** The default prompt cadence of a benefit (COMMANDS.md): weekly, Monday morning. */
export const DEFAULT_CADENCE = 'mon 09:00';

/** `<plan>/<n>` */
export interface BenefitRef {
  plan: string;
  number: number;
}

/**
 * What someone asks to set: each field as typed (validated here), people as references, and
 * `deputy: 'none'` to remove the deputy. An empty message or realisation clears it.
 */
export type BenefitInput = Partial<Record<Exclude<BenefitField, 'owner' | 'deputy'>, string>> & {
  owner?: PersonRef;
  deputy?: PersonRef | 'none';
};

/** Values read from the input; `null` means "clear this field". */
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
  /** null: remove the deputy. */
  deputy?: Person | null;
}

async function readInput(actor: Actor, input: BenefitInput, problems: Problem[]): Promise<Parsed> {
  const p: Parsed = {};
  if (input.title !== undefined) p.title = readText('title', input.title, TITLE_MAX, problems, true);
  if (input.type !== undefined) p.type = readType('type', input.type, problems);
  if (input.unit !== undefined) p.unit = readText('unit', input.unit, UNIT_MAX, problems, true);
  if (input.baseline !== undefined) p.baseline = readBaseline('baseline', input.baseline, problems);
  if (input.target !== undefined) p.target = readNumber('target', input.target, problems);
  if (input.due !== undefined) p.due = readDate('due', input.due, problems);
  if (input.start !== undefined) p.start = readDate('start', input.start, problems);
  if (input.cadence !== undefined) p.cadence = readCadence('cadence', input.cadence, problems);
  if (input.direction !== undefined) p.direction = readDirection('direction', input.direction, problems);
  if (input.message !== undefined) p.message = readText('message', input.message, MESSAGE_MAX, problems, false) ?? null;
  if (input.realization !== undefined) p.realization = readText('realization', input.realization, REALIZATION_MAX, problems, false) ?? null;
  if (input.deputy === 'none') p.deputy = null;
  for (const field of ['owner', 'deputy'] as const) {
    const ref = input[field];
    if (ref === undefined || ref === 'none') continue;
    const r = await resolvePerson(actor, ref);
    if (r.ok) p[field] = storedPerson(r.person);
    else problems.push({ key: 'cmd.err.unknownPerson', params: { who: echo(r.who) }, field });
  }
  return p;
}

/** Rules across fields, checked on the benefit as it would be after the change. */
function crossCheck(b: Omit<BenefitRow, 'etag'>, today: string, dueChanged: boolean, problems: Problem[]): void {
  if (b.baseline !== undefined && b.baseline === b.target) problems.push({ key: 'cmd.err.targetIsBaseline', field: 'target' });
  if (b.directionSet && b.baseline !== undefined && b.baseline !== b.target) {
    const implied = inferDirection(b.baseline, b.target);
    if (implied !== b.direction) {
      problems.push({ key: `cmd.err.direction.${b.direction}`, params: { baseline: b.baseline, target: b.target }, field: 'direction' });
    }
  }
  if (dueChanged && b.due <= today) problems.push({ key: 'cmd.err.dueNotFuture', params: { due: b.due, today }, field: 'due' });
  if (b.start !== undefined && b.due <= b.start) problems.push({ key: 'cmd.err.dueBeforeStart', params: { due: b.due, start: b.start }, field: 'due' });
  if (b.deputy && b.deputy.id === b.owner.id) problems.push({ key: 'cmd.err.deputyIsOwner', field: 'deputy' });
  // Time is priced at the hourly rate and cost is money: other units belong to type=quality.
  if (b.type === 'time' && !isHoursUnit(b.unit)) problems.push({ key: 'cmd.err.timeUnit', params: { unit: b.unit }, field: 'unit' });
  if (b.type === 'cost' && !isMoneyUnit(b.unit)) problems.push({ key: 'cmd.err.costUnit', params: { unit: b.unit }, field: 'unit' });
}

function withoutEtag(b: BenefitRow): Omit<BenefitRow, 'etag'> {
  const { etag: _e, ...rest } = b;
  return rest;
}

const refText = (planId: string, n: number) => `${planId}/${n}`;
const concurrent = <T>(): Outcome<T> => fail({ key: 'cmd.err.concurrent' });

/**
 * How a change is asked for besides its input. `dryRun` validates and computes exactly what would
 * be stored, and stores nothing (an import's preview). `sourceId` marks a new benefit with the
 * single-use request that made it (a form), so a replay of that request can find it.
 */
export interface BenefitOptions {
  dryRun?: boolean;
  sourceId?: string;
}

// ---------------------------------------------------------------------------------------------
// benefit add

export interface BenefitAddResult {
  plan: PlanRow;
  benefit: Omit<BenefitRow, 'etag'>;
}

export async function addBenefit(
  s: Services,
  actor: Actor,
  planId: string,
  input: BenefitInput,
  options: BenefitOptions = {},
): Promise<Outcome<BenefitAddResult>> {
  const loaded = await loadChangeablePlan(s, actor.tenantId, planId);
  if (!loaded.ok) return loaded;
  const problems: Problem[] = [];
  const missing = (['title', ...BENEFIT_REQUIRED_FIELDS] as const).filter((f) => input[f] === undefined);
  for (const field of missing) problems.push({ key: 'cmd.err.required', params: { key: field }, field });
  const p = await readInput(actor, input, problems);
  if (problems.length > 0) return fail(...problems);
  const { title, type, unit, target, due, owner } = p;
  if (title === undefined || !type || unit === undefined || target === undefined || !due || !owner || p.baseline === undefined) {
    return fail(...problems);
  }

  const now = s.clock.now();
  const plan = loaded.value;
  const today = todayIn(plan.timezone, now);
  const baseline = p.baseline ?? undefined;
  const draft: Omit<BenefitRow, 'etag'> = {
    tenantId: actor.tenantId,
    planId,
    number: 0,
    title,
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
    ...(options.sourceId ? { sourceId: options.sourceId } : {}),
  };
  crossCheck(draft, today, true, problems);
  if (problems.length > 0) return fail(...problems);
  if (options.dryRun) return succeed({ plan, benefit: draft });

  return withEtagRetry<Outcome<BenefitAddResult>>(
    async () => {
      const allocated = await allocateNumber(s, actor.tenantId, planId);
      if (!allocated.ok) return allocated;
      const { plan: fresh, number } = allocated.value;
      const benefit: Omit<BenefitRow, 'etag'> = { ...draft, number };
      // Due items first (they point at a row that does not exist yet and are dropped if it never
      // does); the row then carries the instant that makes the prompt item current.
      benefit.nextPromptAt = await scheduleNextPrompt(s, fresh, benefit, now);
      await scheduleTargetCheck(s, fresh, benefit);
      await s.storage.benefits.create(benefit); // 409: the number was taken after all: take the next one
      await rememberPeople(s, actor.tenantId, [owner, p.deputy ?? undefined]);
      await recordAudit(s, actor.tenantId, {
        planId,
        by: actor.person,
        at: now.toISOString(),
        action: 'benefit.add',
        subject: refText(planId, number),
        ...changedFields({}, benefit, BENEFIT_FIELDS),
      });
      return succeed({ plan: fresh, benefit });
    },
    concurrent,
    isConflict,
  );
}

/** Takes the plan's next benefit number by incrementing it under the row's etag. */
async function allocateNumber(s: Services, tenantId: string, planId: string): Promise<Outcome<{ plan: PlanRow; number: number }>> {
  return withEtagRetry<Outcome<{ plan: PlanRow; number: number }>>(async () => {
    const loaded = await loadChangeablePlan(s, tenantId, planId);
    if (!loaded.ok) return loaded;
    const plan = loaded.value;
    const number = plan.nextBenefitNumber;
    if (!Number.isInteger(number) || number < 1 || number > 9999) return fail({ key: 'cmd.err.planFull', params: { plan: planId } });
    const { etag, ...row } = plan;
    const newEtag = await s.storage.plans.update({ ...row, nextBenefitNumber: number + 1 }, etag);
    return succeed({ plan: { ...row, nextBenefitNumber: number + 1, etag: newEtag }, number });
  }, concurrent);
}

// ---------------------------------------------------------------------------------------------
// benefit set / archive

export async function loadBenefit(s: Services, tenantId: string, ref: BenefitRef): Promise<Outcome<{ plan: PlanRow; benefit: BenefitRow }>> {
  const plan = await loadPlan(s, tenantId, ref.plan);
  if (!plan) return fail({ key: 'cmd.err.unknownPlan', params: { plan: ref.plan } });
  const benefit = await s.storage.benefits.get(tenantId, ref.plan, ref.number);
  if (!benefit) return fail({ key: 'cmd.err.unknownBenefit', params: { ref: refText(ref.plan, ref.number), plan: ref.plan } });
  return succeed({ plan, benefit });
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
  changed: BenefitField[];
}

/** The benefit as it would be after the parsed change (and the problems that change would cause). */
function applyChange(current: BenefitRow, p: Parsed, today: string, problems: Problem[]): Omit<BenefitRow, 'etag'> {
  const next = withoutEtag(current);
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
    if (current.baseline !== undefined) problems.push({ key: 'cmd.err.baselineCannotBeUnset', field: 'baseline' });
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
  // A new target date reopens a missed benefit; a new target reopens an achieved one (and its
  // success notice may then be sent again, once, for the new target).
  if (current.state === 'missed' && next.due !== current.due) next.state = next.baseline === undefined ? 'planned' : 'tracking';
  if (current.state === 'achieved' && (next.target !== current.target || next.direction !== current.direction)) {
    next.state = 'tracking';
    delete next.achievedAt;
  }
  crossCheck(next, today, next.due !== current.due, problems);
  return next;
}

/**
 * The problems `setBenefit` would find with this change now, without writing anything: for a form
 * that stores other things with the change and must refuse all of it when one value is wrong.
 */
export async function benefitChangeProblems(s: Services, actor: Actor, ref: BenefitRef, input: BenefitInput): Promise<Problem[]> {
  const r = await setBenefit(s, actor, ref, input, { dryRun: true });
  return r.ok ? [] : r.problems;
}

export async function setBenefit(
  s: Services,
  actor: Actor,
  ref: BenefitRef,
  input: BenefitInput,
  options: Pick<BenefitOptions, 'dryRun'> = {},
): Promise<Outcome<BenefitSetResult>> {
  const first = await loadChangeableBenefit(s, actor.tenantId, ref);
  if (!first.ok) return first;
  const problems: Problem[] = [];
  const p = await readInput(actor, input, problems);
  if (problems.length > 0) return fail(...problems);

  const now = s.clock.now();
  return withEtagRetry<Outcome<BenefitSetResult>>(async (attempt) => {
    const loaded = attempt === 0 ? first : await loadChangeableBenefit(s, actor.tenantId, ref);
    if (!loaded.ok) return loaded;
    const { plan, benefit: current } = loaded.value;
    const today = todayIn(plan.timezone, now);
    const wanted: Problem[] = [];
    const next = applyChange(current, p, today, wanted);
    if (wanted.length > 0) return fail(...wanted);
    const diff = changedFields(current, next, [...BENEFIT_FIELDS, 'directionSet', 'baselineDate', 'state']);
    const changed = diff ? BENEFIT_FIELDS.filter((k) => k in diff.before || k in diff.after) : [];
    if (options.dryRun) return succeed({ plan, benefit: next, changed });

    if (next.cadence !== current.cadence) next.nextPromptAt = await scheduleNextPrompt(s, plan, next, now);
    if (next.due !== current.due) await scheduleTargetCheck(s, plan, next);
    await s.storage.benefits.update(next, current.etag);
    if (diff) {
      await rememberPeople(s, actor.tenantId, [p.owner, p.deputy ?? undefined]);
      await recordAudit(s, actor.tenantId, {
        planId: ref.plan,
        by: actor.person,
        at: now.toISOString(),
        action: 'benefit.set',
        subject: refText(ref.plan, ref.number),
        ...diff,
      });
    }
    return succeed({ plan, benefit: next, changed });
  }, concurrent);
}

export async function archiveBenefit(
  s: Services,
  actor: Actor,
  ref: BenefitRef,
): Promise<Outcome<{ plan: PlanRow; benefit: Omit<BenefitRow, 'etag'>; already: boolean }>> {
  const now = s.clock.now();
  return withEtagRetry<Outcome<{ plan: PlanRow; benefit: Omit<BenefitRow, 'etag'>; already: boolean }>>(async () => {
    const r = await loadBenefit(s, actor.tenantId, ref);
    if (!r.ok) return r;
    const { plan, benefit } = r.value;
    if (benefit.state === 'archived') return succeed({ plan, benefit, already: true });
    const next = withoutEtag(benefit);
    const before = next.state;
    next.state = 'archived';
    // No next prompt: its due item turns stale and is dropped. History stays untouched.
    delete next.nextPromptAt;
    await s.storage.benefits.update(next, benefit.etag);
    await recordAudit(s, actor.tenantId, {
      planId: ref.plan,
      by: actor.person,
      at: now.toISOString(),
      action: 'benefit.archive',
      subject: refText(ref.plan, ref.number),
      before: { state: before },
      after: { state: 'archived' },
    });
    return succeed({ plan, benefit: next, already: false });
  }, concurrent);
}
