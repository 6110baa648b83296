// Owner commands: my, measure, away until <date>, back.
import { formatDate, formatInstant, localDate, parseDate } from '../domain/dates';
import { formatValue } from '../domain/numbers';
import { summarizeBenefit } from '../domain/progress';
import { valueMeasurements } from '../domain/measurements';
import { t } from '../i18n';
import { recordAnswer } from '../services/answers';
import { buildAnsweredCard } from '../cards/prompt';
import { periodLabel } from '../cards/words';
import { promptSendInstant } from '../services/schedule';
import { replaceMessage } from '../delivery/dispatch';
import { registerCommand } from './registry';
import { fitListCard } from '../cards/lists';

registerCommand('measure', async ({ s, message, command, lang }) => {
  const { plan: planId, number } = command.benefit;
  const [plan, benefit] = await Promise.all([s.storage.plans.get(message.tenantId, planId), s.storage.benefits.get(message.tenantId, planId, number)]);
  if (!plan) return [{ text: t(lang, 'owner.unknownPlan', { plan: planId }) }];
  lang = plan.language ?? lang;
  if (!benefit) return [{ text: t(lang, 'owner.unknownBenefit', { ref: `${planId}/${number}`, plan: planId }) }];
  const now = s.clock.now();
  const nowIso = now.toISOString();
  // The current period: the newest prompted period that is still open for answers.
  const rows = await s.storage.measurements.listBenefit(message.tenantId, planId, number);
  const current = rows.filter((r) => r.promptedAt && r.closesAt > nowIso).sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0];
  if (!current) {
    const next = benefit.nextPromptAt ? formatInstant(promptSendInstant(plan, benefit.nextPromptAt), plan.timezone, lang) : '—';
    return [{ text: t(lang, 'owner.noOpenPeriod', { ref: `${planId}/${number}`, next }) }];
  }
  const result = await recordAnswer(
    s,
    { tenantId: message.tenantId, from: message.from, locale: message.locale, planId, number, period: current.period, kind: 'value', valueText: command.value, comment: command.comment },
    now,
  );
  if (!result.ok) return [{ text: result.message }];
  // The prompt card in the chat now shows the answer too (best effort: the value is stored either way).
  if (current.promptActivityId && current.promptConversationId) {
    const ref = (await s.storage.conversations.getPersonal(message.tenantId, current.promptedTo ?? message.from.id))?.reference;
    if (ref) await replaceMessage(s, ref, current.promptActivityId, { card: result.card }).catch(() => false);
  }
  const key = result.previous.version > 0 ? 'owner.measureCorrected' : 'owner.measureStored';
  return [
    {
      text: t(lang, key, { value: formatValue(result.row.value!, benefit.unit, lang), title: benefit.title, period: periodLabel(current.period, lang) }),
      card: buildAnsweredCard(lang, plan, result.row.baseline ? { ...benefit, baseline: result.row.value } : benefit, result.row),
    },
  ];
});

registerCommand('my', async ({ s, message, lang }) => {
  const me = message.from.id;
  const nowIso = s.clock.now().toISOString();
  const plans = (await s.storage.plans.list(message.tenantId)).filter((p) => !p.archived);
  const items: { title: string; subtitle: string; facts: { title: string; value: string }[] }[] = [];
  for (const plan of plans) {
    const mine = (await s.storage.benefits.list(message.tenantId, plan.id)).filter(
      (b) => b.state !== 'archived' && (b.owner.id === me || b.deputy?.id === me),
    );
    for (const b of mine) {
      const rows = await s.storage.measurements.listBenefit(message.tenantId, plan.id, b.number);
      const summary = summarizeBenefit(b, valueMeasurements(rows), nowIso, plan);
      const open = rows.filter((r) => r.state === 'open' && r.promptedAt && r.closesAt > nowIso);
      const role = b.owner.id === me ? t(lang, 'owner.roleOwner') : t(lang, 'owner.roleDeputy', { owner: b.owner.name });
      const facts = [
        { title: t(lang, 'owner.fact.latest'), value: summary.latestValue !== undefined ? formatValue(summary.latestValue, b.unit, lang) : '—' },
        { title: t(lang, 'owner.fact.target'), value: `${formatValue(b.target, b.unit, lang)} (${formatDate(b.due, lang)})` },
        { title: t(lang, 'owner.fact.status'), value: t(lang, `digest.status.${summary.status}`) },
        {
          title: t(lang, 'owner.fact.open'),
          value: open.length ? open.map((r) => `${periodLabel(r.period, lang)}: \`measure ${plan.id}/${b.number} <${b.unit}>\``).join('\n') : t(lang, 'owner.noneOpen'),
        },
      ];
      items.push({ title: `${b.title} (${plan.id}/${b.number})`, subtitle: `${plan.name} · ${role}`, facts });
    }
  }
  if (items.length === 0) return [{ text: t(lang, 'owner.nothing') }];
  // Someone who owns many benefits gets the first ones that fit Teams' size limit, and a count.
  return [
    {
      card: fitListCard('myBenefits', { heading: t(lang, 'owner.myHeading', { n: items.length }) }, 'items', items, (shown, total) =>
        t(lang, 'owner.myMore', { shown, total }),
      ),
    },
  ];
});

registerCommand('away', async ({ s, message, command, lang }) => {
  const until = parseDate(command.until);
  const today = localDate(s.clock.now().toISOString(), 'Europe/Oslo');
  if (!until) return [{ text: t(lang, 'owner.badDate', { text: command.until.slice(0, 40) }) }];
  if (until < today) return [{ text: t(lang, 'owner.pastDate', { date: formatDate(until, lang) }) }];
  await s.storage.people.upsert({ tenantId: message.tenantId, id: message.from.id, name: message.from.name, aadObjectId: message.from.aadObjectId, awayUntil: until, updatedAt: s.clock.now().toISOString() });
  return [{ text: t(lang, 'owner.awaySet', { date: formatDate(until, lang) }) }];
});

registerCommand('back', async ({ s, message, lang }) => {
  const row = await s.storage.people.get(message.tenantId, message.from.id);
  if (!row?.awayUntil) return [{ text: t(lang, 'owner.notAway') }];
  const { awayUntil: _a, ...rest } = row;
  await s.storage.people.replace({ ...rest, updatedAt: s.clock.now().toISOString() });
  return [{ text: t(lang, 'owner.backSet') }];
});


