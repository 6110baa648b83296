// Plans: create, change, archive. Every value is validated before anything is written (a command
// that fails changes nothing), changes use the row's etag (two admins typing at once cannot
// silently overwrite each other), and every change is audited.
import { DateTime } from 'luxon';
import { cadenceToText, parseCadence, type CadenceError } from '../domain/cadence';
import { isValidTimeZone } from '../domain/dates';
import { parseNumber } from '../domain/numbers';
import { slugify, uniqueSlug } from '../domain/slug';
import { PLAN_NAME_MAX, checkLength, cleanText } from '../domain/text';
import type { Language, Person, Plan } from '../domain/types';
import type { Params } from '../i18n';
import type { PlanFields } from '../commands/parse';
import { damerauLevenshtein } from '../commands/parse';
import { PLAN_KEYS } from '../commands/grammar';
import { isConflict, isStale, type PlanRow } from '../storage';
import { auditPerson, changedFields, recordAudit } from './audit';
import type { Services } from './context';
import type { InboundMessage } from '../routes/ports';
import { rememberPeople, resolvePerson, storedPerson } from './people';
import { scheduleNextDigest, scheduleNextPrompt } from './schedule';

/**
 * Defaults of a new plan. The hourly rate (NOK 600/h) is a round figure for a municipal employee
 * incl. social costs and overhead; hours per FTE (1 695) is the Norwegian state's standard
 * årsverk. Both are settable per plan.
 */
export const PLAN_DEFAULTS = {
  digest: 'fri 14:00',
  timezone: 'Europe/Oslo',
  hourlyRate: 600,
  hoursPerFte: 1695,
  tolerance: 10,
} as const;

/** One thing wrong with the input: an i18n key of the commands catalogue and its parameters. */
export interface Problem {
  key: string;
  params?: Params;
}
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const fail = <T>(...problems: Problem[]): Outcome<T> => ({ ok: false, problems });

/** Numbers beyond this are typos or attacks, never a real indicator (and stay exact in doubles). */
export const NUMBER_LIMIT = 1e12;

/** A user value as echoed in an error: one line, bounded, so a 10 kB value never floods the chat. */
export function echo(value: string, max = 60): string {
  const one = cleanText(value);
  const chars = Array.from(one);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : one;
}

/** Parses a number field; pushes a problem naming the key and the value when it is not one. */
export function readNumber(key: string, text: string, problems: Problem[]): number | undefined {
  const n = parseNumber(text);
  if (n === undefined || !Number.isFinite(n) || Math.abs(n) >= NUMBER_LIMIT) {
    problems.push({ key: 'cmd.err.number', params: { key, value: echo(text) } });
    return undefined;
  }
  return n;
}

export function readRange(key: string, text: string, min: number, max: number, problems: Problem[], minExclusive = false): number | undefined {
  const n = readNumber(key, text, problems);
  if (n === undefined) return undefined;
  if (n > max || n < min || (minExclusive && n === min)) {
    problems.push({ key: minExclusive ? 'cmd.err.rangeAbove' : 'cmd.err.range', params: { key, value: echo(text), min, max } });
    return undefined;
  }
  return n;
}

const CADENCE_ERROR_KEYS: Record<CadenceError, string> = {
  format: 'cmd.err.cadence.format',
  weekday: 'cmd.err.cadence.weekday',
  time: 'cmd.err.cadence.time',
  day: 'cmd.err.cadence.day',
  interval: 'cmd.err.cadence.interval',
};

/** A cadence in its canonical stored text (`mon 09:00`), or a problem that says what is wrong. */
export function readCadence(key: string, text: string, problems: Problem[]): string | undefined {
  const r = parseCadence(text.slice(0, 200));
  if (!r.ok) {
    problems.push({ key: 'cmd.err.cadence', params: { key, value: echo(text), detailKey: CADENCE_ERROR_KEYS[r.error] } });
    return undefined;
  }
  return cadenceToText(r.cadence);
}

/** Cleaned text within its bound; `required` refuses an empty value. */
export function readText(key: string, text: string, max: number, problems: Problem[], required: boolean): string | undefined {
  const clean = cleanText(text);
  if (clean === '') {
    if (required) problems.push({ key: 'cmd.err.empty', params: { key } });
    return undefined;
  }
  const len = checkLength(clean, max);
  if (!len.ok) {
    problems.push({ key: 'cmd.err.tooLong', params: { key, length: len.length, max } });
    return undefined;
  }
  return clean;
}

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
  if (lower === '' || lower.length > 64) return PLAN_DEFAULTS.timezone;
  const byCity = zones().find((z) => z.toLowerCase().split('/').pop() === lower.split('/').pop());
  if (byCity) return byCity;
  let best: string = PLAN_DEFAULTS.timezone;
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

export function readTimeZone(text: string, problems: Problem[]): string | undefined {
  const tz = canonicalTimeZone(text);
  if (!tz) problems.push({ key: 'cmd.err.timezone', params: { value: echo(text), suggestion: suggestTimeZone(text) } });
  return tz;
}

const LANGUAGE_WORDS: Record<string, Language | 'auto'> = {
  nb: 'nb',
  no: 'nb',
  nob: 'nb',
  norsk: 'nb',
  'bokmål': 'nb',
  bokmal: 'nb',
  norwegian: 'nb',
  en: 'en',
  eng: 'en',
  english: 'en',
  engelsk: 'en',
  auto: 'auto',
};

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
  return { ok: true, value: plan };
}

// ---------------------------------------------------------------------------------------------
// plan new

export async function createPlan(s: Services, message: InboundMessage, rawName: string): Promise<Outcome<PlanRow>> {
  const problems: Problem[] = [];
  const name = readText('name', rawName, PLAN_NAME_MAX, problems, true);
  if (name === undefined) return fail(...problems);
  const slug = slugify(name);
  if (!slug) return fail({ key: 'cmd.err.nameNoLetters', params: { name: echo(name) } });

  const existing = await s.storage.plans.list(message.tenantId);
  const twin = existing.find((p) => sameName(p.name, name));
  if (twin) return fail({ key: 'cmd.err.duplicatePlanName', params: { name: echo(name), plan: twin.id } });

  const now = s.clock.now();
  const creator = storedPerson({ ...message.from, name: message.from.name || message.from.id });
  const taken = new Set(existing.map((p) => p.id));
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = uniqueSlug(slug, taken);
    const plan: Plan = {
      tenantId: message.tenantId,
      id,
      name,
      channel: {
        conversationId: message.channelId ?? message.conversationId,
        botId: message.botId,
        ...(message.teamId ? { teamId: message.teamId } : {}),
        ...(message.channelId ? { channelId: message.channelId } : {}),
        serviceUrl: message.serviceUrl,
      },
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
      if (!isConflict(e)) throw e;
      taken.add(id); // someone took this id a moment ago: take the next free one
      continue;
    }
    await rememberPeople(s, message.tenantId, [creator]);
    await recordAudit(s, message.tenantId, {
      planId: id,
      by: message.from,
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
    return { ok: true, value: { ...plan, nextDigestAt, etag: '' } };
  }
  return fail({ key: 'cmd.err.concurrent' });
}

// ---------------------------------------------------------------------------------------------
// plan set

type PlanChanges = Partial<Pick<Plan, 'name' | 'digest' | 'timezone' | 'hourlyRate' | 'hoursPerFte' | 'tolerance' | 'leader'>> & {
  language?: Language | 'auto';
};

export interface PlanSetResult {
  plan: PlanRow;
  changed: string[];
}

export async function setPlan(s: Services, message: InboundMessage, planId: string, fields: PlanFields): Promise<Outcome<PlanSetResult>> {
  const loaded = await loadChangeablePlan(s, message.tenantId, planId);
  if (!loaded.ok) return loaded;

  const problems: Problem[] = [];
  const changes: PlanChanges = {};
  if (fields.name) {
    const name = readText('name', fields.name.text, PLAN_NAME_MAX, problems, true);
    if (name !== undefined) {
      const others = (await s.storage.plans.list(message.tenantId)).filter((p) => p.id !== planId);
      const twin = others.find((p) => sameName(p.name, name));
      if (twin) problems.push({ key: 'cmd.err.duplicatePlanName', params: { name: echo(name), plan: twin.id } });
      else changes.name = name;
    }
  }
  if (fields.digest) {
    const digest = readCadence('digest', fields.digest.text, problems);
    if (digest) changes.digest = digest;
  }
  if (fields.timezone) {
    const tz = readTimeZone(fields.timezone.text, problems);
    if (tz) changes.timezone = tz;
  }
  if (fields.language) {
    const word = fields.language.text.trim().toLowerCase();
    const lang = Object.prototype.hasOwnProperty.call(LANGUAGE_WORDS, word) ? LANGUAGE_WORDS[word] : undefined;
    if (lang) changes.language = lang;
    else problems.push({ key: 'cmd.err.language', params: { value: echo(fields.language.text) } });
  }
  if (fields.hourlyRate) {
    const n = readRange('hourlyRate', fields.hourlyRate.text, 0, 1_000_000, problems, true);
    if (n !== undefined) changes.hourlyRate = n;
  }
  if (fields.hoursPerFte) {
    const n = readRange('hoursPerFte', fields.hoursPerFte.text, 0, 8784, problems, true);
    if (n !== undefined) changes.hoursPerFte = n;
  }
  if (fields.tolerance) {
    const n = readRange('tolerance', fields.tolerance.text, 0, 100, problems);
    if (n !== undefined) changes.tolerance = n;
  }
  if (fields.leader) {
    const r = await resolvePerson(message, fields.leader);
    if (r.ok) changes.leader = storedPerson(r.person);
    else problems.push({ key: 'cmd.err.unknownPerson', params: { who: echo(r.who) } });
  }
  if (problems.length > 0) return fail(...problems);

  const now = s.clock.now();
  let current = loaded.value;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) {
      const again = await loadChangeablePlan(s, message.tenantId, planId);
      if (!again.ok) return again;
      current = again.value;
    }
    const next: Omit<PlanRow, 'etag'> = { ...withoutEtag(current) };
    const { language, ...rest } = changes;
    Object.assign(next, rest);
    if (language === 'auto') delete next.language;
    else if (language) next.language = language;
    const reschedule = next.digest !== current.digest || next.timezone !== current.timezone;
    if (reschedule) next.nextDigestAt = await scheduleNextDigest(s, next, now);
    try {
      await s.storage.plans.update(next, current.etag);
    } catch (e) {
      if (isStale(e)) continue;
      throw e;
    }
    if (next.timezone !== current.timezone) await reschedulePrompts(s, next, now);
    const diff = changedFields(current, next, PLAN_KEYS);
    if (diff) {
      await rememberPeople(s, message.tenantId, [changes.leader]);
      await recordAudit(s, message.tenantId, { planId, by: message.from, at: now.toISOString(), action: 'plan.set', subject: planId, ...diff });
    }
    return { ok: true, value: { plan: { ...next, etag: '' }, changed: diff ? Object.keys({ ...diff.before, ...diff.after }) : [] } };
  }
  return fail({ key: 'cmd.err.concurrent' });
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
      // Someone changed the benefit meanwhile; their write rescheduled or will reschedule it.
      if (!isStale(e)) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// plan archive

export async function archivePlan(s: Services, message: InboundMessage, planId: string): Promise<Outcome<{ plan: PlanRow; already: boolean }>> {
  const now = s.clock.now();
  for (let attempt = 0; attempt < 2; attempt++) {
    const plan = await loadPlan(s, message.tenantId, planId);
    if (!plan) return fail({ key: 'cmd.err.unknownPlan', params: { plan: planId } });
    if (plan.archived) return { ok: true, value: { plan, already: true } };
    const next: Omit<PlanRow, 'etag'> = { ...withoutEtag(plan), archived: true };
    // No next digest: the due item no longer matches the row and is dropped as stale.
    delete next.nextDigestAt;
    try {
      await s.storage.plans.update(next, plan.etag);
    } catch (e) {
      if (isStale(e)) continue;
      throw e;
    }
    await stopPrompts(s, next);
    await recordAudit(s, message.tenantId, {
      planId,
      by: message.from,
      at: now.toISOString(),
      action: 'plan.archive',
      subject: planId,
      before: { archived: false },
      after: { archived: true },
    });
    return { ok: true, value: { plan: { ...next, etag: '' }, already: false } };
  }
  return fail({ key: 'cmd.err.concurrent' });
}

/** Clears the benefits' next prompt, so their pending due items turn stale; their data stays. */
async function stopPrompts(s: Services, plan: Plan): Promise<void> {
  for (const b of await s.storage.benefits.list(plan.tenantId, plan.id)) {
    if (b.nextPromptAt === undefined) continue;
    const { etag, ...row } = b;
    delete row.nextPromptAt;
    try {
      await s.storage.benefits.update(row, etag);
    } catch (e) {
      if (!isStale(e)) throw e;
    }
  }
}

/** A plan's leader, falling back to its creator (older rows). */
export function planLeader(plan: Plan): Person | undefined {
  return plan.leader ?? plan.createdBy;
}
