// What a submitted benefit form asks for: the inputs Teams merged into the action data (strings)
// → the use cases' BenefitInput. A `set` form sends only what the admin changed from the values it
// was opened with, so a change someone else made meanwhile to another field is not undone. The
// values themselves are validated by the use case (domain/fields), as for a typed command.
import { chosenCadence, emptyFormValues, FORM_FIELDS, type FormValues } from '../../cards/benefitForm';
import type { Problem } from '../../domain/problems';
import type { PersonRef } from '../../services/actor';
import type { BenefitInput } from '../../services/benefits';

/** More than any field may hold (the use case says what is too long), less than a card can carry. */
const MAX_INPUT = 2000;
const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, MAX_INPUT) : typeof v === 'number' ? String(v) : '');

/** The form's inputs from the action data (a missing input is empty). */
export function formValuesOf(data: Record<string, unknown>): FormValues {
  const values = emptyFormValues();
  for (const f of FORM_FIELDS) values[f] = str(data[f]).trim();
  return values;
}

/** The values a `set` form was opened with (carried in its action data), if it has them. */
export function wasValuesOf(data: Record<string, unknown>): FormValues | undefined {
  const was = data.was;
  if (!was || typeof was !== 'object' || Array.isArray(was)) return undefined;
  return formValuesOf(was as Record<string, unknown>);
}

/**
 * A people picker's value: Teams submits the AAD object id; a prefilled choice may carry the Teams
 * user id (a person whose object id the bot never learned), as may hosts like the Agents Playground.
 */
export function pickedPerson(value: string): PersonRef {
  return AAD_OBJECT_ID.test(value) ? { kind: 'aad', aadObjectId: value.toLowerCase() } : { kind: 'id', id: value };
}

type TextField = Extract<Exclude<keyof BenefitInput, 'owner' | 'deputy'>, keyof FormValues>;
const TEXT_FIELDS: readonly TextField[] = ['title', 'type', 'unit', 'baseline', 'target', 'due', 'message', 'realization'];

export function formInput(mode: 'add' | 'set', values: FormValues, was?: FormValues): { input: BenefitInput; problems: Problem[] } {
  const input: BenefitInput = {};
  const problems: Problem[] = [];
  const before = was ?? emptyFormValues();
  // `add`: every filled input. `set`: every input that differs from what the form showed.
  const asked = (now: string, then: string) => (mode === 'add' ? now !== '' : now !== then);
  for (const f of TEXT_FIELDS) {
    if (!asked(values[f], before[f])) continue;
    // An emptied baseline means "not known"; the use case says whether it can be removed.
    input[f] = f === 'baseline' && values[f] === '' ? 'unknown' : values[f];
  }
  const cadence = chosenCadence(values);
  if (asked(cadence, chosenCadence(before)) && cadence !== '') input.cadence = cadence;
  if (asked(values.owner, before.owner)) {
    if (values.owner === '') problems.push({ key: 'cmd.err.required', params: { key: 'owner' }, field: 'owner' });
    else input.owner = pickedPerson(values.owner);
  }
  if (asked(values.deputy, before.deputy)) input.deputy = values.deputy === '' ? 'none' : pickedPerson(values.deputy);
  return { input, problems };
}
