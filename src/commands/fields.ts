// The parser's key=value values → the use cases' input: text stays text (the use case validates
// it, domain/fields), a mention or a UPN becomes a person reference, `deputy=none` a removal.
import type { PersonRef } from '../services/actor';
import type { BenefitInput } from '../services/benefits';
import type { PlanInput } from '../services/plans';
import type { BenefitFields, PersonValue, PlanFields } from './command';

export function personRefOf(value: PersonValue): PersonRef {
  return value.kind === 'mention' ? { kind: 'id', id: value.id, name: value.name } : { kind: 'upn', upn: value.upn };
}

export function planInputOf(fields: PlanFields): PlanInput {
  const input: PlanInput = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!value) continue;
    if (key === 'leader') input.leader = personRefOf(value as PersonValue);
    else if (value.kind === 'text') input[key as Exclude<keyof PlanInput, 'leader'>] = value.text;
  }
  return input;
}

export function benefitInputOf(fields: BenefitFields, title?: string): BenefitInput {
  const input: BenefitInput = title === undefined ? {} : { title };
  for (const [key, value] of Object.entries(fields)) {
    if (!value) continue;
    if (key === 'owner' || key === 'deputy') {
      if (value.kind === 'none') input.deputy = 'none';
      else if (value.kind !== 'text') input[key] = personRefOf(value);
    } else if (value.kind === 'text') {
      input[key as Exclude<keyof BenefitInput, 'owner' | 'deputy'>] = value.text;
    }
  }
  return input;
}
