// Lessons from a missed target (the missed-target card's form): what the team learned, and
// optionally a new target date or target. Only the plan leader or an admin may store one; a
// double click stores it once.
import type { MissedForm } from '../cards/notices';
import { formatDate, localDate, parseDate } from '../domain/dates';
import { parseNumber } from '../domain/numbers';
import { inferDirection } from '../domain/progress';
import { LESSON_MAX } from '../domain/text';
import type { Language, Lesson } from '../domain/types';
import { t } from '../i18n';
import type { BenefitRow, PlanRow } from '../storage';
import type { Actor } from './actor';
import { isAdmin } from './admins';
import { updateBenefitRow } from './rows';
import type { Services } from './context';
import { planLanguage } from './language';
import { scheduleTargetCheck } from './schedule';

export interface LessonRequest {
  planId: string;
  number: number;
  /** As typed in the form. */
  lesson: string;
  newDue: string;
  newTarget: string;
}

type LessonErrors = Pick<MissedForm, 'lessonError' | 'dueError' | 'targetError'>;

export type LessonOutcome =
  | { status: 'gone' }
  | { status: 'notAllowed' | 'invalid'; lang: Language; plan: PlanRow; benefit: BenefitRow; latestValue?: number; errors: LessonErrors & { error?: string } }
  | { status: 'stored'; lang: Language; plan: PlanRow; benefit: BenefitRow; lesson: Lesson };

export async function submitLesson(s: Services, actor: Actor, req: LessonRequest): Promise<LessonOutcome> {
  const { planId, number: n } = req;
  const [plan, benefit] = await Promise.all([s.storage.plans.get(actor.tenantId, planId), s.storage.benefits.get(actor.tenantId, planId, n)]);
  if (!plan || !benefit) return { status: 'gone' };
  const lang = planLanguage(plan);
  const latestValue = (await s.storage.measurements.latestValue(plan.tenantId, plan.id, n))?.value;

  const allowed = (plan.leader !== undefined && plan.leader.id === actor.person.id) || (await isAdmin(s, actor));
  if (!allowed) {
    const error = plan.leader ? t(lang, 'notice.missed.refused', { leader: plan.leader.name }) : t(lang, 'notice.missed.refusedNoLeader');
    return { status: 'notAllowed', lang, plan, benefit, latestValue, errors: { error } };
  }

  const nowIso = s.clock.now().toISOString();
  const v = validateLesson(lang, req, localDate(nowIso, plan.timezone));
  if (!v.ok) return { status: 'invalid', lang, plan, benefit, latestValue, errors: v.errors };

  const by = actor.person;
  const lesson: Lesson = {
    planId: plan.id,
    benefitNumber: n,
    by: { id: by.id, name: by.name, ...(by.aadObjectId ? { aadObjectId: by.aadObjectId } : {}) },
    at: nowIso,
    lesson: v.lesson,
    ...(v.newDue ? { newDue: v.newDue } : {}),
    ...(v.newTarget !== undefined ? { newTarget: v.newTarget } : {}),
  };
  if (!sameLesson(benefit.lastLesson, lesson)) await s.storage.records.addLesson(plan.tenantId, lesson);
  const updated = await updateBenefitRow(s, plan.tenantId, plan.id, n, (b) => {
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
  return { status: 'stored', lang, plan, benefit: updated ?? benefit, lesson };
}

type LessonCheck = { ok: true; lesson: string; newDue?: string; newTarget?: number } | { ok: false; errors: LessonErrors };

export function validateLesson(lang: Language, typed: Pick<MissedForm, 'lesson' | 'newDue' | 'newTarget'>, today: string): LessonCheck {
  const errors: LessonErrors = {};
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
