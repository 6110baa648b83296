// A whole Gevinstbot for benchmarks: the same wiring as production (startRuntime), its own
// in-memory Azurite, a manual clock, and a Bot Connector stand-in at `serviceUrl` (the fake
// connector in this process, or in a child process for the footprint benchmark).
//
// Seeding is fast but faithful: plans and benefits are the rows `plan new` / `benefit add` write
// (as test/support/seed.ts), and the due items come from the product's own scheduling functions
// (scheduleNextPrompt, scheduleTargetCheck) — only the writes are batched.
import pino from 'pino';
import { localTestConfig } from '../../test/support/harness';
import type { Benefit, Person, Plan } from '../../src/domain/types';
import { startRuntime, type Runtime } from '../../src/runtime';
import { ManualClock } from '../../src/clock';
import type { Services } from '../../src/services/context';
import { scheduleNextPrompt, scheduleTargetCheck } from '../../src/services/schedule';
import { startAzurite, type BenefitRow, type DueItem, type EmbeddedAzurite, type PlanRow } from '../../src/storage';
import { BOT, CHANNEL_ID, TEAM_ID, TENANT_ID, numberedPerson, personalConversationId, type Person as TestPerson } from '../../test/support/activities';
import { pool } from './report';

export { TENANT_ID, numberedPerson };

/** Monday 30 November 2026, 08:00 Oslo: benefits are configured, the first prompt is at 09:00. */
export const SEED_NOW = '2026-11-30T07:00:00.000Z';
/** Monday 09:00 Oslo: every benefit seeded with cadence `mon 09:00` is due. */
export const FIRST_PROMPT = '2026-11-30T08:00:00.000Z';

export interface World {
  runtime: Runtime;
  services: Services;
  clock: ManualClock;
  serviceUrl: string;
  url: string;
  counter: { count: number; byMethod: Record<string, number> };
  resetCounter(): void;
  close(): Promise<void>;
}

export async function startBenchAzurite(): Promise<EmbeddedAzurite> {
  return startAzurite();
}

let worlds = 0;

export async function startWorld(o: { azurite: EmbeddedAzurite; serviceUrl: string; env?: Record<string, string>; now?: string; noServer?: boolean; tablePrefix?: string }): Promise<World> {
  const config = localTestConfig(o.azurite.connectionString, o.env);
  const clock = new ManualClock(new Date(o.now ?? SEED_NOW));
  const runtime = await startRuntime(config, { clock, tablePrefix: o.tablePrefix ?? `b${process.pid}w${++worlds}`, log: pino({ level: config.logLevel }), noServer: o.noServer });
  const store = runtime.services.storage.store;
  return {
    runtime,
    services: runtime.services,
    clock,
    serviceUrl: o.serviceUrl,
    url: runtime.url ?? '',
    counter: store.counter,
    resetCounter: () => store.resetCounter(),
    close: () => runtime.close(),
  };
}

export const asPerson = (p: TestPerson): Person => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, upn: p.userPrincipalName });

/** A plan as `plan new` stores it (test/support/seed.ts seedPlan), posting to the fake team. */
export async function seedPlan(w: World, id: string, overrides: Partial<Plan> = {}): Promise<PlanRow> {
  const leader = asPerson(numberedPerson(0));
  const plan: Plan = {
    tenantId: TENANT_ID,
    id,
    name: `Plan ${id}`,
    channel: { conversationId: CHANNEL_ID, botId: BOT.id, teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: w.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    hourlyRate: 600,
    hoursPerFte: 1695,
    tolerance: 10,
    leader,
    archived: false,
    nextBenefitNumber: 1,
    createdAt: w.clock.now().toISOString(),
    createdBy: leader,
    ...overrides,
  };
  await w.services.storage.plans.create(plan);
  return (await w.services.storage.plans.get(plan.tenantId, plan.id))!;
}

export interface BenefitSpec {
  number: number;
  owner: TestPerson;
  title: string;
  type: Benefit['type'];
  unit: string;
  baseline: number;
  target: number;
  cadence?: string;
  /** Target date (default 2027-06-30). */
  due?: string;
}

/**
 * Configures many benefits of one plan as `benefit add` would: the benefit row with its
 * nextPromptAt, the prompt and target-check due items computed by the product's scheduling
 * functions. Writes go in entity-group batches (100 per request).
 */
const scheduleCache = new Map<string, { nextPromptAt: string; item: DueItem }>();

export async function seedBenefits(w: World, plan: Plan, specs: BenefitSpec[]): Promise<void> {
  const now = w.clock.now();
  const due: DueItem[] = [];
  // The product's scheduling code, with the due writes collected instead of sent one by one.
  const recording = { ...w.services, storage: { ...w.services.storage, due: { schedule: async (item: DueItem) => void due.push(item) } } } as unknown as Services;
  const rows: Omit<BenefitRow, 'etag'>[] = [];
  for (const spec of specs) {
    const benefit: Benefit = {
      tenantId: plan.tenantId,
      planId: plan.id,
      number: spec.number,
      title: spec.title,
      type: spec.type,
      unit: spec.unit,
      baseline: spec.baseline,
      baselineDate: now.toISOString().slice(0, 10),
      target: spec.target,
      due: spec.due ?? '2027-06-30',
      direction: 'up',
      directionSet: false,
      cadence: spec.cadence ?? 'mon 09:00',
      message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
      owner: asPerson(spec.owner),
      state: 'tracking',
      createdAt: now.toISOString(),
    };
    // Within a plan the schedule depends only on the cadence, the creation instant (now, for all
    // of them) and the target date: the product computes it once per distinct input, and the
    // items it scheduled are reused, with this benefit's number, for the others (10 000 benefits
    // are seeded in seconds rather than minutes).
    const promptKey = `${plan.id}|${now.toISOString()}|${benefit.cadence}`;
    let prompt = scheduleCache.get(promptKey);
    if (!prompt) {
      const at = await scheduleNextPrompt(recording, plan, benefit, now);
      scheduleCache.set(promptKey, (prompt = { nextPromptAt: at, item: due.pop()! }));
    }
    const checkKey = `${plan.id}|${benefit.due}`;
    let check = scheduleCache.get(checkKey);
    if (!check) {
      await scheduleTargetCheck(recording, plan, benefit);
      scheduleCache.set(checkKey, (check = { nextPromptAt: '', item: due.pop()! }));
    }
    for (const { item } of [prompt, check]) due.push({ ...item, tenantId: plan.tenantId, planId: plan.id, benefitNumber: benefit.number });
    const nextPromptAt = prompt.nextPromptAt;
    rows.push({ ...benefit, nextPromptAt });
  }
  await w.services.storage.benefits.createMany(rows);
  await w.services.storage.due.scheduleMany(due);
}

/**
 * Gives each person a stored personal chat, as the bot keeps one after they installed the app or
 * wrote to it (the reference the turn handler builds from their message).
 */
export async function seedConversations(w: World, persons: TestPerson[], tenantId = TENANT_ID): Promise<void> {
  const at = w.clock.now().toISOString();
  await pool(persons, 32, async (p) => {
    await w.services.storage.conversations.savePersonal(
      p.id,
      {
        serviceUrl: w.serviceUrl,
        conversationId: personalConversationId(p),
        conversationType: 'personal',
        tenantId,
        botId: BOT.id,
        botName: BOT.name,
        userId: p.id,
        userName: p.name,
      },
      at,
    );
  });
}
