// Answers to measurement prompts, from the card (Action.Execute) or the `measure` command.
// One answer per (benefit, period): a second one is a correction that keeps the first in history
// (ARCHITECTURE rule 3). Only the owner, the deputy or the person prompted may answer, only for a
// period that was prompted and is not closed. Invalid input changes nothing and says what to fix.
//
// Cost on the common path: read the period row and the benefit (together, with the plan when the
// short plan cache does not have it), then replace the period row with its etag (a batch
// transaction with the history row when it corrects an answer) — 3 storage requests, 4 when the
// plan is read. A baseline answer also merges the baseline into the benefit. An archived plan
// takes no answers, whichever instance archived it: archiving marks every benefit of the plan
// (Benefit.planArchived), and the benefit is always read fresh. The benefit keeps no "latest value" pointer: prompts read it from the answered rows
// (MeasurementRepo.latestValues).
import { messageCard } from '../cards/build';
import { localDate } from '../domain/dates';
import { parseNumber, VALUE_LIMIT } from '../domain/numbers';
import { benefitDirection, inferDirection, meetsTarget } from '../domain/progress';
import { cleanText, COMMENT_MAX } from '../domain/text';
import type { Benefit, Language, PeriodRecord, Person, Plan } from '../domain/types';
import { DEFAULT_LANGUAGE, t } from '../i18n';
import { isTransient, type BenefitRow, type LatestValue, type PeriodRow, type PlanRow } from '../storage';
import { telemetry } from '../telemetry';
import type { Services } from './context';
import { notifySuccess } from './success';
import { withEtagRetry } from './etag';
import { planLanguage } from './language';
import { buildAnsweredCard, buildPromptCard } from '../cards/prompt';
import { periodLabel } from '../cards/words';

export interface AnswerInput {
  tenantId: string;
  from: Person;
  /** The language the card says it was sent in (its data), for when its row cannot say. */
  lang?: Language;
  planId: string;
  number: number;
  period: string;
  kind: 'value' | 'skip';
  valueText?: string;
  comment?: string;
  reason?: string;
}

export type AnswerResult =
  | { ok: true; card: object; lang: Language; plan: Plan; benefit: Benefit; row: PeriodRecord; previous: PeriodRow }
  | { ok: false; card: object; lang: Language; message: string; code: 'unknown' | 'notAllowed' | 'archived' | 'closed' | 'invalid' | 'storage' };

export async function recordAnswer(s: Services, input: AnswerInput, now: Date): Promise<AnswerResult> {
  let lang = input.lang ?? DEFAULT_LANGUAGE;
  const unknown = (): AnswerResult => {
    const message = t(lang, 'answer.unknownPrompt');
    return { ok: false, code: 'unknown', lang, message, card: messageCardFor(lang, message) };
  };
  let row: PeriodRow | undefined;
  let benefit: BenefitRow | undefined;
  let plan: PlanRow | undefined;
  try {
    // The plan comes from a short cache (its title, time zone and language; a change made on
    // another instance shows within PLAN_CACHE_MS). Whether it is archived, which decides whether
    // the answer may be stored, the benefit row read here says as well, on every instance at once.
    [row, benefit, plan] = await Promise.all([
      s.storage.measurements.get(input.tenantId, input.planId, input.number, input.period),
      s.storage.benefits.get(input.tenantId, input.planId, input.number),
      s.storage.plans.getRecent(input.tenantId, input.planId),
    ]);
  } catch (e) {
    if (!isTransient(e)) throw e;
    const message = t(lang, 'error.storage');
    return { ok: false, code: 'storage', lang, message, card: messageCardFor(lang, message) };
  }
  // A prompt id that names no prompt we sent (forged, or from another tenant): nothing to answer.
  if (!row || !benefit || !plan || !row.promptedAt) return unknown();
  // The language the prompt card was sent in: one exchange, one language, whoever answers.
  lang = row.lang ?? input.lang ?? planLanguage(plan);

  const allowed = [benefit.owner.id, benefit.deputy?.id, row.promptedTo].filter(Boolean);
  if (!allowed.includes(input.from.id)) {
    const message = t(lang, 'answer.notAllowed', { owner: benefit.owner.name, deputy: benefit.deputy ? t(lang, 'answer.orDeputy', { deputy: benefit.deputy.name }) : '' });
    return { ok: false, code: 'notAllowed', lang, message, card: messageCardFor(lang, message, 'attention') };
  }
  const archived = archivedMessage(lang, plan, benefit);
  if (archived) return { ok: false, code: 'archived', lang, message: archived, card: messageCardFor(lang, archived, 'attention') };
  if (now.toISOString() >= row.closesAt) {
    const message = t(lang, 'answer.closed', { period: periodLabel(row.period, lang) });
    return { ok: false, code: 'closed', lang, message, card: buildAnsweredCard(lang, plan, benefit, row.version > 0 ? row : { ...row, state: 'open' }, { closed: true, note: message }) };
  }

  // Validate: nothing is stored unless every field is right; the card comes back with the error by the field.
  const comment = input.comment !== undefined ? cleanText(input.comment) : undefined;
  const reason = input.reason !== undefined ? cleanText(input.reason) : undefined;
  const again = async (errors: { valueError?: string; commentError?: string; reasonError?: string }): Promise<AnswerResult> => ({
    ok: false,
    code: 'invalid',
    lang,
    message: errors.valueError ?? errors.commentError ?? errors.reasonError ?? '',
    card: buildPromptCard(lang, plan!, benefit!, row!, now, {
      ...errors,
      previous: await previousValue(s, input),
      value: safePrefill(input.valueText),
      comment: input.comment?.slice(0, COMMENT_MAX) ?? '',
    }),
  });
  let value: number | undefined;
  if (input.kind === 'value') {
    const problem = valueProblem(lang, input.valueText, benefit);
    if (problem) return await again({ valueError: problem });
    value = parseNumber(String(input.valueText))!;
    if (comment !== undefined && [...comment].length > COMMENT_MAX) return await again({ commentError: t(lang, 'answer.commentTooLong', { max: COMMENT_MAX }) });
  } else {
    if (!reason) return await again({ reasonError: t(lang, 'prompt.reasonRequired') });
    if ([...reason].length > COMMENT_MAX) return await again({ reasonError: t(lang, 'answer.commentTooLong', { max: COMMENT_MAX }) });
  }

  const nowIso = now.toISOString();
  const notSaved = (e?: unknown): AnswerResult => {
    s.log.warn({ err: e, event: 'answer.notSaved', planId: plan!.id, benefit: benefit!.number }, 'answer not saved; the owner was told');
    telemetry.answer(input.tenantId, plan!.id, benefit!.number, input.kind, 'not_saved', row!.version > 0);
    return {
      ok: false,
      code: 'storage',
      lang,
      message: t(lang, 'error.storage'),
      // Storage is failing: the card comes back without the previous value rather than wait for it.
      card: buildPromptCard(lang, plan!, benefit!, row!, now, {
        banner: { text: t(lang, 'answer.notSaved'), style: 'attention' },
        value: safePrefill(input.valueText),
        comment: input.comment?.slice(0, COMMENT_MAX) ?? '',
      }),
    };
  };
  try {
    // Two answers at once: the etag decides; the later one re-reads and is applied as a correction.
    const answer: Pick<PeriodRecord, 'state' | 'value' | 'comment' | 'reason' | 'by' | 'at'> = {
      state: input.kind === 'value' ? 'answered' : 'skipped',
      value,
      comment: input.kind === 'value' ? comment || undefined : undefined,
      reason: input.kind === 'skip' ? reason : undefined,
      by: { id: input.from.id, name: input.from.name, aadObjectId: input.from.aadObjectId },
      at: nowIso,
    };
    return await withEtagRetry<AnswerResult>(async (attempt) => {
      const previous = attempt === 0 ? row! : await s.storage.measurements.get(input.tenantId, input.planId, input.number, input.period);
      if (!previous) return notSaved();
      let next: PeriodRecord;
      if (attempt > 0 && isThisAnswer(previous, answer, row!.version)) {
        // Our write landed and only its answer was lost (the client's own retry then met the
        // etag our write had changed): the stored row is this answer, not someone else's.
        next = stripEtag(previous);
      } else {
        next = { ...stripEtag(previous), ...answer, version: previous.version + 1 };
        await s.storage.measurements.answer(input.tenantId, previous, next, nowIso);
      }
      await updateBenefitAfterAnswer(s, benefit!, next, plan!, now);
      telemetry.answer(input.tenantId, plan!.id, benefit!.number, input.kind, 'saved', previous.version > 0);
      if (input.kind === 'value' && !next.baseline && value !== undefined && benefit!.baseline !== undefined) {
        if (meetsTarget(value, benefit!.target, benefitDirection(benefit!)) && benefit!.state !== 'achieved') {
          // Celebrate right away, but never let a Teams hiccup fail the answer that was stored.
          void notifySuccess(s, plan!, benefit!, next.period, value, now).catch((e) =>
            s.log.error({ err: e, event: 'notice.successFailed', planId: plan!.id, benefit: benefit!.number }, 'success notice failed'),
          );
        }
      }
      const shown = next.baseline ? { ...benefit!, baseline: value } : benefit!;
      return { ok: true, lang, plan: plan!, benefit: benefit!, row: next, previous: next === previous ? row! : previous, card: buildAnsweredCard(lang, plan!, shown, next) };
    }, () => notSaved());
  } catch (e) {
    if (isTransient(e)) return notSaved(e);
    throw e;
  }
}

/**
 * A baseline answer becomes the benefit's baseline (planned → tracking). Other answers leave the
 * benefit row alone: its previous value is read from the answered rows when a card needs it.
 */
async function updateBenefitAfterAnswer(s: Services, benefit: BenefitRow, row: PeriodRecord, plan: Plan, now: Date): Promise<void> {
  if (row.state !== 'answered' || row.value === undefined || !row.baseline) return;
  const patch: Partial<BenefitRow> = { baseline: row.value, baselineDate: localDate(now.toISOString(), plan.timezone) };
  if (benefit.state === 'planned') patch.state = 'tracking';
  if (!benefit.directionSet) patch.direction = inferDirection(row.value, benefit.target);
  // Merge without etag: the newest baseline answer wins.
  await s.storage.benefits.mergeSchedules(plan.tenantId, [{ planId: plan.id, number: benefit.number, etag: '*', patch }]);
  Object.assign(benefit, patch);
}

/** The benefit's newest answered value, for a card shown again; none when storage fails. */
async function previousValue(s: Services, input: AnswerInput): Promise<LatestValue | undefined> {
  try {
    return await s.storage.measurements.latestValue(input.tenantId, input.planId, input.number);
  } catch (e) {
    if (isTransient(e)) return undefined;
    throw e;
  }
}

/** The prompt card again for a correction, with the stored value in the input. */
export async function correctionCard(
  s: Services,
  req: { tenantId: string; from: Person; lang?: Language; planId: string; number: number; period: string },
): Promise<object> {
  const [row, benefit, plan, previous] = await Promise.all([
    s.storage.measurements.get(req.tenantId, req.planId, req.number, req.period),
    s.storage.benefits.get(req.tenantId, req.planId, req.number),
    s.storage.plans.getRecent(req.tenantId, req.planId),
    s.storage.measurements.latestValue(req.tenantId, req.planId, req.number),
  ]);
  let lang = req.lang ?? DEFAULT_LANGUAGE;
  if (!row || !benefit || !plan || !row.promptedAt) return messageCardFor(lang, t(lang, 'answer.unknownPrompt'), 'attention');
  lang = row.lang ?? req.lang ?? planLanguage(plan);
  if (![benefit.owner.id, benefit.deputy?.id, row.promptedTo].includes(req.from.id)) {
    return messageCardFor(lang, t(lang, 'answer.notAllowed', { owner: benefit.owner.name, deputy: '' }), 'attention');
  }
  const archived = archivedMessage(lang, plan, benefit);
  if (archived) return messageCardFor(lang, archived, 'attention');
  return buildPromptCard(lang, plan, benefit, row, s.clock.now(), {
    banner: { text: t(lang, 'prompt.correcting'), style: 'accent' },
    previous,
    value: row.value !== undefined ? String(row.value) : '',
    comment: row.comment ?? '',
  });
}

/**
 * Whether the stored row is exactly the answer this request wrote, one version after the row it
 * read: same person, instant, state, value and texts. Two people cannot share an instant and an
 * identity, so this is our own landed write, never a concurrent answer.
 */
function isThisAnswer(stored: PeriodRecord, answer: Pick<PeriodRecord, 'state' | 'value' | 'comment' | 'reason' | 'by' | 'at'>, readVersion: number): boolean {
  return (
    stored.version === readVersion + 1 &&
    stored.at === answer.at &&
    stored.by?.id === answer.by?.id &&
    stored.state === answer.state &&
    stored.value === answer.value &&
    (stored.comment ?? undefined) === answer.comment &&
    (stored.reason ?? undefined) === answer.reason
  );
}

/** What to tell someone who answers for an archived plan or benefit (DOMAIN.md, Lifecycle). */
function archivedMessage(lang: Language, plan: Pick<Plan, 'archived' | 'name'>, benefit: Pick<Benefit, 'state' | 'title' | 'planArchived'>): string | undefined {
  if (plan.archived || benefit.planArchived) return t(lang, 'answer.planArchived', { plan: plan.name });
  if (benefit.state === 'archived') return t(lang, 'answer.benefitArchived', { title: benefit.title });
  return undefined;
}

/** Why a typed value cannot be stored, or undefined when it can. */
export function valueProblem(lang: Language, text: string | undefined, benefit: Pick<Benefit, 'type' | 'unit'>): string | undefined {
  if (text === undefined || String(text).trim() === '') return t(lang, 'prompt.valueRequired');
  const v = parseNumber(String(text));
  if (v === undefined || !Number.isFinite(v)) return t(lang, 'answer.notANumber', { text: String(text).slice(0, 40) });
  if (Math.abs(v) >= VALUE_LIMIT) return t(lang, 'answer.tooLarge');
  const percent = /^%$|^prosent$|^percent$/i.test(benefit.unit.trim());
  if (v < 0 && (benefit.type === 'cost' || benefit.type === 'time' || percent)) return t(lang, 'answer.negative', { unit: benefit.unit });
  if (percent && v > 100) return t(lang, 'answer.percentOver');
  return undefined;
}

/** What the user typed, kept in the card when it is re-shown (bounded, and only if it is a number). */
function safePrefill(text: string | undefined): string {
  if (text === undefined) return '';
  const v = parseNumber(String(text).slice(0, 40));
  return v === undefined ? '' : String(v);
}

function stripEtag(row: PeriodRow): PeriodRecord {
  const { etag: _e, ...rest } = row;
  return rest;
}

function messageCardFor(lang: Language, message: string, style: 'default' | 'attention' = 'default'): object {
  return messageCard(t(lang, 'answer.cardTitle'), message, style);
}
