// Reliability scenario 7: time. A ticker calls runDue(now) every few minutes through the nights
// when daylight-saving time starts and ends (Oslo: a Sunday digest at 02:30; Cairo: weekday
// prompts at a wall-clock time that does not exist or exists twice), through a tick missed for
// an hour, and through a clock that jumps back. Nothing is sent twice and nothing is lost.
import assert from 'node:assert/strict';
import type { RunSummary } from '../../src/jobs/dueWork';
import { scheduleNextDigest } from '../../src/services/schedule';
import { people, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, promptCards, promptIdOf, seedBenefit, seedPlan } from '../support/seed';

const MIN = 60_000;

/** runDue at every `stepMin` minutes from `from` to `to` (inclusive), summed. */
async function tickThrough(h: Harness, from: string, to: string, stepMin: number): Promise<RunSummary & { ticks: number }> {
  const total = { prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0, deferred: 0, ticks: 0 };
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMin * MIN) {
    h.clock.set(new Date(t));
    const s = await h.runDue(new Date(t).toISOString());
    total.prompts += s.prompts;
    total.reminders += s.reminders;
    total.digests += s.digests;
    total.notices += s.notices;
    total.failed += s.failed;
    total.deferred += s.deferred;
    total.ticks++;
  }
  return total;
}

async function scheduleDigest(h: Harness, planId: string): Promise<string> {
  const s = h.services;
  const plan = (await s.storage.plans.get(TENANT_ID, planId))!;
  const nextDigestAt = await scheduleNextDigest(s, plan, h.clock.now());
  const { etag, ...rest } = plan;
  await s.storage.plans.update({ ...rest, nextDigestAt }, etag);
  return nextDigestAt;
}

type P = (typeof people)[keyof typeof people];
const isReminder = (card: Record<string, unknown>) => JSON.stringify(card).includes('Påminnelse');
/** The periods a person was prompted for (reminders left out), in order. */
const periodsOf = (h: Harness, p: P) => promptCards(h, p).filter((c) => !isReminder(c)).map((c) => promptIdOf(c).split('/')[2]);
const remindersOf = (h: Harness, p: P) => promptCards(h, p).filter(isReminder).map((c) => promptIdOf(c).split('/')[2]);

describe('reliability: time', function () {
  // These walk a fake clock through whole nights of ticks against real Azurite; alone the
  // slowest takes ~35 s, and beside five other mocha workers on 2 cores it can take twice that.
  this.timeout(180_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('posts a 02:30 Sunday digest once in the night summer time starts (02:30 does not exist) and once when it ends (02:30 happens twice)', async () => {
    h = await startHarness({ now: '2026-03-28T12:00:00.000Z' });
    await seedPlan(h, { digest: 'sun 02:30' });
    await seedBenefit(h, (await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn'))!, 1, { cadence: 'daily 02:30' });
    assert.equal(await scheduleDigest(h, 'digitalt-tilsyn'), '2026-03-29T01:30:00.000Z', '02:30 skipped → 03:30 CEST');
    // Saturday 20:00Z → Monday 04:00Z every 5 minutes (the clocks go 02:00 → 03:00 on Sunday).
    const spring = await tickThrough(h, '2026-03-28T20:00:00.000Z', '2026-03-30T04:00:00.000Z', 5);
    assert.equal(spring.digests, 1, 'one digest in the short night');
    assert.equal(spring.failed, 0);
    // The daily 02:30 prompt: none at the weekend, Monday's once (02:30 CEST = 00:30Z), about Friday.
    assert.deepEqual(periodsOf(h, people.kari), ['2026-03-27']);

    // Autumn: 02:00–03:00 happens twice on Sunday 25 October.
    h.clock.set(new Date('2026-10-22T12:00:00.000Z'));
    assert.equal(await scheduleDigest(h, 'digitalt-tilsyn'), '2026-10-25T00:30:00.000Z', 'the first 02:30 (CEST)');
    const channel = (await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn'))!.channel.conversationId;
    const before = h.connector.cardsTo(channel).length;
    const autumn = await tickThrough(h, '2026-10-24T20:00:00.000Z', '2026-10-25T06:00:00.000Z', 5);
    assert.equal(autumn.digests, 1, 'one digest although 02:30 came twice');
    assert.equal(autumn.failed, 0);
    assert.equal(h.connector.cardsTo(channel).length - before, 1, 'one digest card in the channel');
  });

  it('prompts once on a weekday when the wall-clock time does not exist or exists twice (Cairo, 2026)', async () => {
    h = await startHarness({ now: '2026-04-20T12:00:00.000Z' });
    const plan = await seedPlan(h, { timezone: 'Africa/Cairo', id: 'kairo', digest: 'mon 12:00' });
    // Friday 24 April: 00:00 → 01:00, so 00:30 does not exist.
    await seedBenefit(h, plan, 1, { cadence: 'fri 00:30', owner: asPerson(people.kari) });
    // Thursday 29 October: 24:00 → 23:00, so 23:30 comes twice.
    await seedBenefit(h, plan, 2, { cadence: 'thu 23:30', owner: asPerson(people.per) });
    const spring = await tickThrough(h, '2026-04-23T18:00:00.000Z', '2026-04-24T04:00:00.000Z', 5);
    assert.equal(spring.failed, 0);
    assert.deepEqual(periodsOf(h, people.kari), ['2026-W17'], 'the Friday prompt of the short night, once');
    const row = await h.services.storage.measurements.get(TENANT_ID, 'kairo', 1, '2026-W17');
    assert.equal(row?.promptedAt, '2026-04-23T22:30:00.000Z', 'sent at 01:30 local, the first minute that exists after 00:30');

    const autumn = await tickThrough(h, '2026-10-29T18:00:00.000Z', '2026-10-29T23:00:00.000Z', 5);
    assert.equal(autumn.failed, 0);
    const perPeriods = periodsOf(h, people.per);
    assert.equal(perPeriods.filter((p) => p === '2026-W44').length, 1, `the Thursday 23:30 prompt once: ${perPeriods.join(', ')}`);
    // Weekly prompts went on every week in between (none lost, none doubled).
    assert.equal(new Set(perPeriods).size, perPeriods.length, `no period prompted twice: ${perPeriods.join(', ')}`);
    const kari = periodsOf(h, people.kari);
    assert.equal(new Set(kari).size, kari.length, `no period prompted twice: ${kari.join(', ')}`);
  });

  it('sends a prompt due during a missed hour of ticks once, at the next tick, and keeps the schedule', async () => {
    h = await startHarness({ now: '2026-12-01T10:00:00.000Z' });
    const plan = await seedPlan(h);
    for (const [n, p] of [[1, people.kari], [2, people.per], [3, people.lars]] as const) await seedBenefit(h, plan, n, { owner: asPerson(p) });
    // Ticks up to 07:59Z, then nothing until 09:05Z (the 08:00Z prompts fall in the gap).
    assert.equal((await tickThrough(h, '2026-12-07T07:50:00.000Z', '2026-12-07T07:59:00.000Z', 1)).prompts, 0);
    const after = await tickThrough(h, '2026-12-07T09:05:00.000Z', '2026-12-07T09:15:00.000Z', 1);
    assert.equal(after.prompts, 3, 'sent at the first tick after the gap, once');
    const row = await h.services.storage.measurements.get(TENANT_ID, plan.id, 1, '2026-W49');
    assert.equal(row?.promptedAt, '2026-12-07T09:05:00.000Z');
    // The next week is on time again.
    const next = await tickThrough(h, '2026-12-14T07:55:00.000Z', '2026-12-14T08:05:00.000Z', 1);
    assert.equal(next.prompts, 3);
    // The reminder about week 49 (due Tuesday, when nothing ticked) is dropped once the next prompt is out.
    for (const p of [people.kari, people.per, people.lars]) assert.deepEqual(periodsOf(h, p), ['2026-W49', '2026-W50']);
  });

  it('sends nothing twice and loses nothing when the clock jumps back', async () => {
    h = await startHarness({ now: '2026-12-01T10:00:00.000Z' });
    const plan = await seedPlan(h);
    for (const [n, p] of [[1, people.kari], [2, people.per]] as const) await seedBenefit(h, plan, n, { owner: asPerson(p) });
    await scheduleDigest(h, plan.id); // Friday 11 December 13:00Z
    assert.equal((await tickThrough(h, '2026-12-07T07:58:00.000Z', '2026-12-07T08:02:00.000Z', 1)).prompts, 2);
    // NTP yanks the clock back an hour, then a whole day: the same instants come round again.
    const again = await tickThrough(h, '2026-12-07T07:00:00.000Z', '2026-12-07T08:30:00.000Z', 5);
    const dayBack = await tickThrough(h, '2026-12-06T07:55:00.000Z', '2026-12-06T08:05:00.000Z', 1);
    assert.equal(again.prompts + dayBack.prompts, 0, 'no prompt sent again');
    // Then time runs on: Tuesday's reminders once, Friday's digest once (twice through 13:00Z), next Monday once.
    const tuesday = await tickThrough(h, '2026-12-08T07:55:00.000Z', '2026-12-08T08:10:00.000Z', 1);
    assert.equal(tuesday.reminders, 2);
    const friday = await tickThrough(h, '2026-12-11T12:55:00.000Z', '2026-12-11T13:05:00.000Z', 1);
    const fridayAgain = await tickThrough(h, '2026-12-11T12:30:00.000Z', '2026-12-11T13:10:00.000Z', 5);
    assert.equal(friday.digests + fridayAgain.digests, 1, 'one digest');
    const monday = await tickThrough(h, '2026-12-14T07:58:00.000Z', '2026-12-14T08:02:00.000Z', 1);
    assert.equal(monday.prompts, 2, 'the next week is not lost');
    for (const p of [people.kari, people.per]) {
      assert.deepEqual(periodsOf(h, p), ['2026-W49', '2026-W50'], 'one prompt a week');
      assert.deepEqual(remindersOf(h, p), ['2026-W49'], 'one reminder');
    }
  });
});
