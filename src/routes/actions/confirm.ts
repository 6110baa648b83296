// The success notice's **Confirm** button (verb 'benefit.confirm', data { planId, benefit }): the
// same confirmation as the `confirm` command, answered with a card that replaces the notice.
import { renderCard } from '../../cards/build';
import { confirmedAmount } from '../../cards/words';
import { languageOf, refusalText } from '../../commands/confirm';
import { formatInstant } from '../../domain/dates';
import type { Language } from '../../domain/types';
import { DEFAULT_LANGUAGE, languageIn, t } from '../../i18n';
import { confirmBenefit, type ConfirmOutcome } from '../../services/confirmations';
import { actorOf } from '../actor';
import type { CardActionHandler } from '../cardActionHandler';

/** The card that replaces the one acted on: "confirmed by X on D: amount", or why not. */
function outcomeCard(outcome: ConfirmOutcome, planId: string, number: number, lang: Language): object {
  if (outcome.ok) {
    const { plan, benefit, confirmation: c } = outcome;
    const facts = [
      { label: t(lang, 'confirm.fact.benefit'), value: `${plan.id}/${benefit.number} ${benefit.title}` },
      { label: t(lang, 'confirm.fact.amount'), value: confirmedAmount(benefit, c, lang) },
      { label: t(lang, 'confirm.fact.periods'), value: String(outcome.measuredPeriods) },
      ...(c.comment ? [{ label: t(lang, 'confirm.fact.comment'), value: c.comment }] : []),
    ];
    const text = t(lang, 'confirm.line', { by: c.by.name, when: formatInstant(c.at, plan.timezone, lang), amount: confirmedAmount(benefit, c, lang) });
    return renderCard('confirmed', { title: t(lang, 'confirm.cardTitle'), text, style: 'good', facts, offerConfirm: false });
  }
  // A refused tap must not take the button away from the leader who sees the same card.
  const offerConfirm = outcome.reason === 'notAllowed' || outcome.reason === 'busy';
  return renderCard('confirmed', {
    title: t(lang, 'confirm.refusedTitle'),
    text: refusalText(outcome, planId, number, lang),
    style: 'attention',
    facts: [],
    offerConfirm,
    confirmTitle: t(lang, 'confirm.button'),
    planId,
    benefit: String(number),
    lang,
  });
}

export const confirmFromCard: CardActionHandler = async (s, action) => {
  // The card's own language, whoever clicks it: a Norwegian channel card stays Norwegian.
  const cardLang = languageIn(action.data.lang);
  const fallback = cardLang ?? DEFAULT_LANGUAGE;
  const planId = typeof action.data.planId === 'string' ? action.data.planId.trim().toLowerCase() : '';
  // Teams hands card data back as it was sent, but inputs merged into it arrive as strings.
  const raw = action.data.benefit;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(planId) || !Number.isInteger(number) || number < 1 || number > 9999) {
    return renderCard('confirmed', { title: t(fallback, 'confirm.refusedTitle'), text: t(fallback, 'confirm.badCard'), style: 'attention', facts: [], offerConfirm: false });
  }
  const comment = typeof action.data.comment === 'string' && action.data.comment.trim() !== '' ? action.data.comment : undefined;
  const outcome = await confirmBenefit(s, { actor: actorOf(action), planId, benefitNumber: number, comment });
  return outcomeCard(outcome, planId, number, cardLang ?? languageOf(outcome, fallback));
};
