// Seeds plans and benefits straight into storage, scheduled exactly as `plan new` / `benefit add`
// schedule them, for tests of jobs that should not depend on the chat commands.
import type { Benefit, Person, Plan } from '../../src/domain/types';
import { scheduleNextPrompt, scheduleTargetCheck } from '../../src/services/schedule';
import type { BenefitRow, PlanRow } from '../../src/storage';
import { BOT, CHANNEL_ID, TEAM_ID, TENANT_ID, people, personalConversationId, type Person as TestPerson } from './activities';
import type { Harness } from './harness';

export const asPerson = (p: TestPerson): Person => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, upn: p.userPrincipalName });

export async function seedPlan(h: Harness, overrides: Partial<Plan> = {}): Promise<PlanRow> {
  const plan: Plan = {
    tenantId: TENANT_ID,
    id: 'digitalt-tilsyn',
    name: 'Digitalt tilsyn',
    channel: { conversationId: CHANNEL_ID, botId: BOT.id, teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: h.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    hourlyRate: 600,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: asPerson(people.ola),
    archived: false,
    nextBenefitNumber: 1,
    createdAt: h.clock.now().toISOString(),
    createdBy: asPerson(people.ola),
    ...overrides,
  };
  await h.services.storage.plans.create(plan);
  return (await h.services.storage.plans.get(plan.tenantId, plan.id))!;
}

export async function seedBenefit(h: Harness, plan: Plan, n: number, overrides: Partial<Benefit> = {}): Promise<BenefitRow> {
  const now = h.clock.now();
  const benefit: Benefit = {
    tenantId: plan.tenantId,
    planId: plan.id,
    number: n,
    title: `Flere besøk ${n}`,
    type: 'time',
    unit: 'timer',
    baseline: 20,
    baselineDate: now.toISOString().slice(0, 10),
    target: 30,
    due: '2027-06-30',
    direction: 'up',
    directionSet: false,
    cadence: 'mon 09:00',
    message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
    owner: asPerson(people.kari),
    state: 'tracking',
    createdAt: now.toISOString(),
    ...overrides,
  };
  if (overrides.baseline === undefined && 'baseline' in overrides) {
    delete benefit.baseline;
    delete benefit.baselineDate;
    benefit.state = 'planned';
  }
  await h.services.storage.benefits.create(benefit);
  const nextPromptAt = await scheduleNextPrompt(h.services, plan, benefit, now);
  await scheduleTargetCheck(h.services, plan, benefit);
  const row = (await h.services.storage.benefits.get(plan.tenantId, plan.id, n))!;
  await h.services.storage.benefits.update({ ...row, nextPromptAt }, row.etag);
  return (await h.services.storage.benefits.get(plan.tenantId, plan.id, n))!;
}

/** The prompt cards a person has received (their personal chat). */
export function promptCards(h: Harness, p: TestPerson): Record<string, unknown>[] {
  return h.connector.cardsTo(personalConversationId(p)).filter((c) => JSON.stringify(c).includes('measurement.submit'));
}

/** The promptId inside a prompt card. */
export function promptIdOf(card: Record<string, unknown>): string {
  const m = /"promptId":"([^"]+)"/.exec(JSON.stringify(card));
  if (!m) throw new Error('no promptId in card');
  return m[1];
}
