// Plans: create, change, archive. Every value is validated before anything is written (a change
// that fails changes nothing), changes use the row's etag (two admins typing at once cannot
// silently overwrite each other), and every change is audited.
import { DateTime } from 'luxon';
import { PLAN_FIELDS, readCadence, readLanguage, readRange, readText, readTimeZone, type PlanField } from '../domain/fields';
import { fail, succeed, type Outcome, type Problem } from '../domain/problems';
import { slugify, uniqueSlug } from '../domain/slug';
import { echo, PLAN_NAME_MAX } from '../domain/text';
import { DEFAULT_TIME_ZONE } from '../domain/timeZones';
import type { ChannelRef, Language, Person, Plan } from '../domain/types';
import { isConflict, isStale, type PlanRow } from '../storage';
import type { Actor, PersonRef } from './actor';
import { auditPerson, changedFields, recordAudit } from './audit';
import type { Services } from './context';
import { withEtagRetry } from './etag';
import { rememberPeople, resolvePerson, storedPerson } from './people';
import { linkEpochOf } from './report/links';
import { scheduleNextDigest, scheduleNextPrompt } from './schedule';

/**
 * Defaults of a new plan. The hourly rate (NOK 600/h) is a round figure for a municipal employee
 * incl. social costs and overhead; hours per FTE (1 695) is the Norwegian state's standard
 * årsverk. Both are settable per plan.
 */
export const PLAN_DEFAULTS = {
  digest: 'fri 14:00',
  timezone: DEFAULT_TIME_ZONE,
  hourlyRate: 600,
  hoursPerFte: 1695,
  tolerance: 10,
} as const;

/** What someone asks to change: each field as typed (validated here), the leader as a person. */
export type PlanInput = Partial<Record<Exclude<PlanField, 'leader'>, string>> & { leader?: PersonRef };

/** The calendar date in tz at `now` ('YYYY-MM-DD'). */
export function todayIn(tz: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: tz }).toISODate()!;
}

function sameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLocaleLowerCase('nb') === b.normalize('NFC').toLocaleLowerCase('nb');
}

function withoutEtag(p: PlanRow): Omit<PlanRow, 'etag'> {
  const { etag: _e, ...rest } = p;
  return rest;
}

export async function loadPlan(s: Services, tenantId: string, planId: string): Promise<PlanRow | undefined> {
  return s.storage.plans.get(tenantId, planId);
}

/** A plan that exists and is not archived, or the problem that says why it cannot be changed. */
export async function loadChangeablePlan(s: Services, tenantId: string, planId: string): Promise<Outcome<PlanRow>> {
  const plan = await loadPlan(s, tenantId, planId);
  if (!plan) return fail({ key: 'cmd.err.unknownPlan', params: { plan: planId } });
  if (plan.archived) return fail({ key: 'cmd.err.planArchived', params: { plan: planId } });
  return succeed(plan);
}

const concurrent = <T>(): Outcome<T> => fail({ key: 'cmd.err.concurrent' });

// ---------------------------------------------------------------------------------------------
// plan new

/** A new plan named `rawName`, bound to `channel` (its digests and notices go there). */
export async function createPlan(s: Services, actor: Actor, rawName: string, channel: ChannelRef): Promise<Outcome<PlanRow>> {
  const problems: Problem[] = [];
  const name = readText('name', rawName, PLAN_NAME_MAX, problems, true);
  if (name === undefined) return fail(...problems);
  const slug = slugify(name);
  if (!slug) return fail({ key: 'cmd.err.nameNoLetters', params: { name: echo(name) }, field: 'name' });

  const existing = await s.storage.plans.list(actor.tenantId);
  const twin = existing.find((p) => sameName(p.name, name));
  if (twin) return fail({ key: 'cmd.err.duplicatePlanName', params: { name: echo(name), plan: twin.id }, field: 'name' });

  const now = s.clock.now();
  const creator = storedPerson({ ...actor.person, name: actor.person.name || actor.person.id });
  const taken = new Set(existing.map((p) => p.id));
  return withEtagRetry<Outcome<PlanRow>>(
    async () => {
      const id = uniqueSlug(slug, taken);
      const plan: Plan = {
        tenantId: actor.tenantId,
        id,
        name,
        channel,
        digest: PLAN_DEFAULTS.digest,
        timezone: PLAN_DEFAULTS.timezone,
        hourlyRate: PLAN_DEFAULTS.hourlyRate,
        hoursPerFte: PLAN_DEFAULTS.hoursPerFte,
        tolerance: PLAN_DEFAULTS.tolerance,
        leader: creator,
        archived: false,
        nextBenefitNumber: 1,
        createdAt: now.toISOString(),
        createdBy: creator,
      };
      // The due item first, then the row that makes it live: a due item without its plan is
      // dropped as stale, while a plan without its due item would never get a digest.
      const nextDigestAt = await scheduleNextDigest(s, plan, now);
      try {
        await s.storage.plans.create({ ...plan, nextDigestAt } as Plan);
      } catch (e) {
        if (isConflict(e)) taken.add(id); // someone took this id a moment ago: take the next free one
        throw e;
      }
      await rememberPeople(s, actor.tenantId, [creator]);
      await recordAudit(s, actor.tenantId, {
        planId: id,
        by: actor.person,
        at: now.toISOString(),
        action: 'plan.new',
        subject: id,
        after: {
          name,
          digest: plan.digest,
          timezone: plan.timezone,
          hourlyRate: plan.hourlyRate,
          hoursPerFte: plan.hoursPerFte,
          tolerance: plan.tolerance,
          leader: auditPerson(creator),
          channel: plan.channel.conversationId,
        },
      });
      return succeed({ ...plan, nextDigestAt, etag: '' });
    },
    concurrent,
    isConflict,
  );
}

// ---------------------------------------------------------------------------------------------
// plan set

type PlanChanges = Partial<Pick<Plan, 'name' | 'digest' | 'timezone' | 'hourlyRate' | 'hoursPerFte' | 'tolerance' | 'leader'>> & {
  language?: Language | 'auto';
};

export interface PlanSetResult {
  plan: PlanRow;
  changed: PlanField[];
}

/** Reads and checks every field of `input`; a problem per field that is wrong. */
async function readPlanInput(s: Services, actor: Actor, planId: string, input: PlanInput, problems: Problem[]): Promise<PlanChanges> {
  const changes: PlanChanges = {};
  if (input.name !== undefined) {
    const name = readText('name', input.name, PLAN_NAME_MAX, problems, true);
    if (name !== undefined) {
      const others = (await s.storage.plans.list(actor.tenantId)).filter((p) => p.id !== planId);
      const twin = others.find((p) => sameName(p.name, name));
      if (twin) problems.push({ key: 'cmd.err.duplicatePlanName', params: { name: echo(name), plan: twin.id }, field: 'name' });
      else changes.name = name;
    }
  }
  if (input.digest !== undefined) changes.digest = readCadence('digest', input.digest, problems);
  if (input.timezone !== undefined) changes.timezone = readTimeZone('timezone', input.timezone, problems);
  if (input.language !== undefined) changes.language = readLanguage('language', input.language, problems);
  if (input.hourlyRate !== undefined) changes.hourlyRate = readRange('hourlyRate', input.hourlyRate, 0, 1_000_000, problems, true);
  if (input.hoursPerFte !== undefined) changes.hoursPerFte = readRange('hoursPerFte', input.hoursPerFte, 0, 8784, problems, true);
  if (input.tolerance !== undefined) changes.tolerance = readRange('tolerance', input.tolerance, 0, 100, problems);
  if (input.leader) {
    const r = await resolvePerson(actor, input.leader);
    if (r.ok) changes.leader = storedPerson(r.person);
    else problems.push({ key: 'cmd.err.unknownPerson', params: { who: echo(r.who) }, field: 'leader' });
  }
  return changes;
}

export async function setPlan(s: Services, actor: Actor, planId: string, input: PlanInput): Promise<Outcome<PlanSetResult>> {
  const loaded = await loadChangeablePlan(s, actor.tenantId, planId);
  if (!loaded.ok) return loaded;
  const problems: Problem[] = [];
  const changes = await readPlanInput(s, actor, planId, input, problems);
  if (problems.length > 0) return fail(...problems);

  const now = s.clock.now();
  return withEtagRetry<Outcome<PlanSetResult>>(async (attempt) => {
    let current = loaded.value;
    if (attempt > 0) {
      const again = await loadChangeablePlan(s, actor.tenantId, planId);
      if (!again.ok) return again;
      current = again.value;
    }
    const next: Omit<PlanRow, 'etag'> = { ...withoutEtag(current) };
    const { language, ...rest } = changes;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    if (language === 'auto') delete next.language;
    else if (language) next.language = language;
    const reschedule = next.digest !== current.digest || next.timezone !== current.timezone;
    if (reschedule) next.nextDigestAt = await scheduleNextDigest(s, next, now);
    await s.storage.plans.update(next, current.etag);
    if (next.timezone !== current.timezone) await reschedulePrompts(s, next, now);
    const diff = changedFields(current, next, PLAN_FIELDS);
    if (diff) {
      await rememberPeople(s, actor.tenantId, [changes.leader]);
      await recordAudit(s, actor.tenantId, { planId, by: actor.person, at: now.toISOString(), action: 'plan.set', subject: planId, ...diff });
    }
    const changed = diff ? PLAN_FIELDS.filter((k) => k in diff.before || k in diff.after) : [];
    return succeed({ plan: { ...next, etag: '' }, changed });
  }, concurrent);
}

/** A new time zone moves every live benefit's next prompt to the same wall-clock time there. */
async function reschedulePrompts(s: Services, plan: Plan, now: Date): Promise<void> {
  for (const b of await s.storage.benefits.list(plan.tenantId, plan.id)) {
    if (b.state === 'archived') continue;
    const { etag, ...row } = b;
    row.nextPromptAt = await scheduleNextPrompt(s, plan, row, now);
    try {
      await s.storage.benefits.update(row, etag);
    } catch (e) {
      // Someone changed the benefit meanwhile: their write rescheduled or will reschedule it.
      if (!isStale(e)) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// plan archive

export async function archivePlan(s: Services, actor: Actor, planId: string): Promise<Outcome<{ plan: PlanRow; already: boolean }>> {
  const now = s.clock.now();
  return withEtagRetry<Outcome<{ plan: PlanRow; already: boolean }>>(async () => {
    const plan = await loadPlan(s, actor.tenantId, planId);
    if (!plan) return fail({ key: 'cmd.err.unknownPlan', params: { plan: planId } });
    if (plan.archived) return succeed({ plan, already: true });
    // A new link epoch revokes every report link handed out so far (report/links.ts): the
    // digest's link in the channel, links forwarded by e-mail. The leader and admins can still
    // get fresh ones with `report`.
    const next: Omit<PlanRow, 'etag'> = { ...withoutEtag(plan), archived: true, linkEpoch: linkEpochOf(plan) + 1 };
    // No next digest: the due item no longer matches the row and is dropped as stale.
    delete next.nextDigestAt;
    await s.storage.plans.update(next, plan.etag);
    await stopPrompts(s, next);
    await recordAudit(s, actor.tenantId, {
      planId,
      by: actor.person,
      at: now.toISOString(),
      action: 'plan.archive',
      subject: planId,
      before: { archived: false },
      after: { archived: true },
    });
    return succeed({ plan: { ...next, etag: '' }, already: false });
  }, concurrent);
}

/**
 * Marks every benefit as of an archived plan (first, together: the mark is what refuses answers
 * on instances that read the plan from their cache), then clears their next prompt, so their
 * pending due items turn stale; their data stays.
 */
async function stopPrompts(s: Services, plan: Plan): Promise<void> {
  const benefits = await s.storage.benefits.list(plan.tenantId, plan.id);
  await s.storage.benefits.mergeSchedules(
    plan.tenantId,
    benefits.map((b) => ({ planId: plan.id, number: b.number, etag: '*', patch: { planArchived: true } })),
  );
  for (const b of benefits) {
    if (b.nextPromptAt === undefined) continue;
    await withEtagRetry(
      async () => {
        // Read again: the mark above changed the row's etag.
        const current = await s.storage.benefits.get(plan.tenantId, plan.id, b.number);
        if (!current || current.nextPromptAt === undefined) return;
        const { etag, ...row } = current;
        delete row.nextPromptAt;
        await s.storage.benefits.update(row, etag);
      },
      () => undefined,
    );
  }
}

/** A plan's leader, falling back to its creator (older rows). */
export function planLeader(plan: Plan): Person | undefined {
  return plan.leader ?? plan.createdBy;
}
