// Lessons from a missed target (the missed-target card's form): what the team learned, and
// optionally a new target date or target. Checked like the commands it stands for (DOMAIN.md,
// Who may do what): a lesson by the owner, the deputy, the plan leader or an admin; a new target
// or target date only by the plan leader or an admin, read and cross-checked by `benefit set`'s
// own rules and audited there; only while the benefit is missed and neither it nor its plan is
// archived. A replayed or crafted card changes nothing it could not change when it was sent, and
// a double click stores the lesson once.
import type { MissedForm } from '../cards/notices';
import { parseDate } from '../domain/dates';
import { parseNumber } from '../domain/numbers';
import type { Problem } from '../domain/problems';
import { cleanText, LESSON_MAX } from '../domain/text';
import type { Language, Lesson } from '../domain/types';
import { t } from '../i18n';
import type { BenefitRow, PlanRow } from '../storage';
import type { Actor } from './actor';
import { isAdmin } from './admins';
import { benefitChangeProblems, setBenefit, type BenefitInput } from './benefits';
import { updateBenefitRow } from './rows';
import type { Services } from './context';
import { planLanguage } from './language';

export interface LessonRequest {
  planId: string;
  number: number;
  /** As typed in the form. */
  lesson: string;
  newDue: string;
  newTarget: string;
}

export type LessonOutcome =
  | { status: 'gone' }
  /** Archived, or the target is not (or no longer) missed: nothing to learn from here. */
  | { status: 'closed'; lang: Language; message: string }
  | { status: 'notAllowed' | 'invalid'; lang: Language; plan: PlanRow; benefit: BenefitRow; latestValue?: number; problems: Problem[] }
  | { status: 'stored'; lang: Language; plan: PlanRow; benefit: BenefitRow; lesson: Lesson };

export async function submitLesson(s: Services, actor: Actor, req: LessonRequest): Promise<LessonOutcome> {
  const { planId, number: n } = req;
  const [plan, benefit] = await Promise.all([s.storage.plans.get(actor.tenantId, planId), s.storage.benefits.get(actor.tenantId, planId, n)]);
  if (!plan || !benefit) return { status: 'gone' };
  const lang = planLanguage(plan);
  if (plan.archived) return { status: 'closed', lang, message: t(lang, 'notice.missed.planArchived', { plan: plan.name }) };
  if (benefit.state === 'archived') return { status: 'closed', lang, message: t(lang, 'notice.missed.benefitArchived', { title: benefit.title }) };
  const latestValue = (await s.storage.measurements.latestValue(plan.tenantId, plan.id, n))?.value;
  const refused = (problem: Problem): LessonOutcome => ({ status: 'notAllowed', lang, plan, benefit, latestValue, problems: [problem] });

  const me = actor.person.id;
  const leads = plan.leader !== undefined && plan.leader.id === me;
  const admin = leads ? false : await isAdmin(s, actor);
  const mayChange = leads || admin;
  const mayLearn = mayChange || benefit.owner.id === me || benefit.deputy?.id === me;
  const leader = plan.leader ? { leader: plan.leader.name } : undefined;
  if (!mayLearn) return refused(leader ? { key: 'notice.missed.refused', params: leader } : { key: 'notice.missed.refusedNoLeader' });
  const wantsChange = req.newDue.trim() !== '' || req.newTarget.trim() !== '';
  if (wantsChange && !mayChange) {
    return refused({ key: leader ? 'notice.missed.changeRefused' : 'notice.missed.changeRefusedNoLeader', params: leader, field: 'target' });
  }

  const text = cleanText(req.lesson);
  if (benefit.state !== 'missed') {
    // The same card clicked again after its lesson moved the benefit on: it was stored already.
    const replay = benefit.lastLesson && sameLesson(benefit.lastLesson, { by: actor.person, lesson: text, newDue: parseDate(req.newDue), newTarget: parseNumber(req.newTarget) });
    if (replay) return { status: 'stored', lang, plan, benefit, lesson: benefit.lastLesson! };
    return { status: 'closed', lang, message: t(lang, 'notice.missed.notMissed', { title: benefit.title, ref: `${plan.id}/${n}` }) };
  }

  // Everything is checked before anything is written: the lesson text here, a new target or
  // date by the rules of `benefit set`.
  const change: BenefitInput = {
    ...(req.newTarget.trim() !== '' ? { target: req.newTarget } : {}),
    ...(req.newDue.trim() !== '' ? { due: req.newDue } : {}),
  };
  const problems = [...lessonProblems(text), ...(wantsChange ? await benefitChangeProblems(s, actor, { plan: plan.id, number: n }, change) : [])];
  if (problems.length > 0) return { status: 'invalid', lang, plan, benefit, latestValue, problems };

  let changed: BenefitRow = benefit;
  if (wantsChange) {
    const r = await setBenefit(s, actor, { plan: plan.id, number: n }, change);
    if (!r.ok) return { status: 'invalid', lang, plan, benefit, latestValue, problems: r.problems };
    changed = { ...r.value.benefit, etag: '' };
  }
  const by = actor.person;
  const lesson: Lesson = {
    planId: plan.id,
    benefitNumber: n,
    by: { id: by.id, name: by.name, ...(by.aadObjectId ? { aadObjectId: by.aadObjectId } : {}) },
    at: s.clock.now().toISOString(),
    lesson: text,
    ...(changed.due !== benefit.due ? { newDue: changed.due } : {}),
    ...(changed.target !== benefit.target ? { newTarget: changed.target } : {}),
  };
  if (!benefit.lastLesson || !sameLesson(benefit.lastLesson, lesson)) await s.storage.records.addLesson(plan.tenantId, lesson);
  const updated = await updateBenefitRow(s, plan.tenantId, plan.id, n, (b) => ({ ...b, lastLesson: lesson }));
  return { status: 'stored', lang, plan, benefit: updated ?? changed, lesson };
}

/** The lesson text's own rules: required, at most LESSON_MAX characters. */
export function lessonProblems(text: string): Problem[] {
  if (text === '') return [{ key: 'notice.missed.lessonRequired', field: 'lesson' }];
  if ([...text].length > LESSON_MAX) return [{ key: 'notice.missed.lessonTooLong', params: { length: [...text].length }, field: 'lesson' }];
  return [];
}

/** Which input of the form a problem belongs beside. */
export function lessonFormField(p: Problem): keyof Pick<MissedForm, 'lessonError' | 'dueError' | 'targetError' | 'error'> {
  if (p.field === 'lesson') return 'lessonError';
  if (p.field === 'due' || p.field === 'start') return 'dueError';
  if (p.field === 'target' || p.field === 'direction' || p.field === 'baseline') return 'targetError';
  return 'error';
}

function sameLesson(a: Pick<Lesson, 'by' | 'lesson' | 'newDue' | 'newTarget'>, b: Pick<Lesson, 'by' | 'lesson' | 'newDue' | 'newTarget'>): boolean {
  return a.lesson === b.lesson && a.by.id === b.by.id && a.newDue === b.newDue && a.newTarget === b.newTarget;
}
