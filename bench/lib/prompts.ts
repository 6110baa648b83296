// Shared by the answer benchmarks: owners with a chat, their benefits prompted by a real run-due
// (through the fake connector), and the prompt ids read back from the cards they received.
import type { PlanRow } from '../../src/storage';
import { asMember, personalConversationId, type Person as TestPerson } from '../../test/support/activities';
import { promptIdOf } from '../../test/support/seed';
import type { ConnectorClient } from './connectorProcess';
import { Gen, benefitFields } from './inputs';
import { pool } from './report';
import { FIRST_PROMPT, numberedPerson, seedBenefits, seedConversations, seedPlan, type BenefitSpec, type World } from './world';

export interface Prompted {
  plan: PlanRow;
  owner: TestPerson;
  number: number;
  promptId: string;
  baseline: number;
  target: number;
}

/** `plans` plans × `perPlan` benefits, one distinct owner each, all prompted at FIRST_PROMPT. */
export async function promptOwners(w: World, connector: ConnectorClient, g: Gen, o: { plans: number; perPlan: number; firstOwner?: number; planPrefix: string }): Promise<Prompted[]> {
  const specs: { plan: PlanRow; spec: BenefitSpec }[] = [];
  let ownerNo = o.firstOwner ?? 1;
  for (let k = 0; k < o.plans; k++) {
    const plan = await seedPlan(w, `${o.planPrefix}-${k + 1}`);
    const list: BenefitSpec[] = [];
    for (let n = 1; n <= o.perPlan; n++) list.push({ number: n, owner: numberedPerson(ownerNo++), ...benefitFields(g, n) });
    await seedBenefits(w, plan, list);
    specs.push(...list.map((spec) => ({ plan, spec })));
  }
  const owners = specs.map((x) => x.spec.owner);
  await connector.addMembers(owners.map((p) => asMember(p)));
  await seedConversations(w, owners);
  const summary = await w.runtime.runDue(new Date(FIRST_PROMPT));
  if (summary.prompts !== specs.length) throw new Error(`expected ${specs.length} prompts, run-due sent ${summary.prompts} (${summary.failed} failed)`);
  const out: Prompted[] = new Array(specs.length);
  await pool(specs, 16, async ({ plan, spec }, i) => {
    const cards = await connector.cardsTo(personalConversationId(spec.owner));
    const card = cards.find((c) => JSON.stringify(c).includes('measurement.submit'));
    if (!card) throw new Error(`no prompt card for ${spec.owner.id}`);
    out[i] = { plan, owner: spec.owner, number: spec.number, promptId: promptIdOf(card), baseline: spec.baseline, target: spec.target };
  });
  return out;
}
