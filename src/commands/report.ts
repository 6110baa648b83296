// `report <plan>`: answers with signed, expiring links to the plan's Excel report and the CSV of
// its measurements. The plan leader and admins only: the report names people and their answers.
import { formatInstant } from '../domain/dates';
import { t } from '../i18n';
import { isLeaderOrAdmin } from '../services/confirmations';
import { reportUrl } from '../services/report/links';
import { notAllowedText } from './confirm';
import type { CommandHandler } from './handler';

export const report: CommandHandler<'report'> = async ({ s, actor, command, lang }) => {
  const plan = await s.storage.plans.get(actor.tenantId, command.plan);
  if (!plan) return [{ text: t(lang, 'report.unknownPlan', { plan: command.plan }) }];
  const l = plan.language ?? lang;
  if (!(await isLeaderOrAdmin(s, plan, actor))) return [{ text: notAllowedText(plan, l, 'report') }];
  const xlsx = reportUrl(s, actor.tenantId, plan.id, 'xlsx');
  const csv = reportUrl(s, actor.tenantId, plan.id, 'csv');
  const expires = formatInstant(xlsx.expiresAt.toISOString(), plan.timezone, l);
  return [{ text: t(l, 'report.links', { name: plan.name, xlsx: xlsx.url, csv: csv.url, expires }) }];
};
