// Whether a due item still stands for work. An item is a pointer, not the truth (storage/dueRepo):
// the plan and benefit rows say what is scheduled (the benefit's nextPromptAt, the plan's
// nextDigestAt, the benefit's target date), and a prompted period's row says whether a reminder
// or a period end still has anything to do. Rescheduling leaves the old item behind; it is stale.
// The due handlers (jobs/prompts, jobs/digests, jobs/reminders, jobs/periodEnd, ./missedTarget)
// drop stale items by these rules,
// and the operator's view of what is scheduled (jobs/upcoming.ts) leaves them out by the same.
import { answerDueOf } from '../domain/types';
import type { BenefitRow, DueItem, PeriodRow, PlanRow } from '../storage';
import { promptSendInstant } from './schedule';

const livePlan = (plan: PlanRow | undefined): plan is PlanRow => !!plan && !plan.archived;
const liveBenefit = (benefit: BenefitRow | undefined): benefit is BenefitRow => !!benefit && benefit.state !== 'archived';

/** A prompt item is current when its benefit's next prompt is sent at the item's instant. */
export function promptItemCurrent(
  plan: PlanRow | undefined,
  benefit: BenefitRow | undefined,
  item: DueItem,
  // A run over a plan's benefits passes its memo of the same computation (most share their next prompt).
  sendInstant: (occurrence: string) => string = (o) => promptSendInstant(plan!, o),
): benefit is BenefitRow & { nextPromptAt: string } {
  return livePlan(plan) && liveBenefit(benefit) && !!benefit.nextPromptAt && sendInstant(benefit.nextPromptAt) === item.at;
}

/** A digest item is current when it is the plan's next digest (a plan row without one takes it). */
export function digestItemCurrent(plan: PlanRow | undefined, item: DueItem): boolean {
  return livePlan(plan) && (plan.nextDigestAt === undefined || plan.nextDigestAt === item.at);
}

/** A target check is current for a benefit still short of its target, for its target date. */
export function targetCheckItemCurrent(plan: PlanRow | undefined, benefit: BenefitRow | undefined, item: DueItem): boolean {
  return livePlan(plan) && liveBenefit(benefit) && benefit.state !== 'achieved' && item.period === benefit.due;
}

/** A reminder is current while its prompt was delivered and is unanswered, and its answer is not yet due at `atIso`. */
export function reminderItemCurrent(plan: PlanRow | undefined, benefit: BenefitRow | undefined, row: PeriodRow | undefined, atIso: string): boolean {
  return livePlan(plan) && liveBenefit(benefit) && !!row && row.state === 'open' && !!row.promptActivityId && atIso < answerDueOf(row);
}

/** A period end has work (a missed period, maybe an escalation) while its period is unanswered. */
export function periodEndItemCurrent(plan: PlanRow | undefined, benefit: BenefitRow | undefined, row: PeriodRow | undefined): boolean {
  return livePlan(plan) && liveBenefit(benefit) && !!row && row.state === 'open';
}
