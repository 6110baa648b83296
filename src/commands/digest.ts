// `digest <plan>`: an admin posts the plan's digest to its channel now (no weekly dedupe: asking
// again posts again).
import { t } from '../i18n';
import { isAdmin } from '../services/admins';
import { buildDigest, postDigest } from '../services/digest';
import type { CommandHandler } from './handler';

export const digest: CommandHandler<'digest'> = async ({ s, actor, command, lang }) => {
  if (!(await isAdmin(s, actor))) return [{ text: t(lang, 'digest.notAdmin') }];
  // The whole partition, not a point read: the digest needs every plan for the portfolio line,
  // and a typed id that is not a valid key simply matches nothing.
  const plans = await s.storage.plans.list(actor.tenantId);
  const plan = plans.find((p) => p.id === command.plan.toLowerCase());
  if (!plan) return [{ text: t(lang, 'digest.notFound', { plan: command.plan }) }];
  if (plan.archived) return [{ text: t(lang, 'digest.archived', { plan: plan.id }) }];
  const built = await buildDigest(s, plans, plan, s.clock.now());
  const outcome = await postDigest(s, built);
  if (!outcome.ok) return [{ text: t(lang, 'digest.failed') }];
  return [{ text: t(lang, 'digest.posted', { plan: plan.name }) }];
};
