// Weekly channel digests over simulated weeks: the digest appears once per week at Friday 14:00
// Oslo time (13:00Z in winter, 12:00Z in summer), with numbers computed by hand below; running
// run-due twice posts once; stale and archived plans get nothing; `digest <plan>` posts now; and
// a plan of 50 benefits × 52 weeks is read in at most 5 table requests.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { MAX_CARD_BYTES } from '../../src/cards/build';
import { isoWeekOf } from '../../src/domain/digest';
import type { Benefit, PeriodRecord, PeriodState, Plan } from '../../src/domain/types';
import { loadDigest } from '../../src/services/digest';
import { scheduleNextDigest } from '../../src/services/schedule';
import type { PlanRow } from '../../src/storage';
import { CHANNEL_ID, people, TENANT_ID, type Person as TestPerson } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { seedPlan as seedSharedPlan } from '../support/seed';

const NBSP = '\u00A0';
const asPerson = (p: TestPerson) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });

/** The shared plan at 500 kr/h, with its first digest scheduled as `plan new` schedules it. */
async function seedPlan(h: Harness, extra: Partial<Plan> = {}): Promise<PlanRow> {
  const s = h.services;
  const plan = await seedSharedPlan(h, { hourlyRate: 500, ...extra });
  const nextDigestAt = await scheduleNextDigest(s, plan, h.clock.now());
  const { etag, ...rest } = plan;
  await s.storage.plans.update({ ...rest, nextDigestAt }, etag);
  return (await s.storage.plans.get(TENANT_ID, plan.id))!;
}

async function seedBenefit(h: Harness, plan: Plan, n: number, extra: Partial<Benefit>): Promise<void> {
  await h.services.storage.benefits.create({
    tenantId: TENANT_ID,
    planId: plan.id,
    number: n,
    title: `Gevinst ${n}`,
    type: 'cost',
    unit: 'kr',
    baseline: 10_000,
    target: 6_000,
    start: '2026-09-01',
    due: '2027-09-01',
    direction: 'down',
    directionSet: false,
    cadence: 'mon 09:00',
    owner: asPerson(people.kari),
    state: 'tracking',
    createdAt: '2026-09-01T08:00:00.000Z',
    ...extra,
  });
}

const WEEK_MS = 7 * 86_400_000;
const plusWeeks = (iso: string, n: number) => new Date(Date.parse(iso) + n * WEEK_MS).toISOString();

/**
 * The row of a weekly prompt about the week that starts at `start` (Monday 09:00): prompted the
 * Monday after, when that week closes (DOMAIN.md), answered then when it has a value.
 */
function periodRow(plan: Plan, n: number, start: string, state: PeriodState, value?: number, extra: Partial<PeriodRecord> = {}): PeriodRecord {
  const prompted = plusWeeks(start, 1);
  return {
    planId: plan.id,
    benefitNumber: n,
    period: isoWeekOf(start, plan.timezone),
    periodStart: start,
    periodEnd: prompted,
    answerDueAt: plusWeeks(start, 2),
    closesAt: plusWeeks(start, 3),
    state,
    baseline: false,
    promptedAt: prompted,
    version: state === 'answered' || state === 'skipped' ? 1 : 0,
    ...(value !== undefined ? { value, at: prompted, by: asPerson(people.kari) } : {}),
    ...extra,
  };
}

const digestCards = (h: Harness) => h.connector.cardsTo(CHANNEL_ID).filter((c) => JSON.stringify(c).includes('Ukesoppsummering'));
const textsOf = (card: object): string[] => {
  const out: string[] = [];
  JSON.parse(JSON.stringify(card), (k, v) => {
    if ((k === 'text' || k === 'value') && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
};

/**
 * validateCard, accepting only the Teams chart elements the Adaptive Cards SDK does not know;
 * each must carry a fallback, and the card as an old client renders it (charts replaced by their
 * fallbacks) must validate cleanly.
 */
function assertValid(card: object): void {
  const r = validateCard(card);
  const others = r.problems.filter((p) => !/^parse: Unknown element type "Chart\.[A-Za-z.]+"/.test(p));
  assert.deepEqual(others, [], others.join('; '));
  assert.ok(r.bytes <= MAX_CARD_BYTES, `${r.bytes} bytes`);
  const old = JSON.parse(JSON.stringify(card), (_k, v) => {
    if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Chart.')) {
      assert.ok(v.fallback, `${v.type} has a fallback`);
      return v.fallback;
    }
    return v;
  });
  assert.deepEqual(validateCard(old).problems, []);
}

describe('digest: weekly channel digest', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('posts once per week at Friday 14:00 Oslo time with the numbers of the week', async () => {
    h = await startHarness({ now: '2026-11-30T07:00:00.000Z' }); // Monday
    const s = h.services;
    const plan = await seedPlan(h);
    assert.equal(plan.nextDigestAt, '2026-12-04T13:00:00.000Z', 'Friday 14:00 CET');
    // 1: cost 10 000 → 6 000 kr (Kari). 2: time 40 → 30 h per week (Per).
    await seedBenefit(h, plan, 1, { title: 'Lavere portokostnader' });
    await seedBenefit(h, plan, 2, { title: 'Mindre tid på papirskjema', type: 'time', unit: 't', baseline: 40, target: 30, owner: asPerson(people.per) });
    // The Monday prompts of 23 and 30 November asked about weeks 47 and 48.
    const W47 = '2026-11-16T08:00:00.000Z';
    const W48 = '2026-11-23T08:00:00.000Z';
    for (const r of [
      periodRow(plan, 1, W47, 'answered', 8_500),
      periodRow(plan, 1, W48, 'answered', 8_000),
      periodRow(plan, 2, W47, 'answered', 37),
      periodRow(plan, 2, W48, 'open', undefined, { promptedTo: people.per.id }),
    ])
      await s.storage.measurements.create(TENANT_ID, r);

    assert.equal((await h.runDue('2026-12-04T12:59:00.000Z')).digests, 0, 'not before 14:00');
    assert.equal(digestCards(h).length, 0);
    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 1);
    const [card] = digestCards(h);
    assertValid(card!);
    const all = textsOf(card!);
    // Realised: cost (10 000 − 8 500) + (10 000 − 8 000) = 3 500 kr; time 40 − 37 = 3 h × 500 =
    // 1 500 kr; total 5 000 kr. Pace: 3 h over one 7-day period × 365.25 = 156.5 h a year,
    // ÷ 1 695 = 0.09 FTE. Last 7 days: 2 prompts (30 November, about W48), 1 answered → 50 %.
    assert.ok(all.includes(`5${NBSP}000${NBSP}kr (kostnad 3${NBSP}500${NBSP}kr + tid 1${NBSP}500${NBSP}kr)`), all.join('\n'));
    assert.ok(all.includes(`3,0${NBSP}t · takt 156,5${NBSP}t per år ≈ 0,09 årsverk`));
    assert.ok(all.includes(`50${NBSP}% (1 av 2)`));
    // Benefit 1: 8 000 → 50 % achieved, −500 kr since the week before.
    assert.ok(all.includes(`Siste: 8${NBSP}000${NBSP}kr (uke 48 2026) · mål 6${NBSP}000${NBSP}kr innen 01.09.2027`));
    assert.ok(all.some((t) => t.startsWith(`50${NBSP}% oppnådd`) && t.includes(`\u2212500${NBSP}kr siden forrige måling`)));
    // Per has not answered week 48: a real mention.
    assert.ok(all.includes('Har ikke svart på siste måling ennå: <at>Per Hansen</at> («Mindre tid på papirskjema»)'), all.join('\n'));
    assert.deepEqual((card as { msteams: { entities: unknown[] } }).msteams.entities, [
      { type: 'mention', text: '<at>Per Hansen</at>', mentioned: { id: people.per.id, name: 'Per Hansen' } },
    ]);
    // The plan row: next Friday.
    const after = (await s.storage.plans.get(TENANT_ID, plan.id))!;
    assert.equal(after.nextDigestAt, '2026-12-11T13:00:00.000Z');

    // The same instant again: nothing new.
    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 0);
    // A process that died after posting but before moving the plan on: the ledger stops a repost,
    // and the plan is still moved to next week.
    const { etag, ...rest } = after;
    await s.storage.plans.update({ ...rest, nextDigestAt: '2026-12-04T13:00:00.000Z' }, etag);
    await s.storage.due.schedule({ at: '2026-12-04T13:00:00.000Z', tenantId: TENANT_ID, planId: plan.id, kind: 'digest' });
    assert.equal((await h.runDue('2026-12-04T13:05:00.000Z')).digests, 0);
    assert.equal(digestCards(h).length, 1, 'posted once');
    assert.equal((await s.storage.plans.get(TENANT_ID, plan.id))!.nextDigestAt, '2026-12-11T13:00:00.000Z');

    // Week 50: Per answers week 48 late (36 h) and both answer the prompt of 7 December (week 49).
    const w48 = (await s.storage.measurements.get(TENANT_ID, plan.id, 2, '2026-W48'))!;
    await s.storage.measurements.answer(TENANT_ID, w48, { ...periodRow(plan, 2, W48, 'answered', 36) }, '2026-12-07T10:00:00.000Z');
    const W49 = '2026-11-30T08:00:00.000Z';
    await s.storage.measurements.create(TENANT_ID, periodRow(plan, 1, W49, 'answered', 7_000));
    await s.storage.measurements.create(TENANT_ID, periodRow(plan, 2, W49, 'answered', 34));
    assert.equal((await h.runDue('2026-12-11T12:59:59.000Z')).digests, 0);
    assert.equal((await h.runDue('2026-12-11T13:00:00.000Z')).digests, 1);
    const second = digestCards(h)[1]!;
    assertValid(second);
    const all2 = textsOf(second);
    // Cost: 1 500 + 2 000 + 3 000 = 6 500 kr. Time: 3 + 4 + 6 = 13 h = 6 500 kr. Total 13 000 kr.
    // Pace: 13 h over 3 weekly periods (21 days) × 365.25 = 226.1 h a year ÷ 1 695 = 0.13 FTE.
    // Last 7 days (since 4 Dec 13:00Z): the two prompts of 7 December, both answered → 100 %.
    assert.ok(all2.includes(`13${NBSP}000${NBSP}kr (kostnad 6${NBSP}500${NBSP}kr + tid 6${NBSP}500${NBSP}kr)`), all2.join('\n'));
    assert.ok(all2.includes(`13,0${NBSP}t · takt 226,1${NBSP}t per år ≈ 0,13 årsverk`));
    assert.ok(all2.includes(`100${NBSP}% (2 av 2)`));
    assert.ok(all2.includes('Uke 50 · 11.12.2026 kl. 14:00'));
    assert.ok(!all2.some((t) => t.includes('<at>')), 'everybody answered');
    assert.equal((await s.storage.plans.get(TENANT_ID, plan.id))!.nextDigestAt, '2026-12-18T13:00:00.000Z');
  });

  it('keeps 14:00 local time across the change to summer time (13:00Z, then 12:00Z)', async () => {
    h = await startHarness({ now: '2027-03-20T10:00:00.000Z' });
    const plan = await seedPlan(h, { language: 'en' });
    await seedBenefit(h, plan, 1, {});
    assert.equal(plan.nextDigestAt, '2027-03-26T13:00:00.000Z');
    assert.equal((await h.runDue('2027-03-26T13:00:00.000Z')).digests, 1);
    // Summer time from Sunday 28 March: Friday 2 April 14:00 CEST = 12:00Z.
    assert.equal((await h.services.storage.plans.get(TENANT_ID, plan.id))!.nextDigestAt, '2027-04-02T12:00:00.000Z');
    assert.equal((await h.runDue('2027-04-02T11:59:00.000Z')).digests, 0);
    assert.equal((await h.runDue('2027-04-02T12:00:00.000Z')).digests, 1);
    const cards = h.connector.cardsTo(CHANNEL_ID);
    assert.equal(cards.length, 2);
    assert.ok(textsOf(cards[1]!).includes('Week 13 · 2027-04-02 14:00'), textsOf(cards[1]!).join('\n'));
    assert.ok(textsOf(cards[0]!).includes('Weekly digest: Digitalt tilsyn'));
  });

  it('drops the digest of an archived plan and a digest that was rescheduled', async () => {
    h = await startHarness({ now: '2026-11-30T07:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, {});
    // Rescheduled: the row now says Thursday; the Friday item is stale.
    const { etag, ...rest } = plan;
    await s.storage.plans.update({ ...rest, nextDigestAt: '2026-12-03T13:00:00.000Z' }, etag);
    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 0);
    assert.equal(h.connector.cardsTo(CHANNEL_ID).length, 0);

    const other = await seedPlan(h, { id: 'arkivert', name: 'Arkivert', archived: true });
    assert.equal((await h.runDue(other.nextDigestAt!)).digests, 0);
    assert.equal(h.connector.cardsTo(CHANNEL_ID).length, 0);
    assert.equal((await s.storage.due.listAllItems()).filter((i) => i.kind === 'digest').length, 0, 'nothing rescheduled');
  });

  it('`digest <plan>` posts now for an admin, with the portfolio of all plans, and answers "posted"', async () => {
    h = await startHarness({ now: '2026-12-02T10:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, {});
    await s.storage.measurements.create(TENANT_ID, periodRow(plan, 1, '2026-11-23T08:00:00.000Z', 'answered', 9_000));
    // Another plan of the tenant, with 30 000 − 10 000 = 20 000 kr measured this year.
    const other = await seedPlan(h, { id: 'sms-varsling', name: 'SMS-varsling' });
    await seedBenefit(h, other, 1, { baseline: 30_000 });
    await s.storage.measurements.create(TENANT_ID, periodRow(other, 1, '2026-11-16T08:00:00.000Z', 'answered', 10_000));
    // And an archived plan, whose gains are not in the portfolio.
    const archived = await seedPlan(h, { id: 'arkivert', name: 'Arkivert', archived: true });
    await seedBenefit(h, archived, 1, { baseline: 50_000 });
    await s.storage.measurements.create(TENANT_ID, periodRow(archived, 1, '2026-11-16T08:00:00.000Z', 'answered', 10_000));

    assert.equal(await h.sayInChannel(people.kari, 'digest digitalt-tilsyn'), 200);
    assert.equal(digestCards(h).length, 0, 'not an admin: nothing posted');

    assert.equal(await h.sayInChannel(people.ola, 'digest digitalt-tilsyn'), 200);
    const cards = digestCards(h);
    assert.equal(cards.length, 1);
    // This plan: 10 000 − 9 000 = 1 000 kr; portfolio 1 000 + 20 000 = 21 000 kr in 2 plans.
    assert.ok(textsOf(cards[0]!).includes(`21${NBSP}000${NBSP}kr realisert i 2 planer`), textsOf(cards[0]!).join('\n'));
    assert.ok(h.channelTexts().some((t) => t.includes('er lagt ut i kanalen')), h.channelTexts().join('\n'));
    // A manual digest has no weekly dedupe: asking again posts again.
    await h.sayInChannel(people.ola, 'digest digitalt-tilsyn');
    assert.equal(digestCards(h).length, 2);
  });

  it('every digest posted in one run shows the same portfolio: the sum of the plans\' realised gains, counting the plans', async () => {
    h = await startHarness({ now: '2026-11-30T07:00:00.000Z' });
    const s = h.services;
    // Two plans whose digests fall at the same minute (Friday 4 December 14:00), both in this channel.
    const a = await seedPlan(h);
    const b = await seedPlan(h, { id: 'sms-varsling', name: 'SMS-varsling' });
    await seedBenefit(h, a, 1, {});
    await seedBenefit(h, b, 1, { baseline: 30_000, target: 10_000 });
    // A: 10 000 − 5 500 = 4 500 kr; B: 30 000 − 13 100 = 16 900 kr; together 21 400 kr in 2 plans.
    await s.storage.measurements.create(TENANT_ID, periodRow(a, 1, '2026-11-23T08:00:00.000Z', 'answered', 5_500));
    await s.storage.measurements.create(TENANT_ID, periodRow(b, 1, '2026-11-23T08:00:00.000Z', 'answered', 13_100));
    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 2);
    const cards = digestCards(h);
    assert.equal(cards.length, 2);
    for (const card of cards) {
      assert.ok(textsOf(card).includes(`21${NBSP}400${NBSP}kr realisert i 2 planer`), textsOf(card).join('\n'));
    }
  });

  it('reads a plan of 50 benefits × 52 weeks in at most 5 table requests, and posts valid cards', async function () {
    this.timeout(120_000);
    h = await startHarness({ now: '2026-12-04T12:00:00.000Z' });
    const s = h.services;
    const plan = await seedPlan(h);
    const owners = [people.kari, people.per, people.ingrid, people.lars, people.siri];
    for (let n = 1; n <= 50; n++) {
      await seedBenefit(h, plan, n, {
        title: `Gevinst nummer ${n} i hjemmetjenesten`,
        type: (['cost', 'time', 'quality'] as const)[n % 3],
        unit: ['kr', 't', '%'][n % 3],
        baseline: 100,
        target: 50,
        start: '2025-12-01',
        owner: asPerson(owners[n % owners.length]!),
      });
    }
    // 52 weekly rows each, about the weeks from Monday 1 Dec 2025 to Monday 23 Nov 2026 (2 600 rows).
    const rows: PeriodRecord[] = [];
    for (let n = 1; n <= 50; n++) {
      for (let w = 0; w < 52; w++) {
        const start = new Date(Date.parse('2025-12-01T08:00:00.000Z') + w * 7 * 86_400_000).toISOString();
        rows.push(periodRow(plan, n, start, w === 51 && n % 10 === 0 ? 'open' : 'answered', w === 51 && n % 10 === 0 ? undefined : 100 - w / 2));
      }
    }
    // Batch inserts (100 rows a transaction) keep the seeding quick.
    const created = await s.storage.measurements.createMany(TENANT_ID, rows);
    assert.equal(created.filter(Boolean).length, 2_600);

    s.storage.store.resetCounter();
    const built = await loadDigest(s, TENANT_ID, plan.id, h.clock.now());
    const requests = s.storage.store.counter.count;
    assert.ok(requests <= 5, `digest read in ${requests} table requests`);
    assert.equal(built!.model.rows.length, 50);
    // Benefit 1 (time): latest W48 of 2026 = 100 − 51/2 = 74.5; achievement (74.5 − 100)/(50 − 100) = 51 %.
    assert.equal(built!.model.rows[0]!.latestValue, 74.5);
    assert.equal(built!.model.unanswered.reduce((k, u) => k + u.benefits.length, 0), 5);

    assert.equal((await h.runDue('2026-12-04T13:00:00.000Z')).digests, 1);
    const cards = digestCards(h);
    assert.ok(cards.length >= 1);
    for (const c of cards) assertValid(c);
  });
});
