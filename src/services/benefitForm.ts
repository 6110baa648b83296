// Submitting a benefit form: exactly what `benefit add` / `benefit set` do (the same use cases and
// validation), once per form. A form card can be submitted again (a double click, Teams retrying,
// a card captured and replayed), so each form carries an id and its first submit is claimed
// before anything is stored: a later submit of the same form finds the claim and changes nothing.
// Who submits is checked every time: a form replayed by someone who is not an admin changes nothing.
import type { BenefitField } from '../domain/fields';
import type { Problem } from '../domain/problems';
import type { BenefitRow, FormClaim, PlanRow } from '../storage';
import type { Actor } from './actor';
import { isAdmin } from './admins';
import { addBenefit, loadBenefit, setBenefit, type BenefitInput } from './benefits';
import type { Services } from './context';

/** A claim older than this whose process did not finish is taken over by the next submit. */
export const FORM_CLAIM_STALE_MS = 2 * 60_000;
/** Form ids are made by the bot: 32 hex digits. */
export const FORM_ID_PATTERN = /^[0-9a-f]{32}$/;

export interface FormSubmit {
  formId: string;
  mode: 'add' | 'set';
  planId: string;
  /** The benefit a `set` form changes. */
  number?: number;
  input: BenefitInput;
  /** Problems the form itself found (a required person left empty), shown with the rest. */
  formProblems?: Problem[];
}

type Saved = { plan: PlanRow; benefit: Omit<BenefitRow, 'etag'> };
export type FormOutcome =
  | { kind: 'refused' }
  | { kind: 'busy' }
  | { kind: 'problems'; problems: Problem[] }
  | ({ kind: 'added'; again: boolean } & Saved)
  | ({ kind: 'changed'; again: boolean; changed: BenefitField[] } & Saved);

export async function submitBenefitForm(s: Services, actor: Actor, form: FormSubmit): Promise<FormOutcome> {
  if (!(await isAdmin(s, actor))) return { kind: 'refused' };
  if (form.formProblems?.length) return { kind: 'problems', problems: [...form.formProblems, ...(await dryRunProblems(s, actor, form))] };

  const now = s.clock.now();
  const claim: FormClaim = {
    tenantId: actor.tenantId,
    formId: form.formId,
    mode: form.mode,
    planId: form.planId,
    ...(form.number !== undefined ? { number: form.number } : {}),
    state: 'pending',
    claimedAt: now.toISOString(),
    by: actor.person.id,
  };
  const r = await s.storage.forms.claim(claim);
  let etag: string;
  if (r.claimed) {
    etag = r.etag;
  } else {
    const current = r.current;
    if (current.state === 'done') return savedAgain(s, actor, current);
    if (now.getTime() - Date.parse(current.claimedAt) < FORM_CLAIM_STALE_MS) return { kind: 'busy' };
    // The process that claimed it died. An `add` may have created the benefit before it did.
    const taken = await s.storage.forms.takeOver({ ...claim, mode: current.mode, planId: current.planId }, current.etag);
    if (taken === undefined) return { kind: 'busy' };
    etag = taken;
    if (current.mode === 'add') {
      const made = (await s.storage.benefits.list(actor.tenantId, current.planId)).find((b) => b.sourceId === form.formId);
      if (made) {
        await s.storage.forms.settle({ ...claim, state: 'done', number: made.number, doneAt: now.toISOString() }, etag);
        return savedAgain(s, actor, { ...claim, number: made.number });
      }
    }
  }

  const outcome = await apply(s, actor, form);
  if (outcome.kind === 'problems') {
    await s.storage.forms.release(actor.tenantId, form.formId, etag);
    return outcome;
  }
  if (outcome.kind === 'added' || outcome.kind === 'changed') {
    await s.storage.forms.settle({ ...claim, state: 'done', number: outcome.benefit.number, doneAt: s.clock.now().toISOString() }, etag);
  }
  return outcome;
}

async function apply(s: Services, actor: Actor, form: FormSubmit): Promise<FormOutcome> {
  if (form.mode === 'add') {
    const r = await addBenefit(s, actor, form.planId, form.input, { sourceId: form.formId });
    return r.ok ? { kind: 'added', again: false, ...r.value } : { kind: 'problems', problems: r.problems };
  }
  const r = await setBenefit(s, actor, { plan: form.planId, number: form.number ?? 0 }, form.input);
  return r.ok ? { kind: 'changed', again: false, ...r.value } : { kind: 'problems', problems: r.problems };
}

/** What else is wrong with a form that has problems of its own (nothing is stored). */
async function dryRunProblems(s: Services, actor: Actor, form: FormSubmit): Promise<Problem[]> {
  const r =
    form.mode === 'add'
      ? await addBenefit(s, actor, form.planId, form.input, { dryRun: true })
      : await setBenefit(s, actor, { plan: form.planId, number: form.number ?? 0 }, form.input, { dryRun: true });
  return r.ok ? [] : r.problems;
}

/** The answer to a form that was saved before: what it saved, as it is now; nothing changes. */
async function savedAgain(s: Services, actor: Actor, claim: Pick<FormClaim, 'mode' | 'planId' | 'number'>): Promise<FormOutcome> {
  const r = await loadBenefit(s, actor.tenantId, { plan: claim.planId, number: claim.number ?? 0 });
  if (!r.ok) return { kind: 'problems', problems: r.problems };
  const { plan, benefit } = r.value;
  return claim.mode === 'add' ? { kind: 'added', again: true, plan, benefit } : { kind: 'changed', again: true, changed: [], plan, benefit };
}
