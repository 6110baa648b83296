// The benefit form's actions: 'benefit.form' opens a form (the button on plan new, and the buttons
// on a saved form: another benefit, or change this one), 'benefit.form.submit' saves it through
// services/benefitForm. Each returns the card that replaces the one acted on, in the language the
// card was sent in.
import { messageCard } from '../../cards/build';
import { editBenefitForm, formWithProblems, newBenefitForm } from '../../commands/benefitForm';
import { savedCard } from '../../commands/benefitSaved';
import { renderProblems } from '../../commands/errors';
import type { Language } from '../../domain/types';
import { languageIn, t } from '../../i18n';
import type { InboundAction } from '../../ports/inbound';
import { adminNames, isAdmin } from '../../services/admins';
import { FORM_ID_PATTERN, submitBenefitForm } from '../../services/benefitForm';
import type { Services } from '../../services/context';
import { personalLanguage } from '../../services/language';
import { actorOf } from '../actor';
import type { CardActionHandler } from '../cardActionHandler';
import { actorForPlan } from '../../commands/planActor';
import { formInput, formValuesOf, wasValuesOf } from './benefitFormInput';

const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

function target(data: Record<string, unknown>): { planId: string; number?: number } | undefined {
  const planId = typeof data.planId === 'string' ? data.planId.trim().toLowerCase() : '';
  if (!PLAN_ID.test(planId)) return undefined;
  const raw = data.number;
  if (raw === undefined || raw === '') return { planId };
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 9999 ? { planId, number: n } : undefined;
}

async function languageOf(s: Services, action: InboundAction): Promise<Language> {
  return languageIn(action.data.lang) ?? (await personalLanguage(s, action.tenantId, action.from.id));
}

async function refusedCard(s: Services, action: InboundAction, lang: Language): Promise<object> {
  const names = await adminNames(s, actorOf(action));
  const text = names.length > 0 ? t(lang, 'form.refused.named', { admins: names.slice(0, 10).join(', ') }) : t(lang, 'form.refused.text');
  return messageCard(t(lang, 'form.refused.title'), text, 'attention');
}

const goneCard = (lang: Language, problems: Parameters<typeof renderProblems>[1]) => messageCard(t(lang, 'form.gone.title'), renderProblems(lang, problems), 'attention');

export const openBenefitForm: CardActionHandler = async (s, action) => {
  const lang = await languageOf(s, action);
  const where = target(action.data);
  if (!where) return messageCard(t(lang, 'form.gone.title'), t(lang, 'form.badCard'), 'attention');
  const actor = actorOf(action);
  if (!(await isAdmin(s, actor))) return refusedCard(s, action, lang);
  const r = where.number === undefined ? await newBenefitForm(s, actor, where.planId, lang) : await editBenefitForm(s, actor, { plan: where.planId, number: where.number }, lang);
  return r.ok ? r.value : goneCard(lang, r.problems);
};

export const submitBenefitFormFromCard: CardActionHandler = async (s, action) => {
  const lang = await languageOf(s, action);
  const where = target(action.data);
  const formId = typeof action.data.formId === 'string' ? action.data.formId : '';
  const mode = action.data.mode === 'set' ? 'set' : action.data.mode === 'add' ? 'add' : undefined;
  if (!where || !mode || !FORM_ID_PATTERN.test(formId) || (mode === 'set') !== (where.number !== undefined)) {
    return messageCard(t(lang, 'form.gone.title'), t(lang, 'form.badCard'), 'attention');
  }
  const values = formValuesOf(action.data);
  const was = mode === 'set' ? wasValuesOf(action.data) : undefined;
  if (mode === 'set' && !was) return messageCard(t(lang, 'form.gone.title'), t(lang, 'form.badCard'), 'attention');
  const { input, problems: formProblems } = formInput(mode, values, was);
  const plan = await s.storage.plans.get(action.tenantId, where.planId);
  const actor = actorForPlan(action, plan);
  const outcome = await submitBenefitForm(s, actor, { formId, mode, planId: where.planId, number: where.number, input, formProblems });
  switch (outcome.kind) {
    case 'refused':
      return refusedCard(s, action, lang);
    case 'busy':
      return messageCard(t(lang, 'form.busy.title'), t(lang, 'form.busy.text', { plan: where.planId }), 'warning');
    case 'problems':
      // The plan or benefit is gone or archived: a form cannot fix that.
      if (outcome.problems.every((p) => p.field === undefined) && outcome.problems.some((p) => /unknownPlan|unknownBenefit|Archived/.test(p.key))) {
        return goneCard(lang, outcome.problems);
      }
      return formWithProblems(s, actor, { lang, mode, formId, planId: where.planId, number: where.number, values, was }, outcome.problems);
    default:
      return savedCard(lang, outcome);
  }
};
