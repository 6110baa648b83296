// `confirm <plan>/<n> [comment]`, and the words both it and the success notice's **Confirm**
// button (routes/actions/confirm.ts) answer with. Both go through services/confirmations, so the
// same people may confirm and the same things are stored.
import { confirmedAmount } from '../cards/words';
import { formatInstant } from '../domain/dates';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { confirmBenefit, type ConfirmOutcome } from '../services/confirmations';
import type { PlanRow } from '../storage';
import type { CommandHandler } from './handler';

export function languageOf(outcome: ConfirmOutcome, fallback: Language): Language {
  return 'plan' in outcome && outcome.plan.language ? outcome.plan.language : fallback;
}

/** Why a confirmation was refused, in words that say what to do instead. */
export function refusalText(outcome: Exclude<ConfirmOutcome, { ok: true }>, planId: string, number: number, lang: Language): string {
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

export const confirm: CommandHandler<'confirm'> = async ({ s, actor, command, lang }) => {
  const { plan: planId, number } = command.benefit;
  const outcome = await confirmBenefit(s, { actor, planId, benefitNumber: number, comment: command.comment });
  return [{ text: outcome.ok ? doneText(outcome, lang) : refusalText(outcome, planId, number, lang) }];
};
