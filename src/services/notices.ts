// Success and missed-target notices, the lesson form behind the missed-target card, and
// escalation of a streak of missed periods (issue #5). Every send is claimed in the delivery
// ledger first (ARCHITECTURE rule 2), so each notice goes out once whatever calls it twice.
import { renderCard } from '../cards/build';
import { formatDate, localDate, parseDate } from '../domain/dates';
import { achievement, benefitDirection, gainInNok, inferDirection, periodGain } from '../domain/progress';
import { periodLabel } from './prompts';
import { formatMoney, formatPercent, formatValue, parseNumber } from '../domain/numbers';
import type { Benefit, Language, Lesson, Person, Plan } from '../domain/types';
import { t } from '../i18n';
import { deliverToChannel, deliverToPerson } from '../jobs/dispatch';
import { isStale, type BenefitRow, type DueItem } from '../storage';
import { isAdmin } from './admins';
import type { Services } from './context';
import { mentionOf, mentionText, planLanguage } from './digest';
import type { InboundAction } from './ports';
import { scheduleTargetCheck } from './schedule';
import { targetCheckItemCurrent } from './stillDue';

export const LESSON_MAX = 1000;

/** Ledger subject of a benefit: key-safe (plan ids are slugs, the number is zero-padded). */
export const benefitSubject = (planId: string, n: number) => `${planId}~${String(n).padStart(4, '0')}`;

/** Ledger period of a target: `target-15`, `target-12.5`, `target--3` ([A-Za-z0-9._:-] only). */
export const targetPeriod = (target: number) => `target-${String(target)}`.replace(/[^A-Za-z0-9._:-]/g, '_');

// ---------------------------------------------------------------------------------------------
// Success

/**
 * Celebrates a met target in the plan's channel, once per benefit per target value (a new
 * target after a lesson may be celebrated again). Sets the benefit to 'achieved'. Returns true
 * when this call posted the notice.
 */
export async function notifySuccess(s: Services, plan: Plan, benefit: Benefit, period: string, value: number, now: Date): Promise<boolean> {
  if (plan.archived || benefit.state === 'archived') return false;
  const nowIso = now.toISOString();
  const claim = await s.storage.ledger.claim(plan.tenantId, 'success', benefitSubject(plan.id, benefit.number), targetPeriod(benefit.target), nowIso, s.instanceId);
  if (!claim.claimed) return false;

  // The state first: even if Teams is down, the benefit is achieved.
  const achievedAt = localDate(nowIso, plan.timezone);
  await updateBenefit(s, plan.tenantId, plan.id, benefit.number, (b) =>
    b.state === 'archived' ? undefined : { ...b, state: 'achieved', achievedAt: b.achievedAt && b.state === 'achieved' ? b.achievedAt : achievedAt },
  );

  const lang = planLanguage(plan);
  const card = successCard(lang, plan, benefit, period, value);
  const outcome = await deliverToChannel(s, plan, { card, summary: t(lang, 'notice.success.summary', { title: benefit.title }) });
  if (outcome.ok) {
    await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'sent', sentAt: nowIso, activityId: outcome.activityId, conversationId: outcome.conversationId });
    return true;
  }
  if (outcome.unreachable) {
    await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
  } else {
    // Let the next answer that meets the target try again.
    await s.storage.ledger.release(claim.entry);
  }
  return false;
}

export function successCard(lang: Language, plan: Plan, benefit: Benefit, period: string, value: number): object {
  const direction = benefitDirection(benefit);
  const gain = benefit.baseline === undefined ? undefined : periodGain(value, benefit.baseline, direction);
  const nok = gain === undefined ? undefined : gainInNok(benefit.type, gain, plan.hourlyRate);
  const gainText =
    gain === undefined
      ? ''
      : nok !== undefined && benefit.type !== 'cost'
        ? t(lang, 'notice.success.gainNok', { gain: formatValue(gain, benefit.unit, lang), nok: formatMoney(nok, lang) })
        : benefit.type === 'cost'
          ? t(lang, 'notice.success.gain', { gain: formatMoney(gain, lang) })
          : t(lang, 'notice.success.gain', { gain: formatValue(gain, benefit.unit, lang) });
  return renderCard('success', {
    title: t(lang, 'notice.success.title', { title: benefit.title }),
    text: t(lang, 'notice.success.text', {
      owner: mentionText(benefit.owner),
      value: formatValue(value, benefit.unit, lang),
      period: periodLabel(period, lang),
      target: formatValue(benefit.target, benefit.unit, lang),
      due: formatDate(benefit.due, lang),
    }),
    showMessage: !!benefit.message,
    message: benefit.message ? t(lang, 'notice.success.message', { message: benefit.message }) : '',
    showGain: gainText !== '',
    gain: gainText,
    hint: t(lang, 'notice.success.hint'),
    confirmTitle: t(lang, 'notice.success.confirm'),
    planId: plan.id,
    benefit: benefit.number,
    mentions: [mentionOf(benefit.owner)],
  });
}

// ---------------------------------------------------------------------------------------------
// Missed target

/**
 * Due handler of 'targetCheck' (scheduled for 09:00 the first working day after the target
 * date). Stale when the target date changed, the benefit was achieved or archived, or the plan is
 * archived. Otherwise: state 'missed', and the lesson form to the channel and the plan leader.
 */
export async function checkTarget(s: Services, item: DueItem, now: Date): Promise<number> {
  const n = item.benefitNumber;
  if (!n) return 0;
  const [plan, benefit] = await Promise.all([s.storage.plans.get(item.tenantId, item.planId), s.storage.benefits.get(item.tenantId, item.planId, n)]);
  if (!plan || !benefit || !targetCheckItemCurrent(plan, benefit, item)) return 0;

  if (benefit.state !== 'missed') {
    await updateBenefit(s, plan.tenantId, plan.id, n, (b) => (b.due !== item.period || b.state === 'achieved' || b.state === 'archived' ? undefined : { ...b, state: 'missed' }));
  }
  const nowIso = now.toISOString();
  const claim = await s.storage.ledger.claim(plan.tenantId, 'missedTarget', benefitSubject(plan.id, n), benefit.due, nowIso, s.instanceId);
  if (!claim.claimed) return 0;

  const rows = await s.storage.measurements.listBenefit(plan.tenantId, plan.id, n);
  const latest = rows.filter((r) => r.state === 'answered' && !r.baseline && typeof r.value === 'number').pop();
  const lang = planLanguage(plan);
  const form: MissedForm = { latestValue: latest?.value };
  const summary = t(lang, 'notice.missed.summary', { title: benefit.title });
  const channel = await deliverToChannel(s, plan, { card: missedTargetCard(lang, plan, benefit, form, true), summary });
  if (!channel.ok && !channel.unreachable) {
    await s.storage.ledger.release(claim.entry);
    throw new Error(`missed-target notice not delivered: ${channel.error}`);
  }
  let sent = channel.ok ? 1 : 0;
  let personalError: string | undefined;
  if (plan.leader) {
    const personal = await deliverToPerson(s, plan.tenantId, plan.leader, { card: missedTargetCard(lang, plan, benefit, form, false), summary }, { serviceUrl: plan.channel.serviceUrl });
    if (personal.ok) sent++;
    else personalError = personal.error;
  }
  await s.storage.ledger.settle(claim.entry, claim.etag, {
    state: sent > 0 ? 'sent' : 'unreachable',
    sentAt: nowIso,
    ...(channel.ok ? { activityId: channel.activityId, conversationId: channel.conversationId } : {}),
    ...(personalError || !channel.ok ? { error: [channel.ok ? undefined : channel.error, personalError].filter(Boolean).join('; ') } : {}),
  });
  return sent;
}

/** What the lesson form shows besides the benefit: the latest value, typed input, errors. */
export interface MissedForm {
  latestValue?: number;
  lesson?: string;
  newDue?: string;
  newTarget?: string;
  error?: string;
  lessonError?: string;
  dueError?: string;
  targetError?: string;
}

/**
 * The missed-target card with the lesson form. In the channel the owner is @mentioned; in the
 * leader's personal chat the owner is named in plain text (a mention of someone outside the
 * conversation does not notify anyone).
 */
export function missedTargetCard(lang: Language, plan: Plan, benefit: Benefit, form: MissedForm, inChannel: boolean): object {
  const target = formatValue(benefit.target, benefit.unit, lang);
  const due = formatDate(benefit.due, lang);
  const a = form.latestValue !== undefined && benefit.baseline !== undefined ? achievement(form.latestValue, benefit.baseline, benefit.target) : undefined;
  const text =
    form.latestValue === undefined
      ? t(lang, 'notice.missed.textNoValue', { due, target })
      : t(lang, 'notice.missed.text', {
          due,
          target,
          value: formatValue(form.latestValue, benefit.unit, lang),
          achievement: a === undefined ? '–' : formatPercent(a, lang),
        });
  const parsedTarget = form.newTarget === undefined ? undefined : parseNumber(form.newTarget);
  const card = renderCard('missedTarget', {
    title: t(lang, 'notice.missed.title', { title: benefit.title }),
    showError: !!form.error,
    error: form.error ?? '',
    text,
    owner: t(lang, 'notice.missed.owner', { owner: inChannel ? mentionText(benefit.owner) : benefit.owner.name }),
    ask: t(lang, 'notice.missed.ask'),
    lessonLabel: t(lang, 'notice.missed.lessonLabel'),
    lessonRequired: t(lang, 'notice.missed.lessonRequired'),
    lessonValue: form.lesson ?? '',
    showLessonError: !!form.lessonError,
    lessonError: form.lessonError ?? '',
    dueLabel: t(lang, 'notice.missed.dueLabel'),
    dueValue: form.newDue && parseDate(form.newDue) ? parseDate(form.newDue) : '',
    showDueError: !!form.dueError,
    dueError: form.dueError ?? '',
    targetLabel: t(lang, 'notice.missed.targetLabel', { unit: benefit.unit }),
    targetValue: parsedTarget ?? '',
    showTargetError: !!form.targetError,
    targetError: form.targetError ?? '',
    submitTitle: t(lang, 'notice.missed.submit'),
    planId: plan.id,
    benefit: benefit.number,
    mentions: inChannel ? [mentionOf(benefit.owner)] : [],
  });
  return dropEmptyInputValues(card);
}

// An input with `value: ""` is the same as none to a person, but Input.Number/Input.Date with an
// empty string is not valid JSON for their schema: drop it.
function dropEmptyInputValues(card: object): object {
  const body = (card as { body?: Record<string, unknown>[] }).body ?? [];
  for (const el of body) {
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && (el.value === '' || el.value === null)) delete el.value;
  }
  return card;
}

// ---------------------------------------------------------------------------------------------
// Lesson form (Action.Execute 'lesson.submit')

/** Values from Teams arrive as strings (inputs) or as what the card's data held. */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Stores what the team learned from a missed target: only the plan leader or an admin may.
 * Invalid input returns the same card with the error by the field and the typed values kept.
 */
export async function submitLesson(s: Services, action: InboundAction): Promise<object> {
  const planId = str(action.data.planId) ?? '';
  const n = Number(str(action.data.benefit));
  const validRef = /^[A-Za-z0-9._:@-]{1,200}$/.test(planId) && Number.isInteger(n) && n >= 1 && n <= 9999;
  const [plan, benefit] = validRef
    ? await Promise.all([s.storage.plans.get(action.tenantId, planId), s.storage.benefits.get(action.tenantId, planId, n)])
    : [undefined, undefined];
  if (!plan || !benefit) {
    const lang: Language = action.locale && /^en\b/i.test(action.locale) ? 'en' : 'nb';
    return renderCard('message', { title: t(lang, 'card.errorTitle'), text: t(lang, 'notice.missed.gone'), style: 'attention' });
  }
  const lang = planLanguage(plan);
  const typed: MissedForm = {
    lesson: str(action.data.lesson) ?? '',
    newDue: (str(action.data.newDue) ?? '').trim(),
    newTarget: (str(action.data.newTarget) ?? '').trim(),
  };
  const latest = (await s.storage.measurements.latestValue(plan.tenantId, plan.id, n))?.value;
  const card = (extra: Partial<MissedForm>) => missedTargetCard(lang, plan, benefit, { latestValue: latest, ...typed, ...extra }, action.conversationKind !== 'personal');

  const allowed = (plan.leader !== undefined && plan.leader.id === action.from.id) || (await isAdmin(s, { ...action, text: '', mentions: [] }));
  if (!allowed) {
    return card({ error: plan.leader ? t(lang, 'notice.missed.refused', { leader: plan.leader.name }) : t(lang, 'notice.missed.refusedNoLeader') });
  }

  const nowIso = s.clock.now().toISOString();
  const today = localDate(nowIso, plan.timezone);
  const v = validateLesson(lang, typed, today);
  if (!v.ok) return card(v.errors);

  const lesson: Lesson = {
    planId: plan.id,
    benefitNumber: n,
    by: { id: action.from.id, name: action.from.name, ...(action.from.aadObjectId ? { aadObjectId: action.from.aadObjectId } : {}) },
    at: nowIso,
    lesson: v.lesson,
    ...(v.newDue ? { newDue: v.newDue } : {}),
    ...(v.newTarget !== undefined ? { newTarget: v.newTarget } : {}),
  };
  // A double click sends the same lesson twice: store it once.
  const repeat = sameLesson(benefit.lastLesson, lesson);
  if (!repeat) await s.storage.records.addLesson(plan.tenantId, lesson);
  const updated = await updateBenefit(s, plan.tenantId, plan.id, n, (b) => {
    const next: BenefitRow = { ...b, lastLesson: lesson };
    if (lesson.newTarget !== undefined) {
      next.target = lesson.newTarget;
      if (!b.directionSet && b.baseline !== undefined) next.direction = inferDirection(b.baseline, lesson.newTarget);
    }
    if (lesson.newDue) {
      next.due = lesson.newDue;
      if (b.state === 'missed') next.state = 'tracking';
    }
    return next;
  });
  if (lesson.newDue && updated) await scheduleTargetCheck(s, plan, updated);
  return lessonThanksCard(lang, plan, updated ?? benefit, lesson);
}

type LessonCheck =
  | { ok: true; lesson: string; newDue?: string; newTarget?: number }
  | { ok: false; errors: Pick<MissedForm, 'lessonError' | 'dueError' | 'targetError'> };

export function validateLesson(lang: Language, typed: MissedForm, today: string): LessonCheck {
  const errors: Pick<MissedForm, 'lessonError' | 'dueError' | 'targetError'> = {};
  const lesson = (typed.lesson ?? '').trim();
  if (lesson === '') errors.lessonError = t(lang, 'notice.missed.lessonRequired');
  else if (lesson.length > LESSON_MAX) errors.lessonError = t(lang, 'notice.missed.lessonTooLong', { length: lesson.length });
  let newDue: string | undefined;
  if (typed.newDue) {
    newDue = parseDate(typed.newDue);
    if (!newDue || newDue <= today) errors.dueError = t(lang, 'notice.missed.dueInvalid', { today: formatDate(today, lang) });
  }
  let newTarget: number | undefined;
  if (typed.newTarget) {
    newTarget = parseNumber(typed.newTarget);
    if (newTarget === undefined || !Number.isFinite(newTarget)) errors.targetError = t(lang, 'notice.missed.targetInvalid');
  }
  if (errors.lessonError || errors.dueError || errors.targetError) return { ok: false, errors };
  return { ok: true, lesson, ...(newDue ? { newDue } : {}), ...(newTarget !== undefined ? { newTarget } : {}) };
}

function sameLesson(a: Lesson | undefined, b: Lesson): boolean {
  return !!a && a.lesson === b.lesson && a.by.id === b.by.id && a.newDue === b.newDue && a.newTarget === b.newTarget;
}

export function lessonThanksCard(lang: Language, plan: Plan, benefit: Benefit, lesson: Lesson): object {
  const facts = [
    { title: t(lang, 'notice.lesson.benefit'), value: `${plan.id}/${benefit.number} ${benefit.title}` },
    { title: t(lang, 'notice.lesson.lesson'), value: lesson.lesson },
  ];
  if (lesson.newDue) facts.push({ title: t(lang, 'notice.lesson.newDue'), value: formatDate(lesson.newDue, lang) });
  if (lesson.newTarget !== undefined) facts.push({ title: t(lang, 'notice.lesson.newTarget'), value: formatValue(lesson.newTarget, benefit.unit, lang) });
  facts.push({ title: t(lang, 'notice.lesson.by'), value: lesson.by.name });
  return renderCard('lessonThanks', {
    title: t(lang, 'notice.lesson.title'),
    facts,
    next: lesson.newDue ? t(lang, 'notice.lesson.nextCheck', { due: formatDate(lesson.newDue, lang) }) : t(lang, 'notice.lesson.next'),
  });
}

// ---------------------------------------------------------------------------------------------
// Escalation

/**
 * Tells the plan leader personally when a benefit has gone unmeasured two or more periods in a
 * row (`missedPeriods`, oldest first). Once per streak: the streak is named by its first period.
 * Returns true when this call sent the message.
 */
export async function escalateIfStreak(s: Services, plan: Plan, benefit: Benefit, missedPeriods: string[], now: Date): Promise<boolean> {
  if (missedPeriods.length < 2) return false;
  if (!plan.leader) {
    s.log.info({ event: 'escalation.noLeader', planId: plan.id, benefit: benefit.number }, 'missed streak but the plan has no leader');
    return false;
  }
  const nowIso = now.toISOString();
  const claim = await s.storage.ledger.claim(plan.tenantId, 'escalation', benefitSubject(plan.id, benefit.number), missedPeriods[0]!, nowIso, s.instanceId);
  if (!claim.claimed) return false;
  const lang = planLanguage(plan);
  const text = t(lang, 'notice.escalation.text', {
    title: benefit.title,
    ref: `${plan.id}/${benefit.number}`,
    count: missedPeriods.length,
    periods: missedPeriods.map((p) => periodLabel(p, lang)).join(', '),
    owner: benefit.owner.name,
  });
  const outcome = await deliverToPerson(s, plan.tenantId, plan.leader, { text, summary: text.slice(0, 120) }, { serviceUrl: plan.channel.serviceUrl });
  if (outcome.ok) {
    await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'sent', sentAt: nowIso, activityId: outcome.activityId, conversationId: outcome.conversationId });
    return true;
  }
  if (outcome.unreachable) await s.storage.ledger.settle(claim.entry, claim.etag, { state: 'unreachable', error: outcome.error });
  else await s.storage.ledger.release(claim.entry);
  return false;
}

// ---------------------------------------------------------------------------------------------

/**
 * Read-modify-write of a benefit row with its etag; on 412 reads again and re-applies `change`
 * (up to three tries). `change` returns undefined to leave the row as it is. Returns the row as
 * written (or as found when unchanged).
 */
async function updateBenefit(
  s: Services,
  tenantId: string,
  planId: string,
  n: number,
  change: (b: BenefitRow) => BenefitRow | undefined,
): Promise<BenefitRow | undefined> {
  for (let attempt = 0; ; attempt++) {
    const row = await s.storage.benefits.get(tenantId, planId, n);
    if (!row) return undefined;
    const next = change(row);
    if (!next) return row;
    const { etag: _etag, ...rest } = next;
    try {
      const newEtag = await s.storage.benefits.update(rest, row.etag);
      return { ...next, etag: newEtag };
    } catch (e) {
      if (!isStale(e) || attempt >= 2) throw e;
    }
  }
}
