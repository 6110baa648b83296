// Answers to prompts: one tap stores the value, a second answer corrects it (history kept), the
// wrong person or a bad value changes nothing and says why, and a forged or closed prompt gets
// nowhere. Also: reminders, away/deputy routing, unreachable owners, throttling.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { people, personalConversationId, TENANT_ID } from '../support/activities';
import { pressAction } from '../support/cardClient';
import { startHarness, type Harness } from '../support/harness';
import { asPerson, promptCards, promptIdOf, seedBenefit, seedPlan } from '../support/seed';

const MONDAY = '2026-12-07T08:00:00.000Z'; // 09:00 Oslo on the Monday of week 50: asks about week 49
// What a person reads: formatted numbers use no-break spaces (U+00A0), shown as spaces.
const text = (card: unknown) => JSON.stringify(card ?? {}).replace(/\u00a0/g, ' ');

async function promptedHarness(opts: { deputy?: boolean; baseline?: boolean } = {}) {
  const h = await startHarness();
  const plan = await seedPlan(h);
  await seedBenefit(h, plan, 1, {
    ...(opts.deputy ? { deputy: asPerson(people.per) } : {}),
    ...(opts.baseline === false ? { baseline: undefined } : {}),
  });
  assert.equal((await h.runDue(MONDAY)).prompts, 1);
  h.clock.set(new Date('2026-12-07T09:00:00.000Z'));
  const promptId = promptIdOf(promptCards(h, people.kari)[0]);
  return { h, plan, promptId };
}

const row = (h: Harness, period = '2026-W49') => h.services.storage.measurements.get(TENANT_ID, 'digitalt-tilsyn', 1, period);

describe('answers: prompt cards answered in one tap', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('stores a valid answer and replaces the card with a confirmation showing the achievement', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    const r = await h.act(people.kari, 'measurement.submit', { promptId, value: '25', comment: 'Bra uke' });
    assert.equal(r.status, 200);
    assert.match(text(r.card), /25 timer er registrert for uke 49 2026/);
    assert.match(text(r.card), /50 %/, 'achievement (25 − 20) / (30 − 20) = 50 %');
    assert.match(text(r.card), /measurement\.correct/);
    assert.deepEqual(validateCard(r.card!).problems, []);
    const stored = await row(h);
    assert.equal(stored?.state, 'answered');
    assert.equal(stored?.value, 25);
    assert.equal(stored?.comment, 'Bra uke');
    assert.equal(stored?.by?.id, people.kari.id);
    assert.equal(stored?.version, 1);
    // The next week's prompt shows it as the previous value.
    assert.equal((await h.runDue('2026-12-14T08:00:00.000Z')).prompts, 1);
    const next = text(promptCards(h, people.kari)[1]);
    assert.match(next, /uke 50 2026/);
    assert.match(next, /Forrige måling[^]*25 timer \(uke 49 2026\)/);
  });

  it('treats a second answer for the same period as a correction and keeps the first in the history', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    await h.act(people.kari, 'measurement.submit', { promptId, value: '25' });
    const again = await h.act(people.kari, 'measurement.submit', { promptId, value: '24,5' });
    assert.match(text(again.card), /24,5 timer/);
    assert.match(text(again.card), /den forrige verdien er tatt vare på i historikken/);
    const stored = await row(h);
    assert.equal(stored?.value, 24.5);
    assert.equal(stored?.version, 2);
    const history = await h.services.storage.measurements.listHistory(TENANT_ID, 'digitalt-tilsyn');
    assert.deepEqual(history.map((x) => [x.value, x.version]), [[25, 1]]);
    const current = await h.services.storage.measurements.listPlan(TENANT_ID, 'digitalt-tilsyn');
    assert.equal(current.length, 1, 'never a second measurement for the period');
  });

  it('refuses someone who is neither owner nor deputy, and stores nothing', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    const r = await h.act(people.lars, 'measurement.submit', { promptId, value: '25' });
    assert.equal(r.status, 200);
    assert.match(text(r.card), /Bare gevinsteieren \(Kari Nordmann\)/);
    assert.equal((await row(h))?.version, 0);
  });

  it('accepts the deputy', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness({ deputy: true }));
    const r = await h.act(people.per, 'measurement.submit', { promptId, value: '22' });
    assert.match(text(r.card), /22 timer er registrert/);
    assert.equal((await row(h))?.by?.id, people.per.id);
  });

  for (const [value, why] of [
    ['NaN', /ikke et tall/],
    ['Infinity', /ikke et tall/],
    ['12abc', /ikke et tall/],
    ['-5', /kan ikke være negativ/],
    ['99999999999999', /for stort/],
    ['', /Skriv inn et tall/],
  ] as const) {
    it(`shows the error by the field for the value ${JSON.stringify(value)} and stores nothing`, async () => {
      let promptId: string;
      ({ h, promptId } = await promptedHarness());
      const r = await h.act(people.kari, 'measurement.submit', { promptId, value });
      assert.equal(r.status, 200);
      assert.match(text(r.card), why);
      assert.match(text(r.card), /measurement\.submit/, 'the same card comes back to try again');
      assert.deepEqual(validateCard(r.card!).problems, []);
      assert.equal((await row(h))?.version, 0);
    });
  }

  it('gets nowhere with a forged or malformed promptId', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    for (const forged of ['digitalt-tilsyn/1/2026-W48', 'digitalt-tilsyn/2/2026-W49', 'annen-plan/1/2026-W49', "x' or PartitionKey ne '", '../../etc', '']) {
      const r = await h.act(people.kari, 'measurement.submit', { promptId: forged, value: '25' });
      assert.equal(r.status, 200);
      assert.match(text(r.card), /finner ikke denne målingen/, forged);
    }
    assert.equal((await h.services.storage.measurements.listPlan(TENANT_ID, 'digitalt-tilsyn')).filter((x) => x.version > 0).length, 0);
    assert.ok(promptId);
  });

  it('refuses an answer once the period has closed (end of the following period)', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    h.clock.set(new Date('2026-12-14T12:00:00.000Z')); // week 51: late answers still welcome
    assert.match(text((await h.act(people.kari, 'measurement.submit', { promptId, value: '23' })).card), /registrert/);
    h.clock.set(new Date('2026-12-21T08:00:00.000Z')); // Monday of week 52, 09:00: closed
    const r = await h.act(people.kari, 'measurement.submit', { promptId, value: '24' });
    assert.match(text(r.card), /er avsluttet/);
    assert.equal((await row(h))?.value, 23);
  });

  it('answers a click on a card whose period closed unanswered without claiming a value', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    h.clock.set(new Date('2026-12-21T08:00:00.000Z')); // closed, never answered
    const r = await h.act(people.kari, 'measurement.submit', { promptId, value: '24' });
    assert.match(text(r.card), /Ingen måling ble registrert for uke 49 2026/);
    assert.match(text(r.card), /er avsluttet/);
    assert.doesNotMatch(text(r.card), /Takk!/, 'nothing was recorded, so nothing to thank for');
    assert.equal((await row(h))?.version, 0);
  });

  it("stores 'can't measure this time' with its reason, and asks for one when it is missing", async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness());
    const missing = await h.act(people.kari, 'measurement.skip', { promptId, reason: '  ' });
    assert.match(text(missing.card), /Skriv kort hvorfor/);
    assert.equal((await row(h))?.version, 0);
    const r = await h.act(people.kari, 'measurement.skip', { promptId, reason: 'Fagsystemet var nede hele uka' });
    assert.match(text(r.card), /kan ikke måles for uke 49/);
    const stored = await row(h);
    assert.equal(stored?.state, 'skipped');
    assert.equal(stored?.reason, 'Fagsystemet var nede hele uka');
    assert.equal(stored?.value, undefined);
  });

  it("lets an owner send 'can't measure this time' from the card in two taps, with no value typed", async () => {
    ({ h } = await promptedHarness());
    const card = promptCards(h, people.kari)[0]!;
    // As a Teams client presses it: the reason is required, the value (empty) must not block it.
    const skip = pressAction(card, 'measurement.skip', { reason: 'Ferie, ingen tall denne uka' });
    assert.deepEqual(skip.blocked, [], 'the skip can be sent without a value');
    const r = await h.act(people.kari, 'measurement.skip', skip.data as Record<string, string>);
    assert.match(text(r.card), /Registrert: kan ikke måles for uke 49 2026/);
    assert.equal((await row(h))?.state, 'skipped');
    // Without a reason the client holds it back and says why.
    assert.deepEqual(pressAction(card, 'measurement.skip', {}).blocked, ['reason']);
    // Submit with no value is answered by the card with the message by the field.
    const empty = await h.act(people.kari, 'measurement.submit', pressAction(promptCards(h, people.kari)[0]!, 'measurement.submit', {}).data as Record<string, string>);
    assert.match(text(empty.card), /Skriv inn et tall/);
  });

  it('sets the baseline from the first answer of a planned benefit', async () => {
    let promptId: string;
    ({ h, promptId } = await promptedHarness({ baseline: false }));
    const r = await h.act(people.kari, 'measurement.submit', { promptId, value: '18' });
    assert.match(text(r.card), /Nullpunktet er satt til 18 timer/);
    const b = await h.services.storage.benefits.get(TENANT_ID, 'digitalt-tilsyn', 1);
    assert.equal(b?.baseline, 18);
    assert.equal(b?.state, 'tracking');
  });

  it('records `measure` exactly as the card would, and then sends no reminder', async () => {
    ({ h } = await promptedHarness());
    assert.equal(await h.say(people.kari, 'measure digitalt-tilsyn/1 26 travel uke'), 200);
    assert.ok(h.textsTo(people.kari).some((t) => /Registrert 26\stimer/.test(t)));
    const stored = await row(h);
    assert.equal(stored?.value, 26);
    assert.equal(stored?.comment, 'travel uke');
    const update = h.connector.updates.find((u) => u.conversationId === personalConversationId(people.kari));
    assert.ok(update, 'the prompt card in the chat was replaced by the confirmation');
    assert.equal((await h.runDue('2026-12-08T08:00:00.000Z')).reminders, 0);
  });

  it('reminds once after 24 hours when unanswered, on a working day', async () => {
    ({ h } = await promptedHarness());
    assert.equal((await h.runDue('2026-12-08T07:59:00.000Z')).reminders, 0);
    assert.equal((await h.runDue('2026-12-08T08:00:00.000Z')).reminders, 1);
    assert.equal((await h.runDue('2026-12-08T08:05:00.000Z')).reminders, 0);
    const cards = promptCards(h, people.kari);
    assert.equal(cards.length, 2);
    assert.match(text(cards[1]), /Påminnelse/);
  });

  it('reminds a Friday prompt on Monday, never at the weekend', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, { cadence: 'fri 09:00' });
    assert.equal((await h.runDue('2026-12-04T08:00:00.000Z')).prompts, 1); // Friday 4 December
    assert.equal((await h.runDue('2026-12-05T08:00:00.000Z')).reminders, 0);
    assert.equal((await h.runDue('2026-12-06T08:00:00.000Z')).reminders, 0);
    assert.equal((await h.runDue('2026-12-07T08:00:00.000Z')).reminders, 1);
  });

  it('sends the prompt to the deputy while the owner is away, and marks the period when there is none', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1, { deputy: asPerson(people.per) });
    await seedBenefit(h, plan, 2, { owner: asPerson(people.lars) });
    await h.say(people.kari, 'away until 20.12.2026');
    await h.say(people.lars, 'borte til 20.12.2026');
    assert.match(h.textsTo(people.kari).join('\n'), /borte til og med 20\.12\.2026/);
    await h.runDue(MONDAY);
    assert.equal(promptCards(h, people.kari).length, 0);
    assert.equal(promptCards(h, people.per).length, 1);
    assert.match(text(promptCards(h, people.per)[0]), /Kari Nordmann er borte/);
    assert.equal(promptCards(h, people.lars).length, 0);
    const lars = await h.services.storage.measurements.get(TENANT_ID, plan.id, 2, '2026-W49');
    assert.equal(lars?.state, 'away', 'owner away, not missed');
    await h.say(people.kari, 'back');
    await h.runDue('2026-12-14T08:00:00.000Z');
    assert.equal(promptCards(h, people.kari).length, 1);
  });

  it('marks an owner that Teams refuses (403) unreachable and stops prompting until they write again', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    h.connector.blockConversation(people.kari.id, 403);
    assert.equal((await h.runDue(MONDAY)).prompts, 0);
    const stored = await row(h);
    assert.equal(stored?.state, 'unreachable');
    const conv = await h.services.storage.conversations.getPersonal(TENANT_ID, people.kari.id);
    assert.equal(conv?.unreachable, true);
    const attempts = () => h.connector.requests.filter((r) => r.conversationId === personalConversationId(people.kari) || r.memberId === people.kari.id).length;
    const before = attempts();
    await h.runDue('2026-12-14T08:00:00.000Z');
    assert.equal(attempts(), before, 'no new attempt to an unreachable owner');
    h.connector.unblockConversation(people.kari.id);
    await h.say(people.kari, 'hei');
    assert.equal((await h.runDue('2026-12-21T08:00:00.000Z')).prompts, 1, 'reachable again after writing to the bot');
  });

  it('delivers every prompt through 429 (Retry-After: 2) and 503 faults, never before Retry-After', async function () {
    this.timeout(120_000);
    h = await startHarness();
    const plan = await seedPlan(h);
    const owners = Object.values(people);
    for (let n = 1; n <= 16; n++) await seedBenefit(h, plan, n, { owner: asPerson(owners[n % owners.length]) });
    h.connector.setFaultRate({ p429: 0.2, retryAfter: 2, p5xx: 0.1, seed: 7 });
    let sent = 0;
    for (let minute = 0; minute < 5 && sent < 16; minute++) {
      sent += (await h.runDue(new Date(Date.parse(MONDAY) + minute * 60_000).toISOString())).prompts;
    }
    assert.equal(sent, 16);
    const delivered = owners.map((o) => promptCards(h, o).length).reduce((a, b) => a + b, 0);
    assert.equal(delivered, 16, 'each prompt delivered once');
    assert.ok(h.connector.stats.throttled > 0, 'the fault injection did throttle');
    assert.equal(h.connector.earlyRetries(), 0, `no send before its Retry-After expired: ${JSON.stringify(h.connector.earlyRetryDetails())} ${JSON.stringify(h.connector.requests.filter((r) => r.conversationId === 'a:fake-29:kari').map((r) => [r.kind, r.status, r.at, r.retryAllowedAt]))}`);
  });
});

describe('answers: one exchange, one language', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('confirms in the language the prompt card was sent in, whatever locale the click carries', async () => {
    h = await startHarness();
    const plan = await seedPlan(h);
    await seedBenefit(h, plan, 1);
    await h.runDue(MONDAY); // Kari never wrote to the bot: the prompt is in Norwegian (the default)
    const promptId = promptIdOf(promptCards(h, people.kari)[0]);
    const r = await h.act(people.kari, 'measurement.submit', { promptId, value: '25' }, 'en-US');
    assert.match(text(r.card), /25 timer er registrert for uke 49 2026/);
    // An English Teams client alone changes nothing; the person's own choice does.
    await h.say(people.per, 'hello', 'en-US');
    await seedBenefit(h, plan, 2, { owner: asPerson(people.per) });
    await seedBenefit(h, plan, 3, { owner: asPerson(people.lars) });
    await h.say(people.lars, 'language en', 'nb-NO');
    await h.runDue('2026-12-14T08:00:00.000Z');
    assert.match(text(promptCards(h, people.per)[0]), /Hva ble resultatet for uke 50 2026/, 'Norwegian by default, whatever the client says');
    const larsCard = promptCards(h, people.lars)[0];
    assert.match(text(larsCard), /What was the result for week 50 2026/, 'English for someone who chose it');
    // Lars switches back to Norwegian afterwards: the English card is still answered in English.
    await h.say(people.lars, 'språk nb');
    const answered = await h.act(people.lars, 'measurement.submit', { promptId: promptIdOf(larsCard), value: '22' });
    assert.match(text(answered.card), /Thank you! 22 timer is recorded for week 50 2026/, `the exchange keeps its language: ${text(answered.card)}`);
  });
});
