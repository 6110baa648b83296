// Scenario 4: two instances against one storage account, both ticking (SCHEDULER=on
// semantics without the lease: each calls runDue at the same instants, concurrently) over several
// simulated weeks, with owners answering through either instance (one double-submits through
// both at once). Checked: every prompt, reminder, digest and notice exactly once (the ledger and
// the period rows decide), nothing lost (every expected period prompted, every digest posted).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startAzurite } from '../../../src/storage';
import { listAll } from '../../../src/storage/query';
import { numberedPerson, people, TENANT_ID } from '../activities';
import { FakeConnector, fakePersonalConversationId } from '../fakeConnector';
import { promptIdsIn, seedMany, startBot, type Bot } from '../reliability';

export interface TwoInstancesOptions {
  /** Benefits (one owner each); at least 12. */
  benefits: number;
  /** First and last instant ticked (UTC), hourly from 06:00Z to 16:00Z each day. */
  from: string;
  to: string;
  log?: (line: string) => void;
}

export interface TwoInstancesFigures {
  ticks: number;
  runDueCalls: number;
  prompts: number;
  reminders: number;
  digests: number;
  digestPages: number;
  notices: { success: number; missedTarget: number; escalation: number };
  channelPosts: number;
  leaderMessages: number;
  duplicateDeliveries: number;
  sentBy: Record<string, number>;
  durationMs: number;
}

const SEEDED_AT = '2026-12-01T10:00:00.000Z';
const HOUR = 3_600_000;

export async function runTwoInstancesScenario(o: TwoInstancesOptions): Promise<TwoInstancesFigures> {
  assert.ok(o.benefits >= 12);
  const say = o.log ?? (() => undefined);
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bots: Bot[] = [];
  try {
    for (const id of ['instance-a', 'instance-b']) {
      bots.push(await startBot({ connectionString: azurite.connectionString, serviceUrl, now: SEEDED_AT, instanceId: `${id}-${randomUUID().slice(0, 8)}`, env: { TEAMS_MAX_RPS: '200' } }));
    }
    const [a, b] = bots;
    const owner = (n: number) => numberedPerson(n);
    // 1–4 answer every week; 5 reaches its target in its second week (double-submitted through
    // both instances); the rest never answer (escalation); 9–12 are due 18 December (missed target).
    const answering = (n: number) => n <= 4;
    const plan = await seedMany(a.services, {
      planId: 'to-instanser',
      serviceUrl,
      count: o.benefits,
      owner,
      now: SEEDED_AT,
      digestScheduled: true,
      targetChecks: true,
      benefit: (n) => (n >= 9 && n <= 12 ? { due: '2026-12-18' } : {}),
    });

    const started = Date.now();
    let ticks = 0;
    let week = 0;
    const sum = { prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0 };
    for (let day = Date.parse(o.from.slice(0, 10)); day <= Date.parse(o.to); day += 24 * HOUR) {
      for (let hour = 6; hour <= 16; hour++) {
        const t = day + hour * HOUR;
        if (t < Date.parse(o.from) || t > Date.parse(o.to)) continue;
        const at = new Date(t);
        for (const bot of bots) bot.clock.set(at);
        const results = await Promise.all(bots.map((bot) => bot.runtime.runDue(at)));
        ticks++;
        for (const r of results) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
        // Monday 10:00Z: owners answer this week's prompt.
        if (at.getUTCDay() === 1 && hour === 10) {
          week++;
          for (let n = 1; n <= 5; n++) {
            const ids = promptIdsIn(connector.cardsTo(fakePersonalConversationId(owner(n).id)));
            const id = ids[ids.length - 1];
            if (!id) continue;
            if (answering(n)) {
              const r = await bots[n % 2].act(owner(n), 'measurement.submit', { promptId: id, value: String(21 + (week % 5)) });
              assert.match(JSON.stringify(r.card), /er registrert/, `owner ${n} week ${week}`);
            } else if (n === 5 && week === 2) {
              const [x, y] = await Promise.all([a.act(owner(n), 'measurement.submit', { promptId: id, value: '31' }), b.act(owner(n), 'measurement.submit', { promptId: id, value: '31' })]);
              assert.match(JSON.stringify(x.card), /er registrert/);
              assert.match(JSON.stringify(y.card), /er registrert/);
            }
          }
        }
      }
    }
    say(`${ticks} ticks × 2 instances: ${JSON.stringify(sum)}`);
    assert.equal(sum.failed, 0, 'no item failed');

    // What was delivered, by kind.
    const summaryOf = (d: (typeof connector.delivered)[number]) => String(d.activity.summary ?? '');
    const channel = connector.delivered.filter((d) => d.conversationId.startsWith(plan.channel.conversationId));
    const digests = channel.filter((d) => /^Ukesoppsummering/.test(summaryOf(d)));
    const successes = channel.filter((d) => /^Målet er nådd/.test(summaryOf(d)));
    const missed = channel.filter((d) => /^Målet ble ikke nådd/.test(summaryOf(d)));
    const leader = connector.delivered.filter((d) => d.conversationId === fakePersonalConversationId(people.ola.id));
    const escalations = leader.filter((d) => !/^Målet ble ikke nådd/.test(summaryOf(d)));

    // 1. Identical deliveries to one conversation would be a message sent twice.
    const seen = new Map<string, number>();
    for (const d of connector.delivered) {
      const key = `${d.conversationId}|${JSON.stringify({ text: d.activity.text, attachments: d.activity.attachments })}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const duplicateDeliveries = [...seen.values()].reduce((x, c) => x + c - 1, 0);
    assert.equal(duplicateDeliveries, 0, 'nothing delivered twice');

    // 2. Prompts and reminders: one per (benefit, period); every Monday of the window prompted.
    const mondays: string[] = [];
    for (let t = Date.parse(o.from); t <= Date.parse(o.to); t += 24 * HOUR) if (new Date(t).getUTCDay() === 1) mondays.push(new Date(t).toISOString().slice(0, 10));
    let prompts = 0;
    let reminders = 0;
    for (let n = 1; n <= o.benefits; n++) {
      const cards = connector.cardsTo(fakePersonalConversationId(owner(n).id));
      const isReminder = (c: Record<string, unknown>) => JSON.stringify(c).includes('Påminnelse');
      const promptPeriods = promptIdsIn(cards.filter((c) => !isReminder(c))).map((id) => id.split('/')[2]);
      const reminderPeriods = promptIdsIn(cards.filter(isReminder)).map((id) => id.split('/')[2]);
      assert.equal(new Set(promptPeriods).size, promptPeriods.length, `benefit ${n}: one prompt per period (${promptPeriods.join(', ')})`);
      assert.equal(new Set(reminderPeriods).size, reminderPeriods.length, `benefit ${n}: one reminder per period`);
      if (n !== 5) assert.equal(promptPeriods.length, mondays.length, `benefit ${n}: a prompt every week (${promptPeriods.join(', ')})`);
      if (answering(n)) assert.equal(reminderPeriods.length, 0, `benefit ${n} answered: no reminder`);
      prompts += promptPeriods.length;
      reminders += reminderPeriods.length;
    }

    // 3. Digests: one per week (Fridays in the window), notices once per subject.
    const fridays = [];
    for (let t = Date.parse(o.from.slice(0, 10)) + 13 * HOUR; t <= Date.parse(o.to); t += 24 * HOUR) if (new Date(t).getUTCDay() === 5 && t >= Date.parse(o.from)) fridays.push(t); // 'fri 14:00' Oslo = 13:00Z in winter
    // A long digest is posted as several pages (cards), so count digests, not posts: by the runs'
    // own summaries and by the ledger (one 'digest' entry per plan and ISO week).
    const ledgerDigests = (await listAll(a.services.storage.store.table('ledger'), '')).filter((e) => e.kind === 'digest');
    assert.equal(sum.digests, fridays.length, 'one digest per week (run summaries of both instances)');
    assert.equal(ledgerDigests.length, fridays.length, 'one digest per week (ledger)');
    assert.ok(digests.length >= fridays.length, 'every digest reached the channel');
    assert.equal(successes.length, 1, 'one success notice (benefit 5, double-submitted)');
    const silent = Array.from({ length: o.benefits - 5 }, (_, i) => i + 6);
    const escalatedRefs = escalations.map((d) => /\((to-instanser\/\d+)\)/.exec(summaryOf(d))?.[1]);
    assert.equal(new Set(escalatedRefs).size, escalatedRefs.length, `one escalation per streak: ${escalatedRefs.join(', ')}`);
    for (const n of silent) assert.ok(escalatedRefs.includes(`to-instanser/${n}`), `silent benefit ${n} escalated`);
    assert.equal(missed.length, 4, 'one missed-target notice per benefit due 18 December');
    const rows = await a.services.storage.measurements.listPlan(TENANT_ID, plan.id);
    const five = rows.filter((r) => r.benefitNumber === 5 && r.value === 31);
    assert.equal(five.length, 1, 'the double-submitted answer is one measurement');

    // 4. The ledger agrees: one entry per (kind, subject, period), all sent, split between the instances.
    const ledger = await listAll(a.services.storage.store.table('ledger'), '');
    const sentBy: Record<string, number> = {};
    for (const e of ledger) {
      assert.equal(e.state, 'sent', `ledger ${String(e.rowKey)}: ${String(e.state)}`);
      const by = String(e.claimedBy).replace(/-[0-9a-f]{8}$/, '');
      sentBy[by] = (sentBy[by] ?? 0) + 1;
    }
    return {
      ticks,
      runDueCalls: ticks * 2,
      prompts,
      reminders,
      digests: sum.digests,
      digestPages: digests.length,
      notices: { success: successes.length, missedTarget: missed.length, escalation: escalations.length },
      channelPosts: channel.length,
      leaderMessages: leader.length,
      duplicateDeliveries,
      sentBy,
      durationMs: Date.now() - started,
    };
  } finally {
    for (const bot of bots) await bot.close();
    await connector.stop();
    await azurite.stop();
  }
}
