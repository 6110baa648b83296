// `confirm <plan>/<n> [comment]` and the success notice's **Confirm** button (verb
// 'benefit.confirm', data { planId, benefit }). Both go through services/confirmations, so the
// same people may confirm and the same things are stored.
import { renderCard } from '../cards/build';
import { registerCardAction } from '../cards/registry';
import { formatInstant } from '../domain/dates';
import { formatHours, formatMoney, formatValue } from '../domain/numbers';
import type { Benefit, Confirmation, Language } from '../domain/types';
import { pickLanguage, t } from '../i18n';
import { confirmBenefit, type ConfirmOutcome } from '../services/confirmations';
import type { PlanRow } from '../storage';
import { registerCommand } from './registry';

/** Realised to date as people read it: NOK for cost, hours and NOK for time, the unit for quality. */
export function confirmedAmount(benefit: Pick<Benefit, 'type' | 'unit'>, c: Pick<Confirmation, 'realisedValue' | 'realisedNok' | 'realisedHours'>, lang: Language): string {
  switch (benefit.type) {
    case 'cost':
      return formatMoney(c.realisedNok ?? c.realisedValue, lang);
    case 'time':
      return `${formatHours(c.realisedHours ?? c.realisedValue, lang)} (${formatMoney(c.realisedNok ?? 0, lang)})`;
    default:
      return formatValue(c.realisedValue, benefit.unit, lang);
  }
}

function languageOf(outcome: ConfirmOutcome, fallback: Language): Language {
  return 'plan' in outcome && outcome.plan.language ? outcome.plan.language : fallback;
}

/** Why a confirmation was refused, in words that say what to do instead. */
function refusalText(outcome: Exclude<ConfirmOutcome, { ok: true }>, planId: string, number: number, lang: Language): string {
  const refText = `${planId}/${number}`;
  switch (outcome.reason) {
    case 'unknownPlan':
      return t(lang, 'report.unknownPlan', { plan: planId });
    case 'notAllowed':
      return notAllowedText(outcome.plan, lang, 'confirm');
    case 'planArchived':
      return t(lang, 'confirm.planArchived', { plan: planId });
    case 'unknownBenefit':
      return t(lang, 'confirm.unknownBenefit', { plan: planId, number });
    case 'benefitArchived':
      return t(lang, 'confirm.benefitArchived', { ref: refText });
    case 'noBaseline':
      return t(lang, 'confirm.noBaseline', { ref: refText });
    case 'commentTooLong':
      return t(lang, 'confirm.commentTooLong', { length: outcome.length, max: outcome.max });
    case 'busy':
      return t(lang, 'confirm.busy');
  }
}

/** The refusal for someone who is neither the plan leader nor an admin: names who can. */
export function notAllowedText(plan: PlanRow, lang: Language, what: 'confirm' | 'report'): string {
  if (plan.leader) return t(lang, `${what}.notAllowed`, { leader: plan.leader.name, plan: plan.id });
  return t(lang, `${what}.notAllowedNoLeader`, { plan: plan.id });
}

function doneText(outcome: Extract<ConfirmOutcome, { ok: true }>, lang: Language): string {
  const { plan, benefit, confirmation: c } = outcome;
  const main = t(lang, 'confirm.done', {
    ref: `${plan.id}/${benefit.number}`,
    title: benefit.title,
    by: c.by.name,
    when: formatInstant(c.at, plan.timezone, lang),
    amount: confirmedAmount(benefit, c, lang),
    periods: outcome.measuredPeriods,
  });
  return c.comment ? `${main}\n\n${t(lang, 'confirm.doneComment', { comment: c.comment })}` : main;
}

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
  });
}

registerCommand('confirm', async ({ s, message, command, lang }) => {
  const { plan: planId, number } = command.benefit;
  const outcome = await confirmBenefit(s, { ctx: message, planId, benefitNumber: number, comment: command.comment });
  const l = languageOf(outcome, lang);
  return [{ text: outcome.ok ? doneText(outcome, l) : refusalText(outcome, planId, number, l) }];
});

registerCardAction('benefit.confirm', async (s, action) => {
  const fallback = pickLanguage(undefined, action.locale);
  const planId = typeof action.data.planId === 'string' ? action.data.planId.trim().toLowerCase() : '';
  // Teams hands card data back as it was sent, but inputs merged into it arrive as strings.
  const raw = action.data.benefit;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(planId) || !Number.isInteger(number) || number < 1 || number > 9999) {
    return renderCard('confirmed', { title: t(fallback, 'confirm.refusedTitle'), text: t(fallback, 'confirm.badCard'), style: 'attention', facts: [], offerConfirm: false });
  }
  const comment = typeof action.data.comment === 'string' && action.data.comment.trim() !== '' ? action.data.comment : undefined;
  const outcome = await confirmBenefit(s, { ctx: action, planId, benefitNumber: number, comment });
  return outcomeCard(outcome, planId, number, languageOf(outcome, fallback));
});
