// `report <plan>`: answers with a card of signed, expiring links (Action.OpenUrl): the plan's
// dashboard, its confirmation document (PDF), the Excel report and the CSV of its measurements.
// The plan leader and admins only: the report names people and their answers.
import { renderCard } from '../cards/build';
import { formatInstant } from '../domain/dates';
import { t } from '../i18n';
import { isLeaderOrAdmin } from '../services/confirmations';
import { reportUrl, type ReportFormat } from '../services/report/links';
import { notAllowedText } from './confirm';
import type { CommandHandler } from './handler';

const LINKS: ReadonlyArray<{ format: ReportFormat; title: string }> = [
  { format: 'html', title: 'reportCard.dashboard' },
  { format: 'pdf', title: 'reportCard.pdf' },
  { format: 'xlsx', title: 'reportCard.xlsx' },
  { format: 'csv', title: 'reportCard.csv' },
];

export const report: CommandHandler<'report'> = async ({ s, actor, command, lang }) => {
  const plan = await s.storage.plans.get(actor.tenantId, command.plan);
  if (!plan) return [{ text: t(lang, 'report.unknownPlan', { plan: command.plan }) }];
  // The card is a reply to the person who asked (the router chose its language); the files behind
  // the links are in the plan's language.
  const l = lang;
  if (!(await isLeaderOrAdmin(s, plan, actor))) return [{ text: notAllowedText(plan, l, 'report') }];
  const links = LINKS.map((k) => ({ title: t(l, k.title), ...reportUrl(s, plan, k.format) }));
  const expires = formatInstant(links[0].expiresAt.toISOString(), plan.timezone, l);
  const card = renderCard('reportLinks', {
    title: t(l, 'reportCard.title', { name: plan.name }),
    text: plan.archived ? `${t(l, 'reportCard.archived')} ${t(l, 'reportCard.text')}` : t(l, 'reportCard.text'),
    expires: t(l, 'reportCard.expires', { expires }),
    links: links.map(({ title, url }) => ({ title, url })),
  });
  return [{ card, summary: t(l, 'reportCard.summary', { name: plan.name }) }];
};
