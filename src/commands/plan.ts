// `plan new|list|show|set|archive`: the admin's view of a tenant's plans.
import { formatNumber, formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { planLanguage } from '../services/language';
import { lastChange } from '../services/audit';
import { planBenefitViews } from '../services/benefitViews';
import type { InboundMessage } from '../ports/inbound';
import { archivePlan, createPlan, loadPlan, planLeader, setPlan } from '../services/plans';
import type { PlanRow } from '../storage';
import { quoteBack, renderProblems } from './errors';
import { planInputOf } from './fields';
import { usageOf, type PlanKey } from './grammar';
import { tenantPortfolio } from '../services/portfolio';
import type { CommandHandler } from './handler';
import { cadenceText, confirmedMark, fact, instantText, lastChangedText, personText, portfolioText, statusText, type Fact } from '../cards/words';
import { fitListCard } from '../cards/lists';
import { planCreatedCard } from '../cards/planCreated';

const botName = (m: InboundMessage) => m.reference?.botName || 'Gevinstbot';

export function languageText(lang: Language, planLanguage: Language | undefined): string {
  return t(lang, `cmd.language.${planLanguage ?? 'auto'}`);
}

/** The plan's channel by its name (kept from `plan new`), and whether it is the one written in. */
export function channelText(lang: Language, plan: PlanRow, message: InboundMessage): string {
  const here = message.conversationKind === 'channel' && !!message.channelId && (plan.channel.channelId === message.channelId || plan.channel.conversationId === message.channelId);
  const name = plan.channel.name ?? (plan.channel.general ? t(lang, 'cmd.channel.general') : undefined);
  if (name) return here ? t(lang, 'cmd.channel.namedHere', { name }) : name;
  // Older plans, or Teams did not tell the name: "this" or "another" channel.
  if (message.conversationKind !== 'channel' || !message.channelId) return t(lang, 'cmd.channel.some');
  return t(lang, here ? 'cmd.channel.this' : 'cmd.channel.other');
}

/** A plan setting as a person reads it. */
export function planValueText(lang: Language, plan: PlanRow, key: PlanKey): string {
  switch (key) {
    case 'name':
      return plan.name;
    case 'digest':
      return cadenceText(lang, plan.digest);
    case 'timezone':
      return plan.timezone;
    case 'language':
      return languageText(lang, plan.language);
    case 'hourlyRate':
      return t(lang, 'cmd.perHour', { money: formatValue(plan.hourlyRate, 'kr', lang) });
    case 'hoursPerFte':
      return t(lang, 'cmd.hours', { n: formatNumber(plan.hoursPerFte, lang) });
    case 'tolerance':
      return t(lang, 'cmd.pp', { n: formatNumber(plan.tolerance, lang) });
    case 'leader':
      return personText(planLeader(plan));
  }
}

const planStatus = (lang: Language, plan: PlanRow) => t(lang, plan.archived ? 'cmd.plan.archived' : 'cmd.plan.active');

export const planNew: CommandHandler<'plan.new'> = async ({ s, actor, message, command, lang }) => {
  if (message.conversationKind !== 'channel' || !message.channelId) {
    return [{ text: t(lang, 'cmd.plan.new.notInChannel', { bot: botName(message), name: quoteBack(command.planName) }) }];
  }
  // The plan's digests and notices go to this serviceUrl for as long as the plan lives.
  if (!message.serviceUrlTrusted) return [{ text: t(lang, 'cmd.plan.new.untrustedServiceUrl') }];
  const channelName = await message.lookupChannelName();
  const channel = {
    conversationId: message.channelId,
    ...(typeof channelName === 'string' ? { name: channelName } : channelName?.general ? { general: true } : {}),
    botId: message.botId,
    ...(message.teamId ? { teamId: message.teamId } : {}),
    channelId: message.channelId,
    serviceUrl: message.serviceUrl,
  };
  const r = await createPlan(s, actor, command.planName, channel);
  if (!r.ok) return [{ text: renderProblems(lang, r.problems, usageOf('plan.new')) }];
  const plan = r.value;
  return [
    {
      text: t(lang, 'cmd.plan.new.done', {
        name: plan.name,
        id: plan.id,
        digest: planValueText(lang, plan, 'digest'),
        nextDigest: instantText(lang, plan.nextDigestAt, plan.timezone),
        timezone: plan.timezone,
        hourlyRate: planValueText(lang, plan, 'hourlyRate'),
        hoursPerFte: formatNumber(plan.hoursPerFte, lang),
        tolerance: formatNumber(plan.tolerance, lang),
        leader: personText(plan.leader),
        bot: botName(message),
      }),
      card: planCreatedCard(lang, plan.id),
    },
  ];
};

export const planList: CommandHandler<'plan.list'> = async ({ s, actor, message, lang }) => {
  const plans = (await s.storage.plans.list(message.tenantId)).sort((a, b) => Number(a.archived) - Number(b.archived) || a.id.localeCompare(b.id));
  if (plans.length === 0) return [{ text: t(lang, 'cmd.plan.list.empty', { bot: botName(message) }) }];
  // Plans are few (tens) per tenant: one partition query each for their benefit counts.
  const counts = await Promise.all(
    plans.map(async (p) => (await s.storage.benefits.list(p.tenantId, p.id)).filter((b) => b.state !== 'archived').length),
  );
  const rows = plans.map((p, i) => ({
    heading: p.name,
    details: t(lang, 'cmd.plan.list.row', {
      id: p.id,
      benefits: t(lang, counts[i] === 1 ? 'cmd.benefits.one' : 'cmd.benefits.many', { n: counts[i] }),
      status: planStatus(lang, p),
      channel: channelText(lang, p, message),
    }),
  }));
  const card = fitListCard(
    'planList',
    {
      title: t(lang, 'cmd.plan.list.title', { n: plans.length }),
      // The tenant's realised total this year, from each plan's cache (refreshed by its digest and report).
      portfolio: portfolioText(lang, await tenantPortfolio(s, actor.tenantId, s.clock.now(), { plans })),
      hint: t(lang, 'cmd.plan.list.hint'),
    },
    'rows',
    rows,
    (shown, total) => t(lang, 'cmd.more', { shown, total }),
  );
  return [{ card, summary: t(lang, 'cmd.plan.list.title', { n: plans.length }) }];
};

export const planShow: CommandHandler<'plan.show'> = async ({ s, message, command, lang }) => {
  const plan = await loadPlan(s, message.tenantId, command.plan);
  if (!plan) return [{ text: renderProblems(lang, [{ key: 'cmd.err.unknownPlan', params: { plan: command.plan } }], usageOf('plan.show')) }];
  const [views, changed] = await Promise.all([planBenefitViews(s, plan), lastChange(s, message.tenantId, plan.id, plan.id)]);
  const facts: Fact[] = [
    fact(t(lang, 'cmd.field.id'), plan.id),
    fact(t(lang, 'cmd.field.status'), planStatus(lang, plan)),
    fact(t(lang, 'cmd.field.channel'), channelText(lang, plan, message)),
    fact(t(lang, 'cmd.key.leader'), planValueText(lang, plan, 'leader')),
    fact(t(lang, 'cmd.key.digest'), planValueText(lang, plan, 'digest')),
    fact(t(lang, 'cmd.field.nextDigest'), instantText(lang, plan.nextDigestAt, plan.timezone)),
    fact(t(lang, 'cmd.key.timezone'), plan.timezone),
    fact(t(lang, 'cmd.key.language'), planValueText(lang, plan, 'language')),
    fact(t(lang, 'cmd.key.hourlyRate'), planValueText(lang, plan, 'hourlyRate')),
    fact(t(lang, 'cmd.key.hoursPerFte'), planValueText(lang, plan, 'hoursPerFte')),
    fact(t(lang, 'cmd.key.tolerance'), planValueText(lang, plan, 'tolerance')),
    fact(t(lang, 'cmd.field.created'), t(lang, 'cmd.byAt', { who: personText(plan.createdBy), when: instantText(lang, plan.createdAt, plan.timezone) })),
  ];
  const benefits = views.map((v) => ({
    heading: `${plan.id}/${v.benefit.number} · ${v.benefit.title}`,
    details: t(lang, 'cmd.benefit.row', { owner: personText(v.benefit.owner), status: statusText(lang, v.benefit.state, v.summary.status) + confirmedMark(lang, v.benefit) }),
  }));
  const card = fitListCard(
    'planShow',
    {
      title: t(lang, 'cmd.plan.show.title', { name: plan.name }),
      facts,
      benefitsTitle: t(lang, 'cmd.plan.show.benefits', { n: views.length }),
      noBenefits: views.length === 0 ? t(lang, 'cmd.plan.show.noBenefits', { id: plan.id }) : '',
      lastChanged: lastChangedText(lang, changed, plan.timezone),
      hint: t(lang, 'cmd.plan.show.hint', { id: plan.id }),
    },
    'benefits',
    benefits,
    (shown, total) => t(lang, 'cmd.more', { shown, total }),
  );
  return [{ card, summary: t(lang, 'cmd.plan.show.title', { name: plan.name }) }];
};

export const planSet: CommandHandler<'plan.set'> = async ({ s, actor, message, command, lang }) => {
  const r = await setPlan(s, actor, command.plan, planInputOf(command.fields));
  if (!r.ok) return [{ text: renderProblems(lang, r.problems, usageOf('plan.set')) }];
  const { plan, changed } = r.value;
  // A new language shows at once: the confirmation is written in it.
  const out: Language = changed.includes('language') && message.conversationKind === 'channel' ? planLanguage(plan) : lang;
  if (changed.length === 0) return [{ text: t(out, 'cmd.plan.set.nothing', { id: plan.id }) }];
  const lines = changed.map((k) => `- ${t(out, `cmd.key.${k}`)}: ${planValueText(out, plan, k)}`);
  if (changed.includes('digest') || changed.includes('timezone')) {
    lines.push(`- ${t(out, 'cmd.field.nextDigest')}: ${instantText(out, plan.nextDigestAt, plan.timezone)}`);
  }
  return [{ text: `${t(out, 'cmd.plan.set.done', { name: plan.name, id: plan.id })}\n\n${lines.join('\n')}` }];
};

export const planArchive: CommandHandler<'plan.archive'> = async ({ s, actor, command, lang }) => {
  const r = await archivePlan(s, actor, command.plan);
  if (!r.ok) return [{ text: renderProblems(lang, r.problems, usageOf('plan.archive')) }];
  const { plan, already } = r.value;
  return [{ text: t(lang, already ? 'cmd.plan.archive.already' : 'cmd.plan.archive.done', { name: plan.name, id: plan.id }) }];
};
