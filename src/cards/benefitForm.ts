// The benefit form: one card for `benefit add <plan>` (empty) and `benefit set <plan>/<n>`
// (prefilled), with each problem shown beside its field. Owner and deputy are Teams people
// pickers (Input.ChoiceSet + Data.Query over the members of the current team or chat): Teams
// submits the chosen person's AAD object id. Pure presentation: the view comes in ready to show.
import { canonicalCadence, cadenceText } from './words';
import type { BenefitType, Language } from '../domain/types';
import { t } from '../i18n';
import { renderCard } from './build';

/** The inputs of the form, by their ids in the card (what Teams merges into the action data). */
export const FORM_FIELDS = [
  'title',
  'type',
  'unit',
  'baseline',
  'target',
  'due',
  'owner',
  'deputy',
  'cadence',
  'cadenceOther',
  'message',
  'realization',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;

export interface Choice {
  title: string;
  value: string;
}

/** The cadences most benefits use, offered as choices (stored text); anything else is typed. */
export const COMMON_CADENCES = ['mon 09:00', 'fri 14:00', 'every 2 weeks mon 09:00', 'monthly 1 09:00', 'daily 08:00'] as const;
export const OTHER_CADENCE = 'other';
const TYPES: readonly BenefitType[] = ['cost', 'time', 'quality'];

export interface BenefitFormView {
  lang: Language;
  mode: 'add' | 'set';
  formId: string;
  planId: string;
  planName: string;
  number?: number;
  values: FormValues;
  /** People offered without searching (the admin, the plan leader, the current owner and deputy). */
  people: Choice[];
  /** What is wrong, in words, by input; `general` for what is not about one input. */
  errors: Partial<Record<FormField | 'general', string>>;
  /** The values the form was opened with (`set`): only what differs from them is changed. */
  was?: FormValues;
}

export const emptyFormValues = (): FormValues => Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as FormValues;

/** A stored cadence as the two cadence inputs show it: a common choice, or "other" and the text. */
export function cadenceInputs(stored: string | undefined): Pick<FormValues, 'cadence' | 'cadenceOther'> {
  if (!stored) return { cadence: COMMON_CADENCES[0], cadenceOther: '' };
  const canonical = canonicalCadence(stored);
  return (COMMON_CADENCES as readonly string[]).includes(canonical) ? { cadence: canonical, cadenceOther: '' } : { cadence: OTHER_CADENCE, cadenceOther: stored };
}

/** The cadence the two inputs ask for: the typed one wins over the choice; '' for the default. */
export function chosenCadence(v: Pick<FormValues, 'cadence' | 'cadenceOther'>): string {
  if (v.cadenceOther.trim() !== '') return v.cadenceOther.trim();
  return v.cadence === OTHER_CADENCE ? '' : v.cadence.trim();
}

export function benefitFormCard(view: BenefitFormView): object {
  const { lang } = view;
  const submit = t(lang, `form.submit.${view.mode}`);
  const field = (name: FormField, choices?: Choice[]) => ({
    label: t(lang, `form.label.${name}`),
    hint: t(lang, `form.hint.${name}`),
    value: view.values[name],
    error: view.errors[name] ?? '',
    required: t(lang, 'form.required'),
    ...(choices ? { choices } : {}),
  });
  const people = (value: string) => {
    // The chosen person must be among the choices for Teams to show their name.
    const known = view.people.some((p) => p.value === value);
    return known || value === '' ? view.people : [...view.people, { title: value, value }];
  };
  const general = view.errors.general ? `\n\n${view.errors.general}` : '';
  const anyError = Object.values(view.errors).some((e) => e);
  return renderCard('benefitForm', {
    title: view.mode === 'add' ? t(lang, 'form.title.add', { plan: view.planName }) : t(lang, 'form.title.set', { ref: `${view.planId}/${view.number}` }),
    intro: t(lang, `form.intro.${view.mode}`, { submit }),
    problems: anyError ? `${t(lang, 'form.problems', { submit })}${general}` : '',
    f: {
      title: field('title'),
      type: field('type', TYPES.map((type) => ({ title: t(lang, `form.type.${type}`), value: type }))),
      unit: field('unit'),
      baseline: field('baseline'),
      target: field('target'),
      due: field('due'),
      owner: field('owner', people(view.values.owner)),
      deputy: field('deputy', people(view.values.deputy)),
      cadence: field('cadence', [
        ...COMMON_CADENCES.map((c) => ({ title: capitalise(cadenceText(lang, c)), value: c })),
        { title: t(lang, 'form.cadence.other'), value: OTHER_CADENCE },
      ]),
      cadenceOther: field('cadenceOther'),
      message: field('message'),
      realization: field('realization'),
    },
    submitTitle: submit,
    action: {
      formId: view.formId,
      lang,
      mode: view.mode,
      planId: view.planId,
      ...(view.number !== undefined ? { number: String(view.number) } : {}),
      ...(view.was ? { was: view.was } : {}),
    },
  });
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
