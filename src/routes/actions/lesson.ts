// The missed-target card's lesson form (verb 'lesson.submit'): stores the lesson through
// services/lessons and answers with the thanks card, or the same form with the problems by the
// fields and what was typed kept, or a short card when there is nothing to store it on.
import { renderCard } from '../../cards/build';
import { lessonThanksCard, missedTargetCard, type MissedForm } from '../../cards/notices';
import { problemText } from '../../commands/errors';
import { DEFAULT_LANGUAGE, languageIn, t } from '../../i18n';
import { lessonFormField, submitLesson } from '../../services/lessons';
import { actorOf } from '../actor';
import type { CardActionHandler } from '../cardActionHandler';

/** Values from Teams arrive as strings (inputs) or as what the card's data held. */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const submitLessonFromCard: CardActionHandler = async (s, action) => {
  const planId = str(action.data.planId) ?? '';
  const number = Number(str(action.data.benefit));
  const typed: Required<Pick<MissedForm, 'lesson' | 'newDue' | 'newTarget'>> = {
    lesson: str(action.data.lesson) ?? '',
    newDue: (str(action.data.newDue) ?? '').trim(),
    newTarget: (str(action.data.newTarget) ?? '').trim(),
  };
  const validRef = /^[A-Za-z0-9._:@-]{1,200}$/.test(planId) && Number.isInteger(number) && number >= 1 && number <= 9999;
  const outcome = validRef ? await submitLesson(s, actorOf(action), { planId, number, ...typed }) : ({ status: 'gone' } as const);
  if (outcome.status === 'gone') {
    const lang = languageIn(action.data.lang) ?? DEFAULT_LANGUAGE;
    return renderCard('message', { title: t(lang, 'card.errorTitle'), text: t(lang, 'notice.missed.gone'), style: 'attention' });
  }
  if (outcome.status === 'closed') return renderCard('message', { title: t(outcome.lang, 'notice.missed.closedTitle'), text: outcome.message, style: 'attention' });
  if (outcome.status === 'stored') return lessonThanksCard(outcome.lang, outcome.plan, outcome.benefit, outcome.lesson);
  const errors: Pick<MissedForm, 'lessonError' | 'dueError' | 'targetError' | 'error'> = {};
  for (const p of outcome.problems) {
    const slot = lessonFormField(p);
    errors[slot] ??= problemText(outcome.lang, p);
  }
  const form: MissedForm = { latestValue: outcome.latestValue, ...typed, ...errors };
  return missedTargetCard(outcome.lang, outcome.plan, outcome.benefit, form, action.conversationKind !== 'personal');
};
