// Owner commands: my, measure, away until <date>, back.
import { buildAnsweredCard } from '../cards/prompt';
import { fitListCard } from '../cards/lists';
import { periodLabel } from '../cards/words';
import { formatDate, formatInstant } from '../domain/dates';
import { formatValue } from '../domain/numbers';
import { t } from '../i18n';
import { measureOpenPeriod, myBenefits, setAway, setBack } from '../services/owners';
import type { CommandHandler } from './handler';

export const measure: CommandHandler<'measure'> = async ({ s, actor, command, lang }) => {
  const { plan: planId, number } = command.benefit;
  const outcome = await measureOpenPeriod(s, actor, command.benefit, command.value, command.comment);
  if (outcome.status === 'unknownPlan') return [{ text: t(lang, 'owner.unknownPlan', { plan: planId }) }];
  if (outcome.status === 'unknownBenefit') return [{ text: t(lang, 'owner.unknownBenefit', { ref: `${planId}/${number}`, plan: planId }) }];
  const { plan, benefit } = outcome;
  if (outcome.status === 'noOpenPeriod') {
    const next = outcome.next ? formatInstant(outcome.next, plan.timezone, lang) : '—';
    return [{ text: t(lang, 'owner.noOpenPeriod', { ref: `${planId}/${number}`, next }) }];
  }
  const result = outcome.result;
  if (!result.ok) return [{ text: result.message }];
  // An answer to a prompt: in the language the prompt was sent in, as the card's answer would be.
  lang = result.lang;
  const key = result.previous.version > 0 ? 'owner.measureCorrected' : 'owner.measureStored';
  return [
    {
      text: t(lang, key, { value: formatValue(result.row.value!, benefit.unit, lang), title: benefit.title, period: periodLabel(outcome.period, lang) }),
      card: buildAnsweredCard(lang, plan, result.row.baseline ? { ...benefit, baseline: result.row.value } : benefit, result.row),
    },
  ];
};

export const my: CommandHandler<'my'> = async ({ s, actor, lang }) => {
  const items = (await myBenefits(s, actor)).map(({ plan, benefit: b, summary, open, role }) => ({
    title: `${b.title} (${plan.id}/${b.number})`,
    subtitle: `${plan.name} · ${role === 'owner' ? t(lang, 'owner.roleOwner') : t(lang, 'owner.roleDeputy', { owner: b.owner.name })}`,
    facts: [
      { title: t(lang, 'owner.fact.latest'), value: summary.latestValue !== undefined ? formatValue(summary.latestValue, b.unit, lang) : '—' },
      { title: t(lang, 'owner.fact.target'), value: `${formatValue(b.target, b.unit, lang)} (${formatDate(b.due, lang)})` },
      { title: t(lang, 'owner.fact.status'), value: t(lang, `digest.status.${summary.status}`) },
      {
        title: t(lang, 'owner.fact.open'),
        value: open.length ? open.map((r) => `${periodLabel(r.period, lang)}: \`measure ${plan.id}/${b.number} <${b.unit}>\``).join('\n') : t(lang, 'owner.noneOpen'),
      },
    ],
  }));
  if (items.length === 0) return [{ text: t(lang, 'owner.nothing') }];
  // Someone who owns many benefits gets the first ones that fit Teams' size limit, and a count.
  return [
    {
      card: fitListCard('myBenefits', { heading: t(lang, 'owner.myHeading', { n: items.length }) }, 'items', items, (shown, total) =>
        t(lang, 'owner.myMore', { shown, total }),
      ),
    },
  ];
};

export const away: CommandHandler<'away'> = async ({ s, actor, command, lang }) => {
  const outcome = await setAway(s, actor, command.until);
  switch (outcome.status) {
    case 'badDate':
      return [{ text: t(lang, 'owner.badDate', { text: command.until.slice(0, 40) }) }];
    case 'pastDate':
      return [{ text: t(lang, 'owner.pastDate', { date: formatDate(outcome.until, lang) }) }];
    case 'set':
      return [{ text: t(lang, 'owner.awaySet', { date: formatDate(outcome.until, lang) }) }];
  }
};

export const back: CommandHandler<'back'> = async ({ s, actor, lang }) => {
  return [{ text: t(lang, (await setBack(s, actor)) ? 'owner.backSet' : 'owner.notAway') }];
};
