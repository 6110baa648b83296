// Success notices, missed-target notices with their lesson form, and escalation of missed streaks:
// each goes out exactly once, at the right time, to the right people; a lesson is stored only from
// someone who may give it, with valid input, and the next digest shows it.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import type { Plan } from '../../src/domain/types';
import { escalateIfStreak } from '../../src/services/escalation';
import { notifySuccess } from '../../src/services/success';
import { scheduleNextDigest, scheduleTargetCheck } from '../../src/services/schedule';
import type { BenefitRow, PlanRow } from '../../src/storage';
import { CHANNEL_ID, people, personalConversationId, TENANT_ID, type Person as TestPerson } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { seedBenefit as seedSharedBenefit, seedPlan as seedSharedPlan } from '../support/seed';

const NBSP = '\u00A0';
const asPerson = (p: TestPerson) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });

// Ingrid leads the plan; Ola is an admin (ADMINS in the harness) but not the leader.
const seedPlan = (h: Harness, extra: Partial<Plan> = {}): Promise<PlanRow> => seedSharedPlan(h, { hourlyRate: 500, leader: asPerson(people.ingrid), ...extra });

async function seedBenefit(h: Harness, plan: Plan, n: number, extra: Partial<Omit<BenefitRow, 'etag'>> = {}): Promise<BenefitRow> {
  await h.services.storage.benefits.create({
    tenantId: TENANT_ID,
    planId: plan.id,
    number: n,
    title: `Færre bomturer ${n}`,
    type: 'time',
    unit: 't',
    baseline: 40,
    target: 30,
    start: '2026-09-01',
    due: '2027-06-30',
    direction: 'down',
    directionSet: false,
    cadence: 'mon 09:00',
    message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
    owner: asPerson(people.kari),
    state: 'tracking',
    createdAt: '2026-09-01T08:00:00.000Z',
    ...extra,
  });
  return (await h.services.storage.benefits.get(TENANT_ID, plan.id, n))!;
}

const textsOf = (card: object): string[] => {
  const out: string[] = [];
  JSON.parse(JSON.stringify(card), (k, v) => {
    if ((k === 'text' || k === 'value' || k === 'title') && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
};
const channelCards = (h: Harness, title: RegExp) => h.connector.cardsTo(CHANNEL_ID).filter((c) => textsOf(c).some((t) => title.test(t)));
const assertValid = (card: object) => assert.deepEqual(validateCard(card).problems, []);

describe('notices: success', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('celebrates a met target once per benefit and target, and marks the benefit achieved', async () => {
    h = await startHarness({ now: '2026-12-03T09:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    const benefit = await seedBenefit(h, plan, 2);
    const now = h.clock.now();
    // The answer pipeline may call twice (a correction, two processes): one notice.
    const results = await Promise.all([notifySuccess(s, plan, benefit, '2026-W49', 28, now), notifySuccess(s, plan, benefit, '2026-W49', 28, now)]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(await notifySuccess(s, plan, benefit, '2026-W50', 27, now), false);
    const cards = channelCards(h, /Målet er nådd/);
    assert.equal(cards.length, 1);
    const card = cards[0]!;
    assertValid(card);
    const all = textsOf(card);
    assert.ok(all.includes(`<at>Kari Nordmann</at> melder 28${NBSP}t for uke 49 2026. Målet var 30${NBSP}t innen 30.06.2027.`), all.join('\n'));
    // Gain of the period: 40 − 28 = 12 h × 500 kr = 6 000 kr.
    assert.ok(all.includes(`Gevinst denne perioden: 12${NBSP}t (6${NBSP}000${NBSP}kr)`));
    assert.ok(all.some((t) => t.includes('ti av ti tilfeller')), 'the benefit message');
    assert.deepEqual((card as { msteams: { entities: unknown[] } }).msteams.entities, [
      { type: 'mention', text: '<at>Kari Nordmann</at>', mentioned: { id: people.kari.id, name: 'Kari Nordmann' } },
    ]);
    const action = (card as { actions: Record<string, unknown>[] }).actions[0]!;
    assert.equal(action.type, 'Action.Execute');
    assert.equal(action.verb, 'benefit.confirm');
    assert.deepEqual(action.data, { planId: plan.id, benefit: 2, lang: 'nb' });

    const stored = (await s.storage.benefits.get(TENANT_ID, plan.id, 2))!;
    assert.equal(stored.state, 'achieved');
    assert.equal(stored.achievedAt, '2026-12-03');

    // A new, higher ambition (target 25) that is met later is celebrated again.
    const { etag, ...rest } = stored;
    await s.storage.benefits.update({ ...rest, target: 25, state: 'tracking' }, etag);
    const raised = (await s.storage.benefits.get(TENANT_ID, plan.id, 2))!;
    assert.equal(await notifySuccess(s, plan, raised, '2027-W02', 24, now), true);
    assert.equal(channelCards(h, /Målet er nådd/).length, 2);
  });
});

describe('notices: missed target and lessons', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('asks the channel and the leader once, the morning after the target date', async () => {
    h = await startHarness({ now: '2026-11-30T07:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    // Target date Wednesday 2 December 2026: the check is Thursday 3 December 09:00 Oslo = 08:00Z.
    const benefit = await seedBenefit(h, plan, 3, { due: '2026-12-02' });
    await s.storage.measurements.create(TENANT_ID, {
      planId: plan.id,
      benefitNumber: 3,
      period: '2026-W49',
      periodStart: '2026-11-30T08:00:00.000Z',
      periodEnd: '2026-12-07T08:00:00.000Z',
      closesAt: '2026-12-14T08:00:00.000Z',
      state: 'answered',
      baseline: false,
      promptedAt: '2026-11-30T08:00:00.000Z',
      value: 35,
      by: asPerson(people.kari),
      at: '2026-11-30T09:00:00.000Z',
      version: 1,
    });
    assert.equal(await scheduleTargetCheck(s, plan, benefit), '2026-12-03T08:00:00.000Z');
    // An achieved benefit's check is stale: dropped without a word.
    const done = await seedBenefit(h, plan, 4, { due: '2026-12-02', state: 'achieved' });
    await scheduleTargetCheck(s, plan, done);

    assert.equal((await h.runDue('2026-12-03T07:59:00.000Z')).notices, 0);
    assert.equal((await h.runDue('2026-12-03T08:00:00.000Z')).notices, 2, 'channel + leader');
    assert.equal((await h.runDue('2026-12-03T08:00:00.000Z')).notices, 0);
    // Even if the item comes back (a crash before it was deleted), the ledger holds.
    await scheduleTargetCheck(s, plan, benefit);
    assert.equal((await h.runDue('2026-12-03T08:01:00.000Z')).notices, 0);

    const inChannel = channelCards(h, /Målet ble ikke nådd/);
    assert.equal(inChannel.length, 1);
    assertValid(inChannel[0]!);
    // (35 − 40)/(30 − 40) = 50 %.
    assert.ok(textsOf(inChannel[0]!).includes(`Måldatoen 02.12.2026 er passert. Siste verdi: 35${NBSP}t (mål 30${NBSP}t, 50${NBSP}% oppnådd).`));
    assert.ok(textsOf(inChannel[0]!).includes('Eier: <at>Kari Nordmann</at>'));
    assert.ok(!textsOf(inChannel[0]!).some((t) => t.includes('Færre bomturer 4')), 'achieved benefit 4 gets no notice');
    const personal = h.connector.cardsTo(personalConversationId(people.ingrid));
    assert.equal(personal.length, 1);
    assertValid(personal[0]!);
    const action = (personal[0] as { actions: Record<string, unknown>[] }).actions[0]!;
    assert.deepEqual([action.verb, action.data], ['lesson.submit', { planId: plan.id, benefit: 3, lang: 'nb' }]);
    assert.equal((await s.storage.benefits.get(TENANT_ID, plan.id, 3))!.state, 'missed');
    assert.equal((await s.storage.benefits.get(TENANT_ID, plan.id, 4))!.state, 'achieved');
  });

  it('stores a lesson only from the owner, deputy, leader or an admin (a new target only from the leader or an admin), with valid input, and the next digest shows it', async () => {
    h = await startHarness({ now: '2026-12-03T08:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    const nextDigestAt = await scheduleNextDigest(s, plan, h.clock.now());
    {
      const { etag, ...rest } = plan;
      await s.storage.plans.update({ ...rest, nextDigestAt }, etag);
    }
    await seedBenefit(h, plan, 3, { due: '2026-12-02', state: 'missed' });
    await seedBenefit(h, plan, 5, { due: '2026-12-02', state: 'missed' });
    const data = { planId: plan.id, benefit: '3' };

    // Per is neither owner, deputy, leader nor admin: refused, the form stays, nothing stored.
    const refused = await h.act(people.per, 'lesson.submit', { ...data, lesson: 'Vi trenger mer opplæring' });
    assert.equal(refused.status, 200);
    assert.ok(textsOf(refused.card!).some((t) => t.startsWith('Bare eieren, stedfortrederen, planlederen (Ingrid Johansen) eller en administrator')), textsOf(refused.card!).join('\n'));
    assert.ok(JSON.stringify(refused.card).includes('"id":"lesson"'), 'the form is still there');
    // Kari owns the benefit: she may write a lesson, but not set a new target.
    const notHers = await h.act(people.kari, 'lesson.submit', { ...data, lesson: 'Vi trenger mer opplæring', newTarget: '20' });
    assert.ok(textsOf(notHers.card!).some((t) => t.startsWith('Bare planlederen (Ingrid Johansen) eller en administrator kan sette nytt mål')), textsOf(notHers.card!).join('\n'));
    assert.deepEqual((await s.storage.records.listPlan(TENANT_ID, plan.id)).lessons, []);
    assert.equal((await s.storage.benefits.get(TENANT_ID, plan.id, 3))!.lastLesson, undefined);

    // The leader with a blank lesson and a bad number: errors by the fields, input kept; a past
    // date alone is refused as `benefit set` refuses it.
    const invalid = await h.act(people.ingrid, 'lesson.submit', { ...data, lesson: '   ', newDue: '2026-12-01', newTarget: '12abc' });
    const body = (invalid.card as { body: Record<string, unknown>[] }).body;
    const at = (b: Record<string, unknown>[], text: string) => b.findIndex((e) => typeof e.text === 'string' && e.text.startsWith(text));
    const idx = (b: Record<string, unknown>[], id: string) => b.findIndex((e) => e.id === id);
    assert.equal(at(body, 'Skriv et læringspunkt.'), idx(body, 'lesson') + 1);
    assert.equal(at(body, '«12abc» er ikke et tall'), idx(body, 'newTarget') + 1);
    assert.equal(body[idx(body, 'newDue')]!.value, '2026-12-01', 'typed date kept');
    assertValid(invalid.card!);
    const past = await h.act(people.ingrid, 'lesson.submit', { ...data, lesson: 'Ok', newDue: '2026-12-01' });
    const pastBody = (past.card as { body: Record<string, unknown>[] }).body;
    assert.equal(at(pastBody, 'Måldatoen 01.12.2026 må være etter i dag (03.12.2026).'), idx(pastBody, 'newDue') + 1);
    assert.deepEqual((await s.storage.records.listPlan(TENANT_ID, plan.id)).lessons, []);

    // Valid: a lesson, a new target date and a new target.
    const ok = await h.act(people.ingrid, 'lesson.submit', {
      ...data,
      lesson: 'Opplæringen kom for sent; vi setter av tid i kalenderen.',
      newDue: '31.03.2027',
      newTarget: '32',
    });
    assertValid(ok.card!);
    const thanks = textsOf(ok.card!);
    assert.ok(thanks.includes('Takk! Læringspunktet er lagret'));
    for (const t of ['Opplæringen kom for sent; vi setter av tid i kalenderen.', '31.03.2027', `32${NBSP}t`, 'Ingrid Johansen']) assert.ok(thanks.includes(t), t);
    const { lessons } = await s.storage.records.listPlan(TENANT_ID, plan.id);
    assert.equal(lessons.length, 1);
    assert.deepEqual([lessons[0]!.lesson, lessons[0]!.newDue, lessons[0]!.newTarget, lessons[0]!.by.id], [
      'Opplæringen kom for sent; vi setter av tid i kalenderen.',
      '2027-03-31',
      32,
      people.ingrid.id,
    ]);
    const b3 = (await s.storage.benefits.get(TENANT_ID, plan.id, 3))!;
    assert.deepEqual([b3.due, b3.target, b3.state, b3.lastLesson?.lesson], ['2027-03-31', 32, 'tracking', lessons[0]!.lesson]);
    // The next check of the new target date: Thursday 1 April 2027 09:00 CEST = 07:00Z.
    const checks = (await s.storage.due.listAllItems()).filter((i) => i.kind === 'targetCheck');
    assert.deepEqual(checks.map((i) => [i.at, i.period]), [['2027-04-01T07:00:00.000Z', '2027-03-31']]);
    // A double click stores it once.
    await h.act(people.ingrid, 'lesson.submit', { ...data, lesson: 'Opplæringen kom for sent; vi setter av tid i kalenderen.', newDue: '31.03.2027', newTarget: '32' });
    assert.equal((await s.storage.records.listPlan(TENANT_ID, plan.id)).lessons.length, 1);

    // An admin who does not lead the plan may too (benefit 5, lesson only: the state stays missed).
    const byAdmin = await h.act(people.ola, 'lesson.submit', { planId: plan.id, benefit: '5', lesson: 'Eieren var syk i hele perioden.', newDue: '', newTarget: '' });
    assert.ok(textsOf(byAdmin.card!).includes('Takk! Læringspunktet er lagret'));
    assert.equal((await s.storage.benefits.get(TENANT_ID, plan.id, 5))!.state, 'missed');

    // Friday's digest shows both lessons.
    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 1);
    const digest = h.connector.cardsTo(CHANNEL_ID).find((c) => textsOf(c).some((t) => t.startsWith('Ukesoppsummering')))!;
    const all = textsOf(digest);
    assert.ok(all.includes('Læring (03.12.2026): Opplæringen kom for sent; vi setter av tid i kalenderen.'), all.join('\n'));
    assert.ok(all.includes('Læring (03.12.2026): Eieren var syk i hele perioden.'));
  });
});

describe('notices: escalation of missed periods', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('tells the leader once per streak of two or more missed periods', async () => {
    h = await startHarness({ now: '2026-12-14T08:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    const benefit = await seedBenefit(h, plan, 2);
    const now = h.clock.now();
    assert.equal(await escalateIfStreak(s, plan, benefit, ['2026-W49'], now), false, 'one missed period is not a streak');
    assert.equal(await escalateIfStreak(s, plan, benefit, ['2026-W49', '2026-W50'], now), true);
    assert.equal(await escalateIfStreak(s, plan, benefit, ['2026-W49', '2026-W50', '2026-W51'], now), false, 'same streak');
    assert.equal(await escalateIfStreak(s, plan, benefit, ['2027-W03', '2027-W04'], now), true, 'a new streak');
    const texts = h.textsTo(people.ingrid);
    assert.equal(texts.length, 2);
    assert.equal(
      texts[0],
      'Gevinsten «Færre bomturer 2» (digitalt-tilsyn/2) har ikke fått måling 2 perioder på rad: uke 49 2026, uke 50 2026. Eier: Kari Nordmann. Ta kontakt med eieren, eller sett en stedfortreder med **benefit set digitalt-tilsyn/2 deputy=@navn**.',
    );
    assert.match(texts[1]!, /uke 3 2027, uke 4 2027/);
    assert.deepEqual(h.textsTo(people.kari), [], 'the owner is not told off by the bot');
  });

  it('looks at a missed period on a working day: the answer due on Easter Monday is checked on Tuesday', async () => {
    h = await startHarness({ now: '2027-03-20T10:00:00.000Z' });
    const plan = await seedPlan(h);
    await seedSharedBenefit(h, plan, 1, { due: '2027-12-31' });
    // Mondays 09:00: prompted 22 March; the next Monday is Easter Monday (2. påskedag).
    assert.equal((await h.runDue('2027-03-22T08:00:00.000Z')).prompts, 1);
    const kinds = async (at: string) => (await h.services.storage.due.listDue(at)).filter((i) => i.planId === plan.id).map((i) => i.kind).sort();
    assert.deepEqual(await kinds('2027-03-29T23:59:00.000Z'), ['reminder'], 'nothing but the reminder by the end of Easter Monday');
    assert.deepEqual(await kinds('2027-03-30T07:00:00.000Z'), ['periodEnd', 'prompt', 'reminder'], 'Tuesday 30 March 09:00: the next prompt and the period end');
  });
});
