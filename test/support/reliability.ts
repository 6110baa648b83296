// Shared fixtures of the reliability tests (reliability.*.test.ts) and the soak runs (soak/):
// a bot on a storage account of the test's choosing (its own Azurite, so it can be stopped, or
// the unprefixed tables a CLI child process uses), bulk seeding of hundreds of benefits in a
// few batch requests, and a pino logger whose output the test can read.
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { localTestConfig } from './harness';
import { createLogger } from '../../src/log';
import type { Benefit, Plan } from '../../src/domain/types';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime';
import { ManualClock } from '../../src/clock';
import type { Services } from '../../src/services/context';
import { nextPromptOccurrence, promptSendInstant, scheduleNextDigest, scheduleTargetCheck } from '../../src/services/schedule';
import type { DueItem } from '../../src/storage';
import { toEntity } from '../../src/storage/codec';
import { benefitKey, planPartition } from '../../src/storage/keys';
import { BOT, CHANNEL_ID, TEAM_ID, TENANT_ID, cardAction, people, postActivity, type Person } from './activities';
import { asPerson } from './seed';

export interface Bot {
  runtime: Runtime;
  services: Services;
  clock: ManualClock;
  url: string;
  /** An Action.Execute invoke from `from`; the card of the invoke response. */
  act(from: Person, verb: string, data: Record<string, string>): Promise<{ status: number; card?: Record<string, unknown>; body: unknown }>;
  close(): Promise<void>;
}

export interface BotOptions {
  connectionString: string;
  serviceUrl: string;
  now: string;
  env?: Record<string, string>;
  tablePrefix?: string;
  log?: Logger;
  noServer?: boolean;
  authOverrides?: RuntimeOptions['authOverrides'];
  instanceId?: string;
}

/** A whole Gevinstbot (HTTP server included unless noServer) on the given storage, with a manual clock. */
export async function startBot(o: BotOptions): Promise<Bot> {
  const config = localTestConfig(o.connectionString, { ADMINS: people.ola.aadObjectId, ...o.env });
  const clock = new ManualClock(new Date(o.now));
  const runtime = await startRuntime(config, {
    clock,
    tablePrefix: o.tablePrefix,
    log: o.log ?? pino({ level: config.logLevel }),
    noServer: o.noServer,
    authOverrides: o.authOverrides,
    instanceId: o.instanceId,
  });
  const url = runtime.url ?? '';
  return {
    runtime,
    services: runtime.services,
    clock,
    url,
    async act(from, verb, data) {
      const r = await postActivity(url, cardAction({ from, verb, data, serviceUrl: o.serviceUrl }));
      const body = r.body as { value?: Record<string, unknown> } | undefined;
      return { status: r.status, card: body?.value, body: r.body };
    },
    close: () => runtime.close(),
  };
}

export interface SeedManyOptions {
  planId?: string;
  serviceUrl: string;
  count: number;
  /** Owner of benefit n (1-based). */
  owner: (n: number) => Person;
  cadence?: string;
  digest?: string;
  now: string;
  benefit?: (n: number) => Partial<Benefit>;
  plan?: Partial<Plan>;
  /** Also schedule the plan's weekly digest (as `plan new` does). */
  digestScheduled?: boolean;
  /** Also schedule each benefit's check for a missed target (as `benefit add` does). */
  targetChecks?: boolean;
}

/**
 * A plan with `count` benefits, scheduled exactly as `benefit add` schedules them (nextPromptAt on
 * the row, a prompt item in the due table), written in batch transactions: 500 benefits in about
 * a dozen requests instead of thousands.
 */
export async function seedMany(s: Services, o: SeedManyOptions): Promise<Plan> {
  const planId = o.planId ?? 'last';
  const plan: Plan = {
    tenantId: TENANT_ID,
    id: planId,
    name: `Plan ${planId}`,
    channel: { conversationId: CHANNEL_ID, botId: BOT.id, teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: o.serviceUrl },
    digest: o.digest ?? 'fri 14:00',
    timezone: 'Europe/Oslo',
    hourlyRate: 600,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: asPerson(people.ola),
    archived: false,
    nextBenefitNumber: o.count + 1,
    createdAt: o.now,
    createdBy: asPerson(people.ola),
    ...o.plan,
  };
  await s.storage.plans.create(plan);
  const benefits: (Benefit & { nextPromptAt: string })[] = [];
  const due: DueItem[] = [];
  for (let n = 1; n <= o.count; n++) {
    const b: Benefit = {
      tenantId: plan.tenantId,
      planId,
      number: n,
      title: `Gevinst ${n}`,
      type: 'time',
      unit: 'timer',
      baseline: 20,
      baselineDate: o.now.slice(0, 10),
      target: 30,
      due: '2027-12-31',
      direction: 'up',
      directionSet: false,
      cadence: o.cadence ?? 'mon 09:00',
      owner: asPerson(o.owner(n)),
      state: 'tracking',
      createdAt: o.now,
      ...o.benefit?.(n),
    };
    const nextPromptAt = nextPromptOccurrence(plan, b, o.now);
    benefits.push({ ...b, nextPromptAt });
    due.push({ at: promptSendInstant(plan, nextPromptAt), tenantId: plan.tenantId, planId, benefitNumber: n, kind: 'prompt' });
  }
  const table = s.storage.store.table('benefits');
  for (let i = 0; i < benefits.length; i += 100) {
    await table.submitTransaction(benefits.slice(i, i + 100).map((b) => ['create', toEntity(planPartition(plan.tenantId, planId), benefitKey(b.number), b)]));
  }
  await s.storage.due.scheduleMany(due);
  if (o.targetChecks) for (const b of benefits) await scheduleTargetCheck(s, plan, b);
  if (o.digestScheduled) {
    const nextDigestAt = await scheduleNextDigest(s, plan, new Date(o.now));
    const row = (await s.storage.plans.get(plan.tenantId, plan.id))!;
    const { etag, ...rest } = row;
    await s.storage.plans.update({ ...rest, nextDigestAt }, etag);
  }
  return plan;
}

/** A pino logger writing JSON lines into memory, for tests that read the logs. */
/**
 * Stores the row of benefit 1's prompt about week 49 as sent to `owner` (Monday 7 December 2026,
 * 09:00 Oslo) and still open, so the owner may answer it: the state a prompt card's answer starts
 * from.
 */
export async function seedOpenWeek49(s: Services, planId: string, owner: Person): Promise<void> {
  await s.storage.measurements.create(TENANT_ID, {
    planId,
    benefitNumber: 1,
    period: '2026-W49',
    periodStart: '2026-11-30T08:00:00.000Z',
    periodEnd: '2026-12-07T08:00:00.000Z',
    answerDueAt: '2026-12-14T08:00:00.000Z',
    closesAt: '2026-12-21T08:00:00.000Z',
    state: 'open',
    baseline: false,
    promptedAt: '2026-12-07T08:00:00.000Z',
    promptedTo: owner.id,
    promptActivityId: '1',
    version: 0,
  });
}

export function capturingLogger(level = 'debug'): { log: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter((l) => l.length > 0));
      cb();
    },
  });
  // The product's own logger factory, so its redaction and serializers are what is tested.
  const log = createLogger(level, stream);
  return { log, lines, text: () => lines.join('\n') };
}

/** The promptId values of the prompt cards in a list of delivered activities' cards. */
export function promptIdsIn(cards: Record<string, unknown>[]): string[] {
  return cards.map((c) => /"promptId":"([^"]+)"/.exec(JSON.stringify(c))?.[1]).filter((x): x is string => !!x);
}

/** Resolves after ms. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
