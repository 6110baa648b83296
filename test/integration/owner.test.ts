// Owner commands: `my` shows what I own or deputise for, with open prompts, and stays within
// Teams' card size however many benefits a person has.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { people, personalConversationId } from '../support/activities';
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

  it('plan list shows the realised total this year across all plans, from the plans refreshed by digests', async () => {
    h = await startHarness();
    const a = await seedPlan(h);
    const b = await seedPlan(h, { id: 'sms-paminnelser', name: 'SMS-påminnelser' });
    await h.services.storage.plans.update({ ...a, realisedYear: 2026, realisedNokYear: 120_000 }, a.etag);
    await h.services.storage.plans.update({ ...b, realisedYear: 2026, realisedNokYear: 34_567 }, b.etag);
    await h.say(people.ola, 'plan list');
    const cards = h.connector.cardsTo(personalConversationId(people.ola));
    const card = JSON.stringify(cards[cards.length - 1]).replace(/\u00a0/g, ' ');
    assert.match(card, /154 567 kr/);
    assert.match(card, /2 planer/);
  });
});
