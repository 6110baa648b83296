// Scenario 9: a storage outage cut at each step of each kind of scheduled delivery.
//
// One prompt, reminder, digest or missed-target notice is due. Storage (Azurite behind a TCP proxy
// that can be cut, test/support/storageProxy.ts) goes away at one step of its delivery:
//   claim    before the claim reaches storage (nothing was claimed)
//   claimed  right after storage took the claim, its answer lost (claimed "just before the outage")
//   send     when the message reaches Teams (the claim is made, the outcome not yet recorded)
//   settle   before the outcome is written (delivered, not yet recorded)
// and comes back `outageMs` later. run-due is run at the item's instant until the item is no
// longer due. Checked: the message was delivered exactly once, its delivery is recorded as sent,
// and nothing of it is left due.
import assert from 'node:assert/strict';
import { startAzurite } from '../../../src/storage';
import type { DueKind } from '../../../src/storage';
import type { RunSummary } from '../../../src/jobs/dueWork';
import { uniquePrefix } from '../azurite';
import { CHANNEL_ID, numberedPerson, TENANT_ID } from '../activities';
import { FakeConnector, fakePersonalConversationId, type DeliveredActivity } from '../fakeConnector';
import { seedMany, sleep, startBot, type Bot } from '../reliability';
import { proxyFor, type ProxiedRequest, type StorageProxy } from '../storageProxy';

export const STEPS = ['claim', 'claimed', 'send', 'settle'] as const;
export type Step = (typeof STEPS)[number];
export const KINDS = ['prompt', 'reminder', 'digest', 'notice'] as const;
export type Kind = (typeof KINDS)[number];

export interface CutStepsOptions {
  kinds?: readonly Kind[];
  steps?: readonly Step[];
  outageMs: number;
  log?: (line: string) => void;
}

export interface CutCase {
  kind: Kind;
  step: Step;
  /** The storage request storage was cut at (method and table), or the Teams request. */
  cutAt: string;
  runs: number;
  delivered: number;
  recorded: boolean;
  leftDue: number;
  summaries: string[];
}

const SEEDED_AT = '2026-12-01T10:00:00.000Z';
const MONDAY = '2026-12-07T08:00:00.000Z';
const OWNER = numberedPerson(1);

const dueKind: Record<Kind, DueKind> = { prompt: 'prompt', reminder: 'reminder', digest: 'digest', notice: 'targetCheck' };
const summaryOf = (d: DeliveredActivity) => String(d.activity.summary ?? '');

/** What each kind's delivery looks like at the fake Teams. */
function deliveriesOf(kind: Kind, connector: FakeConnector): DeliveredActivity[] {
  const chat = fakePersonalConversationId(OWNER.id);
  const cardText = (d: DeliveredActivity) => JSON.stringify(d.activity.attachments ?? []);
  switch (kind) {
    case 'prompt':
      return connector.delivered.filter((d) => d.conversationId === chat && cardText(d).includes('measurement.submit') && !cardText(d).includes('Påminnelse'));
    case 'reminder':
      return connector.delivered.filter((d) => d.conversationId === chat && cardText(d).includes('Påminnelse'));
    case 'digest':
      return connector.delivered.filter((d) => d.conversationId.startsWith(CHANNEL_ID) && /^Ukesoppsummering/.test(summaryOf(d)));
    case 'notice':
      return connector.delivered.filter((d) => d.conversationId.startsWith(CHANNEL_ID) && /^Målet ble ikke nådd/.test(summaryOf(d)));
  }
}

/** The claim and the settle write of each kind, as they pass the proxy. */
function storageStep(kind: Kind, step: 'claim' | 'settle'): (r: ProxiedRequest) => boolean {
  const table = kind === 'prompt' ? 'measurements' : 'ledger';
  if (step === 'claim') return (r) => r.method === 'POST' && new RegExp(`/[a-z0-9]*${table}$`).test(r.path.split('?')[0]);
  const methods = kind === 'prompt' ? ['MERGE', 'PATCH'] : ['PUT'];
  return (r) => methods.includes(r.method) && new RegExp(`/[a-z0-9]*${table}\\(`).test(r.path);
}

async function seed(bot: Bot, kind: Kind, serviceUrl: string): Promise<string> {
  const s = bot.services;
  await seedMany(s, {
    serviceUrl,
    count: 1,
    owner: () => OWNER,
    now: SEEDED_AT,
    planId: 'kutt',
    digestScheduled: kind === 'digest',
    targetChecks: kind === 'notice',
    benefit: () => (kind === 'notice' ? { due: '2026-12-02' } : {}),
  });
  if (kind === 'reminder') {
    const r = await bot.runtime.runDue(new Date(MONDAY));
    assert.equal(r.prompts, 1, 'the prompt the reminder is about');
  }
  const items = (await s.storage.due.listAllItems()).filter((i) => i.kind === dueKind[kind]).sort((a, b) => a.at.localeCompare(b.at));
  assert.ok(items[0], `a ${kind} is due`);
  return items[0].at;
}

async function recorded(bot: Bot, kind: Kind): Promise<boolean> {
  const s = bot.services.storage;
  if (kind === 'prompt') {
    const rows = await s.measurements.listPlan(TENANT_ID, 'kutt');
    return rows.length === 1 && !!rows[0].promptActivityId;
  }
  const entries = await s.store.table('ledger').listEntities().byPage({ maxPageSize: 100 }).next();
  const want = { reminder: 'reminder', digest: 'digest', notice: 'missedTarget' }[kind];
  const rows = (entries.done ? [] : entries.value).filter((e) => e.kind === want);
  return rows.length === 1 && rows[0].state === 'sent';
}

async function runCase(proxy: StorageProxy, azuriteCs: string, proxiedCs: string, kind: Kind, step: Step, outageMs: number): Promise<CutCase> {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  connector.setLatency(20);
  const tablePrefix = uniquePrefix();
  // Seeding goes straight to Azurite; the bot under test goes through the proxy.
  const seeder = await startBot({ connectionString: azuriteCs, serviceUrl, now: SEEDED_AT, tablePrefix, noServer: true, env: { LEASE_TTL_SECONDS: '3' } });
  const bot = await startBot({ connectionString: proxiedCs, serviceUrl, now: SEEDED_AT, tablePrefix, noServer: true, env: { LEASE_TTL_SECONDS: '3' } });
  try {
    const at = await seed(seeder, kind, serviceUrl);
    bot.clock.set(new Date(at));
    const before = deliveriesOf(kind, connector).length;
    let cutAt = '';
    const restoreLater = () => setTimeout(() => proxy.restore(), outageMs);
    if (step === 'send') {
      const off = connector.onRequest((r) => {
        if (!(r.kind === 'send' || r.kind === 'reply' || (r.kind === 'create' && r.activity))) return;
        off();
        cutAt = `Teams ${r.kind}`;
        proxy.cut();
        restoreLater();
      });
    } else {
      void proxy.cutOn(storageStep(kind, step === 'settle' ? 'settle' : 'claim'), step === 'claimed' ? 'afterAnswer' : 'before').then((r) => {
        cutAt = `${r.method} ${r.path.split('?')[0].replace(/^\/devstoreaccount1\//, '').replace(/\(.*$/, '(…)')}`;
        restoreLater();
      });
    }
    const summaries: string[] = [];
    let runs = 0;
    const deadline = Date.now() + 40_000;
    for (;;) {
      runs++;
      let r: RunSummary | undefined;
      try {
        r = await bot.runtime.runDue(new Date(at));
        summaries.push(JSON.stringify({ ...r, busy: r.busy ? r.busy.shards : undefined }));
      } catch (e) {
        summaries.push(`threw: ${(e as Error).message.slice(0, 60)}`);
      }
      const stillDue = (await seeder.services.storage.due.listDue(at)).filter((i) => i.kind === dueKind[kind]).length;
      if (r && !r.busy && r.failed === 0 && !(r.deferred > 0) && stillDue === 0 && !proxy.isDown) break;
      if (Date.now() > deadline) throw new Error(`${kind}/${step}: still due after ${runs} runs: ${summaries.join(' | ')}`);
      await sleep(proxy.isDown ? outageMs : 400);
    }
    proxy.clearRules();
    const leftDue = (await seeder.services.storage.due.listDue(at)).filter((i) => i.kind === dueKind[kind]).length;
    return { kind, step, cutAt, runs, delivered: deliveriesOf(kind, connector).length - before, recorded: await recorded(seeder, kind), leftDue, summaries };
  } finally {
    proxy.clearRules();
    proxy.restore();
    await bot.close();
    await seeder.close();
    await connector.stop();
  }
}

export async function runCutStepsScenario(o: CutStepsOptions): Promise<CutCase[]> {
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const { proxy, connectionString } = await proxyFor(azurite.connectionString);
  const cases: CutCase[] = [];
  try {
    for (const kind of o.kinds ?? KINDS) {
      for (const step of o.steps ?? STEPS) {
        const c = await runCase(proxy, azurite.connectionString, connectionString, kind, step, o.outageMs);
        say(`${kind} cut at ${step} (${c.cutAt}): delivered ${c.delivered}, recorded ${c.recorded}, left due ${c.leftDue}, ${c.runs} run(s)`);
        cases.push(c);
        assert.equal(c.cutAt !== '', true, `${kind}/${step}: the cut happened`);
        assert.equal(c.delivered, 1, `${kind}/${step}: delivered exactly once (${c.summaries.join(' | ')})`);
        assert.equal(c.recorded, true, `${kind}/${step}: recorded as sent`);
        assert.equal(c.leftDue, 0, `${kind}/${step}: nothing left due`);
      }
    }
    return cases;
  } finally {
    await proxy.stop();
    await azurite.stop();
  }
}

