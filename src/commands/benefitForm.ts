// The benefit form as the chat and the card actions show it: a new form for a plan, a prefilled one
// for a benefit, the same form again with each problem beside its field, and the card that
// replaces a saved form. Building the views lives here; the card itself is cards/benefitForm.
import { randomBytes } from 'node:crypto';
import {
  benefitFormCard,
  cadenceInputs,
  emptyFormValues,
  FORM_FIELDS,
  type BenefitFormView,
  type Choice,
  type FormField,
  type FormValues,
} from '../cards/benefitForm';
import { personText } from '../cards/words';
import type { Outcome, Problem } from '../domain/problems';
import type { Language, Person } from '../domain/types';
import { t } from '../i18n';
import type { Actor } from '../services/actor';
import { loadBenefit, type BenefitRef } from '../services/benefits';
import type { Services } from '../services/context';
import { loadChangeablePlan, planLeader } from '../services/plans';
import type { BenefitRow, PlanRow } from '../storage';
import { personalLanguage } from '../services/language';
import { renderProblems } from './errors';
import { usageOf } from './grammar';
import { problemTextIn } from './problemWords';

export const newFormId = (): string => randomBytes(16).toString('hex');

const numberText = (n: number | undefined, lang: Language) => (n === undefined ? '' : lang === 'nb' ? String(n).replace('.', ',') : String(n));
const personValue = (p: Person | undefined) => (p ? p.aadObjectId || p.id : '');

/** People offered in the pickers without searching: the admin, the leader, the current owner and deputy. */
function knownPeople(lang: Language, actor: Actor, plan: PlanRow, benefit?: Omit<BenefitRow, 'etag'>): Choice[] {
  const out: Choice[] = [];
  const add = (p: Person | undefined, title?: string) => {
    const value = personValue(p);
    if (p && value && !out.some((c) => c.value === value)) out.push({ title: title ?? personText(p), value });
  };
  add(benefit?.owner);
  add(benefit?.deputy);
  add(actor.person, actor.person.name ? t(lang, 'form.me', { name: actor.person.name }) : undefined);
  add(planLeader(plan));
  return out;
}

/** The values a benefit shows in the form (what the admin would type to get it). */
export function formValuesOfBenefit(b: Omit<BenefitRow, 'etag'>, lang: Language): FormValues {
  return {
    ...emptyFormValues(),
    title: b.title,
    type: b.type,
    unit: b.unit,
    baseline: numberText(b.baseline, lang),
    target: numberText(b.target, lang),
    due: b.due,
    owner: personValue(b.owner),
    deputy: personValue(b.deputy),
    ...cadenceInputs(b.cadence),
    message: b.message ?? '',
    realization: b.realization ?? '',
  };
}

/** A new, empty form for a plan, or why there cannot be one. */
export async function newBenefitForm(s: Services, actor: Actor, planId: string, lang: Language): Promise<Outcome<object>> {
  const loaded = await loadChangeablePlan(s, actor.tenantId, planId);
  if (!loaded.ok) return loaded;
  const plan = loaded.value;
  const values = { ...emptyFormValues(), ...cadenceInputs(undefined) };
  return { ok: true, value: benefitFormCard({ lang, mode: 'add', formId: newFormId(), planId: plan.id, planName: plan.name, values, people: knownPeople(lang, actor, plan), errors: {} }) };
}

/** A form prefilled with a benefit, or why there cannot be one. */
export async function editBenefitForm(s: Services, actor: Actor, ref: BenefitRef, lang: Language): Promise<Outcome<object>> {
  const r = await loadBenefit(s, actor.tenantId, ref);
  if (!r.ok) return r;
  const { plan, benefit } = r.value;
  if (plan.archived) return { ok: false, problems: [{ key: 'cmd.err.planArchived', params: { plan: plan.id } }] };
  if (benefit.state === 'archived') return { ok: false, problems: [{ key: 'cmd.err.benefitArchived', params: { ref: `${plan.id}/${benefit.number}` } }] };
  const values = formValuesOfBenefit(benefit, lang);
  return {
    ok: true,
    value: benefitFormCard({
      lang,
      mode: 'set',
      formId: newFormId(),
      planId: plan.id,
      planName: plan.name,
      number: benefit.number,
      values,
      was: values,
      people: knownPeople(lang, actor, plan, benefit),
      errors: {},
    }),
  };
}

/** Which input a problem is shown beside (direction and start are not in the form). */
function inputOf(field: string | undefined, values: FormValues): FormField | 'general' {
  if (field === 'cadence') return values.cadenceOther.trim() !== '' ? 'cadenceOther' : 'cadence';
  return field !== undefined && (FORM_FIELDS as readonly string[]).includes(field) ? (field as FormField) : 'general';
}

export function formErrors(lang: Language, problems: readonly Problem[], values: FormValues): BenefitFormView['errors'] {
  const errors: Partial<Record<FormField | 'general', string[]>> = {};
  for (const p of problems) {
    const input = inputOf(p.field, values);
    const text = problemTextIn(lang, p, 'form', (key) => t(lang, `cmd.key.${key}`));
    const list = (errors[input] ??= []);
    if (!list.includes(text)) list.push(text);
  }
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.join(' ')]));
}

/** The same form again, with what was typed and each problem beside its field. */
export async function formWithProblems(
  s: Services,
  actor: Actor,
  form: { lang: Language; mode: 'add' | 'set'; formId: string; planId: string; number?: number; values: FormValues; was?: FormValues },
  problems: readonly Problem[],
): Promise<object> {
  const plan = await s.storage.plans.get(actor.tenantId, form.planId);
  const benefit = plan && form.number !== undefined ? await s.storage.benefits.get(actor.tenantId, plan.id, form.number) : undefined;
  const people = plan ? knownPeople(form.lang, actor, plan, benefit) : [];
  return benefitFormCard({ ...form, planName: plan?.name ?? form.planId, people, errors: formErrors(form.lang, problems, form.values) });
}

/**
 * `benefit add <plan>` / `benefit set <plan>/<n>` without more: the form, in the admin's own
 * language (their choice, else Norwegian; never the Teams locale).
 */
export async function formReply(
  s: Services,
  actor: Actor,
  what: { plan: string } | { benefit: BenefitRef },
): Promise<{ card?: object; text?: string; summary?: string }[]> {
  const lang = await personalLanguage(s, actor.tenantId, actor.person.id);
  const r = 'plan' in what ? await newBenefitForm(s, actor, what.plan, lang) : await editBenefitForm(s, actor, what.benefit, lang);
  if (!r.ok) return [{ text: renderProblems(lang, r.problems, usageOf('plan' in what ? 'benefit.add' : 'benefit.set')) }];
  const summary = 'plan' in what ? t(lang, 'form.title.add', { plan: what.plan }) : t(lang, 'form.title.set', { ref: `${what.benefit.plan}/${what.benefit.number}` });
  return [{ card: r.value, summary }];
}
