// Owner commands: `my` shows what I own or deputise for, with open prompts, and stays within
// Teams' card size however many benefits a person has.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { people, personalConversationId, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, seedBenefit, seedPlan } from '../support/seed';

describe('owner commands: my', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('lists my benefits and deputy roles with their open measurements', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    await seedBenefit(h, plan, 2, { owner: asPerson(people.per), deputy: asPerson(people.kari), title: 'Kortere saksbehandling' });
    await seedBenefit(h, plan, 3, { owner: asPerson(people.lars), title: 'Ikke min' });
    await h.runDue('2026-12-07T08:00:00.000Z');
    h.clock.set(new Date('2026-12-07T09:00:00.000Z'));
    await h.say(people.kari, 'my');
    const cards = h.connector.cardsTo(personalConversationId(people.kari)).map((c) => JSON.stringify(c).replace(/\u00a0/g, ' '));
    const card = cards[cards.length - 1];
    assert.match(card, /Dine gevinster \(2\)/);
    assert.match(card, /Flere besøk 1/);
    assert.match(card, /du er stedfortreder for Per Hansen/);
    assert.match(card, /measure digitalt-tilsyn\/1/);
    assert.doesNotMatch(card, /Ikke min/);
  });

  it('says so when I own nothing, and fits a card for someone with very many benefits', async () => {
    h = await startHarness();
    await h.say(people.siri, 'my');
    assert.match(h.textsTo(people.siri).join('\n'), /ikke gevinsteier eller stedfortreder/);
    const plan = await seedPlan(h);
    for (let n = 1; n <= 100; n++) await seedBenefit(h, plan, n, { title: `Gevinst nummer ${n} ${'med en lang tittel '.repeat(5)}` });
    await h.say(people.kari, 'my');
    const cards = h.connector.cardsTo(personalConversationId(people.kari));
    const check = validateCard(cards[cards.length - 1]);
    assert.deepEqual(check.problems, []);
    assert.match(JSON.stringify(cards[cards.length - 1]), /de \d+ første av 100 gevinster/);
  });
});

describe('portfolio line', () => {
  let h: Harness;
  after(async () => h?.close());

  it('plan list shows the realised total this year across all plans, from their measurements', async () => {
    h = await startHarness();
    const a = await seedPlan(h);
    const b = await seedPlan(h, { id: 'sms-paminnelser', name: 'SMS-påminnelser' });
    // a: 20 h saved a week, 2 weeks, at 600 kr/h = 24 000 kr; b: 130 567 kr of avoided postage.
    await seedBenefit(h, a, 1, { baseline: 20, target: 40 });
    await seedBenefit(h, b, 1, { type: 'cost', unit: 'kr', baseline: 150_000, target: 10_000 });
    for (const [plan, week, value] of [[a, '2026-W47', 40], [a, '2026-W48', 40], [b, '2026-W48', 19_433]] as const) {
      const start = week === '2026-W47' ? '2026-11-16T08:00:00.000Z' : '2026-11-23T08:00:00.000Z';
      await h.services.storage.measurements.create(TENANT_ID, {
        planId: plan.id,
        benefitNumber: 1,
        period: week,
        periodStart: start,
        periodEnd: new Date(Date.parse(start) + 7 * 86_400_000).toISOString(),
        closesAt: '2026-12-21T08:00:00.000Z',
        state: 'answered',
        baseline: false,
        promptedAt: new Date(Date.parse(start) + 7 * 86_400_000).toISOString(),
        value,
        version: 1,
      });
    }
    await h.say(people.ola, 'plan list');
    const cards = h.connector.cardsTo(personalConversationId(people.ola));
    const card = JSON.stringify(cards[cards.length - 1]).replace(/\u00a0/g, ' ');
    assert.match(card, /Realisert i år, alle planer: 154 567 kr \(2 planer\)/);
  });
});
