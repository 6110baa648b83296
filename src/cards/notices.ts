// The cards posted about a benefit's target: the success notice (with Confirm), the missed-target
// notice with its lesson form, and the thanks that replaces the form once a lesson is stored.
import { formatDate, parseDate } from '../domain/dates';
import { formatMoney, formatPercent, formatValue, parseNumber } from '../domain/numbers';
import { achievement, benefitDirection, gainInNok, periodGain } from '../domain/progress';
import type { Benefit, Language, Lesson, Plan } from '../domain/types';
import { t } from '../i18n';
import { renderCard } from './build';
import { changeInWords, mentionOf, mentionText, periodLabel } from './words';

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
          : t(lang, 'notice.success.change', { change: changeInWords(value - benefit.baseline!, benefit.unit, lang) });
  return renderCard('success', {
    lang,
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
    lang,
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
