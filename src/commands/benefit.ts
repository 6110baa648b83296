// `benefit add|set|show|list|archive`: one expected gain, its indicator, owner and schedule.
import { renderCard } from '../cards/build';
import { formatHours, formatMoney, formatNumber, formatPercent, formatSigned, formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';
import { roundForUnit } from '../domain/units';
import { t } from '../i18n';
import { lastChange } from '../services/audit';
import { addBenefit, archiveBenefit, loadBenefit, setBenefit } from '../services/benefits';
import { benefitView, planBenefitViews, type BenefitView } from '../services/benefitViews';
import { benefitInputOf } from './fields';
import { formReply } from './benefitForm';
import type { OutboundMessage } from '../ports/outbound';
import { loadPlan } from '../services/plans';
import { promptSendInstant } from '../services/schedule';
import type { BenefitRow, PlanRow } from '../storage';
import { renderProblems } from './errors';
import { usageOf, type BenefitKey } from './grammar';
import type { CommandHandler } from './handler';
import { cadenceText, confirmedAmount, confirmedMark, dateText, directionText, fact, instantText, lastChangedText, periodLabel, personText, statusText, typeText, type Fact } from '../cards/words';
import { fitListCard } from '../cards/lists';

const ref = (b: Pick<BenefitRow, 'planId' | 'number'>) => `${b.planId}/${b.number}`;

function baselineText(lang: Language, b: Omit<BenefitRow, 'etag'>): string {
  if (b.baseline === undefined) return t(lang, 'cmd.baseline.unknown');
  return b.baselineDate
    ? t(lang, 'cmd.valueOn', { value: formatValue(b.baseline, b.unit, lang), date: dateText(lang, b.baselineDate) })
    : formatValue(b.baseline, b.unit, lang);
}

export function nextPromptText(lang: Language, plan: PlanRow, b: Omit<BenefitRow, 'etag'>): string {
  if (!b.nextPromptAt || b.state === 'archived' || plan.archived) return '–';
  try {
    return instantText(lang, promptSendInstant(plan, b.nextPromptAt), plan.timezone);
  } catch {
    return instantText(lang, b.nextPromptAt, plan.timezone);
  }
}

/** A benefit field as a person reads it. */
export function benefitValueText(lang: Language, plan: PlanRow, b: Omit<BenefitRow, 'etag'>, key: BenefitKey): string {
  switch (key) {
    case 'title':
      return b.title;
    case 'type':
      return typeText(lang, b.type);
    case 'unit':
      return b.unit;
    case 'baseline':
      return baselineText(lang, b);
    case 'target':
      return formatValue(b.target, b.unit, lang);
    case 'due':
      return dateText(lang, b.due);
    case 'owner':
      return personText(b.owner);
    case 'cadence':
      return cadenceText(lang, b.cadence);
    case 'direction':
      return directionText(lang, b.direction, b.directionSet, b.baseline !== undefined);
    case 'message':
      return b.message ?? '–';
    case 'realization':
      return b.realization ?? '–';
    case 'deputy':
      return personText(b.deputy);
    case 'start':
      return dateText(lang, b.start);
  }
}

function latestText(lang: Language, v: BenefitView): string {
  const latest = v.summary.latest;
  if (!latest || v.summary.latestValue === undefined) return t(lang, 'cmd.latest.none');
  return t(lang, 'cmd.latest.value', { value: formatValue(v.summary.latestValue, v.benefit.unit, lang), period: periodLabel(latest.period, lang) });
}

/** The latest periods, newest first: «uke 49 2026: 25 besøk · uke 48 2026: kunne ikke måles · …». */
function recentText(lang: Language, v: BenefitView, nowIso: string): string {
  return v.recent
    .map((r) => {
      if (r.state === 'answered' && r.value !== undefined) return `${periodLabel(r.period, lang)}: ${formatValue(r.value, v.benefit.unit, lang)}`;
      const open = r.state === 'open' || r.state === 'answered';
      const key = open ? (r.answerDueAt !== undefined && nowIso >= r.answerDueAt ? 'missed' : 'waiting') : r.state;
      return `${periodLabel(r.period, lang)}: ${t(lang, `cmd.recent.${key}`)}`;
    })
    .join(' · ');
}

/** The latest confirmation: who, when and how much; or that there is none yet. */
function confirmationText(lang: Language, plan: PlanRow, b: Omit<BenefitRow, 'etag'>): string {
  if (!b.confirmedAt || b.confirmedValue === undefined) return t(lang, 'cmd.confirmed.none');
  // Rows confirmed before the amounts were kept in NOK price time at the plan's rate now.
  const nok = b.confirmedNok ?? (b.type === 'cost' ? b.confirmedValue : b.type === 'time' ? b.confirmedValue * plan.hourlyRate : undefined);
  const amount = confirmedAmount(b, { realisedValue: b.confirmedValue, realisedNok: nok, realisedHours: b.confirmedHours ?? (b.type === 'time' ? b.confirmedValue : undefined) }, lang);
  return t(lang, 'cmd.confirmed.by', { amount, who: personText(b.confirmedBy), when: instantText(lang, b.confirmedAt, plan.timezone) });
}

function realisedText(lang: Language, v: BenefitView): string {
  const { summary, benefit } = v;
  if (benefit.baseline === undefined) return '–';
  if (benefit.type === 'cost') return formatMoney(summary.realisedNok ?? summary.realised, lang);
  if (benefit.type === 'time') return `${formatHours(summary.realisedHours ?? summary.realised, lang)} (${formatMoney(summary.realisedNok ?? 0, lang)})`;
  return formatValue(summary.realised, benefit.unit, lang);
}

const notFound = (lang: Language, problems: Parameters<typeof renderProblems>[1], command: Parameters<typeof usageOf>[0]): OutboundMessage[] => [
  { text: renderProblems(lang, problems, usageOf(command)) },
];

export const benefitAdd: CommandHandler<'benefit.add'> = async ({ s, actor, command, lang }) => {
  if ('form' in command) return formReply(s, actor, { plan: command.plan });
  const r = await addBenefit(s, actor, command.plan, benefitInputOf(command.fields, command.title));
  if (!r.ok) return notFound(lang, r.problems, 'benefit.add');
  const { plan, benefit } = r.value;
  const params = {
    ref: ref(benefit),
    title: benefit.title,
    owner: personText(benefit.owner),
    when: nextPromptText(lang, plan, benefit),
    cadence: cadenceText(lang, benefit.cadence),
    plan: plan.id,
  };
  const key = benefit.state === 'planned' ? 'cmd.benefit.add.donePlanned' : 'cmd.benefit.add.done';
  return [{ text: t(lang, key, params) }];
};

export const benefitSet: CommandHandler<'benefit.set'> = async ({ s, actor, command, lang }) => {
  if ('form' in command) return formReply(s, actor, { benefit: command.benefit });
  const r = await setBenefit(s, actor, command.benefit, benefitInputOf(command.fields));
  if (!r.ok) return notFound(lang, r.problems, 'benefit.set');
  const { plan, benefit, changed } = r.value;
  if (changed.length === 0) return [{ text: t(lang, 'cmd.benefit.set.nothing', { ref: ref(benefit) }) }];
  const lines = changed.map((k) => `- ${t(lang, `cmd.key.${k}`)}: ${benefitValueText(lang, plan, benefit, k)}`);
  if (changed.includes('cadence')) lines.push(`- ${t(lang, 'cmd.field.nextPrompt')}: ${nextPromptText(lang, plan, benefit)}`);
  if (changed.includes('owner')) lines.push(t(lang, 'cmd.benefit.set.newOwner', { owner: personText(benefit.owner) }));
  return [{ text: `${t(lang, 'cmd.benefit.set.done', { ref: ref(benefit), title: benefit.title })}\n\n${lines.join('\n')}` }];
};

export const benefitArchive: CommandHandler<'benefit.archive'> = async ({ s, actor, command, lang }) => {
  const r = await archiveBenefit(s, actor, command.benefit);
  if (!r.ok) return notFound(lang, r.problems, 'benefit.archive');
  const { benefit, already } = r.value;
  return [{ text: t(lang, already ? 'cmd.benefit.archive.already' : 'cmd.benefit.archive.done', { ref: ref(benefit), title: benefit.title }) }];
};

export const benefitShow: CommandHandler<'benefit.show'> = async ({ s, message, command, lang }) => {
  const r = await loadBenefit(s, message.tenantId, command.benefit);
  if (!r.ok) return notFound(lang, r.problems, 'benefit.show');
  const { plan, benefit } = r.value;
  const [v, changed] = await Promise.all([benefitView(s, plan, benefit), lastChange(s, message.tenantId, plan.id, ref(benefit))]);
  const val = (key: BenefitKey) => benefitValueText(lang, plan, benefit, key);
  const k = (key: string) => t(lang, `cmd.key.${key}`);
  const facts: Fact[] = [
    fact(t(lang, 'cmd.field.plan'), `${plan.name} (${plan.id})`),
    fact(k('type'), val('type')),
    fact(k('unit'), val('unit')),
    fact(k('baseline'), val('baseline')),
    fact(k('target'), t(lang, 'cmd.targetBy', { value: val('target'), date: val('due') })),
    fact(k('direction'), val('direction')),
    ...(benefit.start ? [fact(k('start'), val('start'))] : []),
    fact(k('cadence'), val('cadence')),
    fact(t(lang, 'cmd.field.nextPrompt'), nextPromptText(lang, plan, benefit)),
    fact(k('owner'), val('owner')),
    fact(k('deputy'), val('deputy')),
    fact(k('realization'), val('realization')),
  ];
  const s1 = v.summary;
  const progress: Fact[] = [
    fact(t(lang, 'cmd.field.status'), statusText(lang, benefit.state, s1.status)),
    fact(t(lang, 'cmd.field.latest'), latestText(lang, v)),
    ...(v.recent.length > 0 ? [fact(t(lang, 'cmd.field.recent'), recentText(lang, v, s.clock.now().toISOString()))] : []),
    ...(s1.change !== undefined ? [fact(t(lang, 'cmd.field.change'), formatSigned(s1.change, benefit.unit, lang))] : []),
    ...(s1.achievement !== undefined ? [fact(t(lang, 'cmd.field.achievement'), formatPercent(s1.achievement, lang))] : []),
    ...(s1.expected !== undefined ? [fact(t(lang, 'cmd.field.expected'), formatValue(roundForUnit(s1.expected, benefit.unit, benefit.baseline, benefit.target), benefit.unit, lang))] : []),
  ];
  const c = v.counts;
  const history: Fact[] = [
    fact(t(lang, 'cmd.field.periods'), t(lang, 'cmd.history.periods', {
      prompted: formatNumber(c.prompted, lang),
      answered: formatNumber(c.answered, lang),
      skipped: formatNumber(c.skipped, lang),
      away: formatNumber(c.away, lang),
      unanswered: formatNumber(c.unanswered, lang),
    })),
    fact(t(lang, 'cmd.field.realised'), realisedText(lang, v)),
    fact(t(lang, 'cmd.field.confirmed'), confirmationText(lang, plan, benefit)),
  ];
  const card = renderCard('benefitShow', {
      title: `${ref(benefit)}: ${benefit.title}`,
      message: benefit.message ?? '',
      facts,
      progressTitle: t(lang, 'cmd.benefit.show.progress'),
      progress,
      historyTitle: t(lang, 'cmd.benefit.show.history'),
      history,
    lastChanged: lastChangedText(lang, changed, plan.timezone),
  });
  return [{ card, summary: `${ref(benefit)}: ${benefit.title}` }];
};

export const benefitList: CommandHandler<'benefit.list'> = async ({ s, message, command, lang }) => {
  const plan = await loadPlan(s, message.tenantId, command.plan);
  if (!plan) return notFound(lang, [{ key: 'cmd.err.unknownPlan', params: { plan: command.plan } }], 'benefit.list');
  const views = await planBenefitViews(s, plan);
  const rows = views.map((v) => ({
    heading: `${ref(v.benefit)} · ${v.benefit.title}`,
    details: t(lang, 'cmd.benefit.list.row', {
      owner: personText(v.benefit.owner),
      latest: latestText(lang, v),
      target: t(lang, 'cmd.targetBy', { value: formatValue(v.benefit.target, v.benefit.unit, lang), date: dateText(lang, v.benefit.due) }),
      status: statusText(lang, v.benefit.state, v.summary.status) + confirmedMark(lang, v.benefit),
    }),
  }));
  const card = fitListCard(
    'benefitList',
    {
      title: t(lang, 'cmd.benefit.list.title', { name: plan.name, n: views.length }),
      empty: views.length === 0 ? t(lang, 'cmd.plan.show.noBenefits', { id: plan.id }) : '',
      hint: t(lang, 'cmd.benefit.list.hint', { id: plan.id }),
    },
    'rows',
    rows,
    (shown, total) => t(lang, 'cmd.more', { shown, total }),
  );
  return [{ card, summary: t(lang, 'cmd.benefit.list.title', { name: plan.name, n: views.length }) }];
};
