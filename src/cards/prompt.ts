// The measurement prompt: its id, its card, and the confirmation card that replaces it when answered.
// A prompt id names (plan, benefit, period) and nothing else: whoever answers is checked against the
// benefit's owner and deputy, and the period against the stored prompt, so a forged id gets nowhere.
import { formatDate, formatInstant } from '../domain/dates';
import { formatPercent, formatValue } from '../domain/numbers';
import { achievement, benefitStart, expectedValue } from '../domain/progress';
import type { Benefit, Language, LatestValue, PeriodRecord, Plan } from '../domain/types';
import { periodLabel } from './words';
import { renderCard } from './build';
import { t } from '../i18n';
import { roundForUnit } from '../domain/units';


const PROMPT_ID = /^([a-z0-9][a-z0-9-]{0,59})\/([1-9][0-9]{0,3})\/(\d{4}-(?:W\d{2}|\d{2}(?:-\d{2})?))$/;

export function promptId(planId: string, n: number, period: string): string {
  return `${planId}/${n}/${period}`;
}

export function parsePromptId(id: unknown): { planId: string; number: number; period: string } | undefined {
  if (typeof id !== 'string' || id.length > 90) return undefined;
  const m = PROMPT_ID.exec(id);
  return m ? { planId: m[1], number: Number(m[2]), period: m[3] } : undefined;
}



export interface PromptCardOptions {
  /**
   * The benefit's newest answered value, shown as "previous" (`MeasurementRepo.latestValue(s)`).
   * Only this is shown: benefit rows of older versions may still carry a stale `lastValue`.
   */
  previous?: LatestValue;
  /** Shown above the inputs: a reminder, a storage error, "correcting". */
  banner?: { text: string; style: 'warning' | 'attention' | 'accent' | 'good' };
  valueError?: string;
  commentError?: string;
  reasonError?: string;
  /** Prefill of the inputs (what the user typed, or the value being corrected). */
  value?: string;
  comment?: string;
}

export function buildPromptCard(lang: Language, plan: Plan, benefit: Benefit, row: Pick<PeriodRecord, 'period' | 'baseline'>, now: Date, options: PromptCardOptions = {}): object {
  const unit = benefit.unit;
  const facts: { title: string; value: string }[] = [];
  const asksBaseline = row.baseline || benefit.baseline === undefined;
  facts.push({ title: t(lang, 'prompt.fact.indicator'), value: unit });
  if (benefit.baseline !== undefined) {
    facts.push({
      title: t(lang, 'prompt.fact.baseline'),
      value: benefit.baselineDate ? `${formatValue(benefit.baseline, unit, lang)} (${formatDate(benefit.baselineDate, lang)})` : formatValue(benefit.baseline, unit, lang),
    });
  }
  facts.push({ title: t(lang, 'prompt.fact.target'), value: t(lang, 'prompt.targetBy', { target: formatValue(benefit.target, unit, lang), due: formatDate(benefit.due, lang) }) });
  if (options.previous) {
    facts.push({ title: t(lang, 'prompt.fact.previous'), value: `${formatValue(options.previous.value, unit, lang)} (${periodLabel(options.previous.period, lang)})` });
  }
  if (benefit.baseline !== undefined && !asksBaseline) {
    const expected = expectedValue(benefit.baseline, benefit.target, benefitStart(benefit), benefit.due, now.toISOString());
    facts.push({ title: t(lang, 'prompt.fact.expected'), value: formatValue(roundForUnit(expected, unit, benefit.baseline, benefit.target), unit, lang) });
  }
  return renderCard('prompt', {
    lang,
    kicker: `${plan.name} · ${periodLabel(row.period, lang)}`,
    title: benefit.title,
    banner: options.banner?.text ?? '',
    bannerStyle: options.banner?.style ?? 'default',
    message: benefit.message ?? '',
    facts,
    question: asksBaseline
      ? t(lang, 'prompt.questionBaseline', { unit })
      : t(lang, 'prompt.question', { unit, period: periodLabel(row.period, lang) }),
    valueLabel: t(lang, 'prompt.valueLabel', { unit }),
    valuePlaceholder: t(lang, 'prompt.valuePlaceholder'),
    valueRequired: t(lang, 'prompt.valueRequired'),
    valueError: options.valueError ?? '',
    value: options.value ?? '',
    commentLabel: t(lang, 'prompt.commentLabel'),
    commentPlaceholder: t(lang, 'prompt.commentPlaceholder'),
    comment: options.comment ?? '',
    commentError: options.commentError ?? '',
    submitTitle: t(lang, 'prompt.submit'),
    skipTitle: t(lang, 'prompt.skip'),
    reasonLabel: t(lang, 'prompt.reasonLabel'),
    reasonPlaceholder: t(lang, 'prompt.reasonPlaceholder'),
    reasonRequired: t(lang, 'prompt.reasonRequired'),
    reasonError: options.reasonError ?? '',
    skipSubmitTitle: t(lang, 'prompt.skipSubmit'),
    promptId: promptId(plan.id, benefit.number, row.period),
  });
}

/** The card that replaces an answered prompt: what was stored, the achievement, and Correct. */
export function buildAnsweredCard(
  lang: Language,
  plan: Plan,
  benefit: Benefit,
  row: PeriodRecord,
  options: { closed?: boolean; note?: string } = {},
): object {
  const unit = benefit.unit;
  const facts: { title: string; value: string }[] = [];
  let headline: string;
  if (row.state === 'skipped') {
    headline = t(lang, 'answered.skipped', { period: periodLabel(row.period, lang) });
    if (row.reason) facts.push({ title: t(lang, 'answered.reason'), value: row.reason });
  } else {
    if (row.value === undefined) {
      // A period that closed unanswered: say so, never a value nobody gave.
      headline = t(lang, 'answered.none', { period: periodLabel(row.period, lang) });
    } else {
      headline = row.baseline
        ? t(lang, 'answered.baseline', { value: formatValue(row.value, unit, lang) })
        : t(lang, 'answered.value', { value: formatValue(row.value, unit, lang), period: periodLabel(row.period, lang) });
      const a = !row.baseline && benefit.baseline !== undefined ? achievement(row.value, benefit.baseline, benefit.target) : undefined;
      if (a !== undefined) facts.push({ title: t(lang, 'answered.achievement'), value: formatPercent(a, lang) });
    }
    facts.push({ title: t(lang, 'prompt.fact.target'), value: t(lang, 'prompt.targetBy', { target: formatValue(benefit.target, unit, lang), due: formatDate(benefit.due, lang) }) });
    if (row.comment) facts.push({ title: t(lang, 'answered.comment'), value: row.comment });
  }
  if (row.at && row.by) facts.push({ title: t(lang, 'answered.by'), value: `${row.by.name}, ${formatInstant(row.at, plan.timezone, lang)}` });
  if (row.version > 1) facts.push({ title: t(lang, 'answered.corrected'), value: t(lang, row.version === 2 ? 'answered.versions.one' : 'answered.versions.many', { n: row.version - 1 }) });
  return renderCard('answered', {
    lang,
    kicker: `${plan.name} · ${periodLabel(row.period, lang)}`,
    title: benefit.title,
    headline,
    facts,
    note: options.note ?? '',
    correctTitle: options.closed ? '' : t(lang, 'answered.correct'),
    promptId: promptId(plan.id, benefit.number, row.period),
  });
}

