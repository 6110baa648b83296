// What an owner (or deputy) does from the chat: see their benefits, record a value for the
// period that is open now (as the prompt card would), and say they are away or back.
import { localDate, parseDate } from '../domain/dates';
import { valueMeasurements } from '../domain/measurements';
import { summarizeBenefit, type BenefitSummary } from '../domain/progress';
import { replaceMessage } from '../delivery/dispatch';
import type { BenefitRow, PeriodRow, PlanRow } from '../storage';
import type { Actor } from './actor';
import { recordAnswer, type AnswerResult } from './answers';
import type { BenefitRef } from './benefits';
import type { Services } from './context';
import { promptSendInstant } from './schedule';

export interface MyBenefit {
  plan: PlanRow;
  benefit: BenefitRow;
  summary: BenefitSummary;
  /** Prompted periods still open for an answer. */
  open: PeriodRow[];
  role: 'owner' | 'deputy';
}

/** The benefits the actor owns or deputises for, in live plans, with their open periods. */
export async function myBenefits(s: Services, actor: Actor): Promise<MyBenefit[]> {
  const me = actor.person.id;
  const nowIso = s.clock.now().toISOString();
  const plans = (await s.storage.plans.list(actor.tenantId)).filter((p) => !p.archived);
  const out: MyBenefit[] = [];
  for (const plan of plans) {
    const mine = (await s.storage.benefits.list(actor.tenantId, plan.id)).filter((b) => b.state !== 'archived' && (b.owner.id === me || b.deputy?.id === me));
    if (mine.length === 0) continue;
    const rows = await s.storage.measurements.listPlan(actor.tenantId, plan.id);
    for (const b of mine) {
      const own = rows.filter((r) => r.benefitNumber === b.number).sort((x, y) => x.periodStart.localeCompare(y.periodStart));
      out.push({
        plan,
        benefit: b,
        summary: summarizeBenefit(b, valueMeasurements(own), nowIso, plan),
        open: own.filter((r) => r.state === 'open' && r.promptedAt && r.closesAt > nowIso),
        role: b.owner.id === me ? 'owner' : 'deputy',
      });
    }
  }
  return out;
}

export type MeasureOutcome =
  | { status: 'unknownPlan' }
  | { status: 'unknownBenefit'; plan: PlanRow }
  /** Nothing is open for an answer; `next` is when the next prompt is sent, if any. */
  | { status: 'noOpenPeriod'; plan: PlanRow; benefit: BenefitRow; next?: string }
  | { status: 'answered'; plan: PlanRow; benefit: BenefitRow; period: string; result: AnswerResult };

/**
 * Records a value (and comment) for the newest prompted period that is still open, exactly as the
 * prompt card would, and replaces the prompt card in the chat with the answer (best effort: the
 * value is stored either way).
 */
export async function measureOpenPeriod(
  s: Services,
  actor: Actor,
  ref: BenefitRef,
  valueText: string,
  comment: string | undefined,
): Promise<MeasureOutcome> {
  const [plan, benefit] = await Promise.all([s.storage.plans.get(actor.tenantId, ref.plan), s.storage.benefits.get(actor.tenantId, ref.plan, ref.number)]);
  if (!plan) return { status: 'unknownPlan' };
  if (!benefit) return { status: 'unknownBenefit', plan };
  const now = s.clock.now();
  const nowIso = now.toISOString();
  const rows = await s.storage.measurements.listBenefit(actor.tenantId, ref.plan, ref.number);
  const current = rows.filter((r) => r.promptedAt && r.closesAt > nowIso).sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0];
  if (!current) {
    return { status: 'noOpenPeriod', plan, benefit, next: benefit.nextPromptAt ? promptSendInstant(plan, benefit.nextPromptAt) : undefined };
  }
  const result = await recordAnswer(
    s,
    { tenantId: actor.tenantId, from: actor.person, planId: ref.plan, number: ref.number, period: current.period, kind: 'value', valueText, comment },
    now,
  );
  if (result.ok && current.promptActivityId && current.promptConversationId) {
    const chat = (await s.storage.conversations.getPersonal(actor.tenantId, current.promptedTo ?? actor.person.id))?.reference;
    if (chat) await replaceMessage(s, chat, current.promptActivityId, { card: result.card }).catch(() => false);
  }
  return { status: 'answered', plan, benefit, period: current.period, result };
}

export type AwayOutcome = { status: 'set'; until: string } | { status: 'badDate' } | { status: 'pastDate'; until: string };

/** While away, prompts go to the deputy (or the periods are marked owner away). */
export async function setAway(s: Services, actor: Actor, untilText: string): Promise<AwayOutcome> {
  const until = parseDate(untilText);
  if (!until) return { status: 'badDate' };
  const now = s.clock.now().toISOString();
  if (until < localDate(now, 'Europe/Oslo')) return { status: 'pastDate', until };
  const p = actor.person;
  await s.storage.people.upsert({ tenantId: actor.tenantId, id: p.id, name: p.name, aadObjectId: p.aadObjectId, awayUntil: until, updatedAt: now });
  return { status: 'set', until };
}

/** Ends an absence; false when the actor was not away. */
export async function setBack(s: Services, actor: Actor): Promise<boolean> {
  const row = await s.storage.people.get(actor.tenantId, actor.person.id);
  if (!row?.awayUntil) return false;
  const { awayUntil: _a, ...rest } = row;
  await s.storage.people.replace({ ...rest, updatedAt: s.clock.now().toISOString() });
  return true;
}
