// Leader confirmation of realised benefits, as a chat command and as the success notice's
// Confirm button: only the plan leader and admins; a refusal stores nothing; each confirmation
// is a record of its own with who, when, the amount to date and the comment.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import type { Benefit, PeriodRecord, Plan } from '../../src/domain/types';
import { CHANNEL_ID, people, personalConversationId, TEAM_ID, TENANT_ID } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';

const PLAN = 'digitalt-tilsyn';
const NBSP = '\u00a0';

async function seed(h: Harness, planId = PLAN, extra: Partial<Plan> = {}): Promise<void> {
  const st = h.services.storage;
  const now = h.clock.now().toISOString();
  const plan: Plan = {
    tenantId: TENANT_ID,
    id: planId,
    name: 'Digitalt tilsyn',
    channel: { conversationId: CHANNEL_ID, botId: '28:gevinstbot', teamId: TEAM_ID, channelId: CHANNEL_ID, serviceUrl: h.serviceUrl },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    language: 'nb',
    hourlyRate: 500,
    hoursPerFte: 1695,
    tolerance: 10,
    leader: { id: people.kari.id, name: people.kari.name },
    archived: false,
    nextBenefitNumber: 4,
    createdAt: now,
    createdBy: { id: people.ola.id, name: people.ola.name },
    ...extra,
  };
  await st.plans.create(plan);
  const base = { tenantId: TENANT_ID, planId, directionSet: false, cadence: 'mon 09:00', owner: { id: people.per.id, name: people.per.name }, state: 'tracking', createdAt: now } as const;
  const benefits: Benefit[] = [
    { ...base, number: 1, title: 'Færre papirbrev', type: 'cost', unit: 'NOK', baseline: 10000, baselineDate: '2026-10-01', target: 4000, due: '2027-06-30', direction: 'down' },
    { ...base, number: 2, title: 'Spart tid på tilsyn', type: 'time', unit: 'timer', baseline: 20, target: 10, due: '2027-06-30', direction: 'down' },
    { ...base, number: 3, title: 'Nytt mål uten nullpunkt', type: 'quality', unit: '%', target: 95, due: '2027-06-30', direction: 'up', state: 'planned' },
  ];
  for (const b of benefits) await st.benefits.create(b);
  const answer = async (n: number, period: string, start: string, value: number) => {
    const row: PeriodRecord = { planId, benefitNumber: n, period, periodStart: start, periodEnd: start, closesAt: '2027-01-01T00:00:00.000Z', state: 'open', baseline: false, version: 0 };
    const etag = await st.measurements.create(TENANT_ID, row);
    await st.measurements.answer(TENANT_ID, { ...row, etag }, { ...row, state: 'answered', value, by: base.owner, at: start, version: 1 }, start);
  };
  await answer(1, '2026-W45', '2026-11-02T07:00:00.000Z', 9000); // gain 1 000 kr
  await answer(1, '2026-W46', '2026-11-09T07:00:00.000Z', 7500); // gain 2 500 kr
  await answer(2, '2026-W45', '2026-11-02T07:00:00.000Z', 15); // 5 h = 2 500 kr
}

describe('confirm: leader confirmation of realised benefits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await seed(h);
  });
  after(async () => h.close());

  const stored = async () => {
    const { confirmations } = await h.services.storage.records.listPlan(TENANT_ID, PLAN);
    const benefit = await h.services.storage.benefits.get(TENANT_ID, PLAN, 1);
    const audit = (await h.services.storage.audit.list(TENANT_ID, PLAN)).filter((e) => e.action === 'benefit.confirm');
    return { confirmations, benefit, audit };
  };

  it('refuses the owner (neither leader nor admin) by chat, names who can, and stores nothing', async () => {
    h.connector.clear();
    await h.say(people.per, `confirm ${PLAN}/1 ser bra ut`);
    const texts = h.textsTo(people.per);
    assert.equal(texts.length, 1);
    assert.match(texts[0], /Kari Nordmann/);
    assert.match(texts[0], /administrator/);
    assert.match(texts[0], /Ingenting ble lagret/);
    const s = await stored();
    assert.equal(s.confirmations.length, 0);
    assert.equal(s.benefit?.confirmedAt, undefined);
    assert.equal(s.audit.length, 0);
  });

  it('refuses the Confirm button for a non-leader, keeps the button for the leader, and stores nothing', async () => {
    const r = await h.act(people.per, 'benefit.confirm', { planId: PLAN, benefit: '1' });
    assert.equal(r.status, 200);
    const card = JSON.stringify(r.card);
    assert.match(card, /Ikke bekreftet/);
    assert.match(card, /Kari Nordmann/);
    assert.match(card, /"verb":"benefit.confirm"/, 'the leader who sees the same card can still confirm');
    assert.match(card, /"lang":"nb"/, 'the kept button answers in the card’s language too');
    assert.ok(validateCard(r.card!).ok, JSON.stringify(validateCard(r.card!).problems));
    const s = await stored();
    assert.equal(s.confirmations.length, 0);
    assert.equal(s.benefit?.confirmedAt, undefined);
  });

  it('lets the leader confirm by chat: record, benefit row and audit entry with the amount to date', async () => {
    h.connector.clear();
    await h.say(people.kari, `confirm ${PLAN}/1 Bekreftet i ledermøtet`);
    const [text] = h.textsTo(people.kari);
    assert.match(text, new RegExp(`Gevinst ${PLAN}/1 «Færre papirbrev» er bekreftet av Kari Nordmann 30\\.11\\.2026 kl\\. 08:00: realisert hittil 3${NBSP}500${NBSP}kr \\(2 målte perioder\\)`));
    assert.match(text, /Kommentar: Bekreftet i ledermøtet/);
    const s = await stored();
    assert.equal(s.confirmations.length, 1);
    const c = s.confirmations[0];
    assert.equal(c.by.id, people.kari.id);
    assert.equal(c.at, '2026-11-30T07:00:00.000Z');
    assert.equal(c.realisedValue, 3500);
    assert.equal(c.realisedNok, 3500);
    assert.equal(c.comment, 'Bekreftet i ledermøtet');
    assert.equal(s.benefit?.confirmedBy?.name, 'Kari Nordmann');
    assert.equal(s.benefit?.confirmedValue, 3500);
    assert.equal(s.benefit?.confirmedAt, '2026-11-30T07:00:00.000Z');
    assert.equal(s.benefit?.title, 'Færre papirbrev', 'the rest of the benefit is untouched');
    assert.equal(s.audit.length, 1);
    assert.equal(s.audit[0].subject, `${PLAN}/1`);
  });

  it('shows the confirmation afterwards: benefit show says who, when and how much; lists mark it', async () => {
    h.connector.clear();
    await h.say(people.ola, `benefit show ${PLAN}/1`);
    const show = JSON.stringify(h.connector.cardsTo(personalConversationId(people.ola)).pop()).replace(/\u00a0/g, ' ');
    assert.match(show, /"title":"Bekreftet","value":"3 500 kr, av Kari Nordmann 30\.11\.2026 kl\. 08:00"/);
    await h.say(people.ola, `benefit show ${PLAN}/2`);
    assert.match(JSON.stringify(h.connector.cardsTo(personalConversationId(people.ola)).pop()), /"title":"Bekreftet","value":"ikke bekreftet ennå"/);
    await h.say(people.ola, `benefit list ${PLAN}`);
    const list = JSON.stringify(h.connector.cardsTo(personalConversationId(people.ola)).pop());
    assert.match(list, /Færre papirbrev[^]*✔ bekreftet/);
    assert.equal((list.match(/✔ bekreftet/g) ?? []).length, 1, 'only the confirmed benefit is marked');
    await h.say(people.ola, `plan show ${PLAN}`);
    assert.match(JSON.stringify(h.connector.cardsTo(personalConversationId(people.ola)).pop()), /Færre papirbrev[^]*✔ bekreftet/);
  });

  it('lets an admin confirm with the button; a second confirmation adds a record and overwrites none', async () => {
    h.clock.advance(3_600_000);
    const r = await h.act(people.ola, 'benefit.confirm', { planId: PLAN, benefit: '1' });
    assert.equal(r.status, 200);
    const card = JSON.stringify(r.card);
    assert.match(card, /Gevinst bekreftet/);
    assert.match(card, new RegExp(`Bekreftet av Ola Nordmann 30\\.11\\.2026 kl\\. 09:00: 3${NBSP}500${NBSP}kr`));
    assert.doesNotMatch(card, /"verb"/, 'the button is gone once confirmed');
    assert.ok(validateCard(r.card!).ok);
    const s = await stored();
    assert.equal(s.confirmations.length, 2);
    assert.deepEqual(s.confirmations.map((c) => c.by.name).sort(), ['Kari Nordmann', 'Ola Nordmann']);
    assert.equal(s.benefit?.confirmedBy?.name, 'Ola Nordmann', 'the benefit shows the latest');
    assert.equal(s.audit.length, 2);
  });

  it('keeps a channel card in the language it was posted in, whoever clicks and whatever their Teams says', async () => {
    // Ola chose English for his personal chat and runs Teams in English; the notice was Norwegian.
    await seed(h, 'sprak');
    await h.say(people.ola, 'language en', 'en-US');
    const nb = await h.act(people.ola, 'benefit.confirm', { planId: 'sprak', benefit: '2', lang: 'nb' }, 'en-US');
    assert.match(JSON.stringify(nb.card), /Gevinst bekreftet/);
    assert.doesNotMatch(JSON.stringify(nb.card), /Benefit confirmed|Confirmed by/);
    // A card of an English plan stays English for a Norwegian reader.
    await h.say(people.ola, 'språk nb', 'en-US');
    const en = await h.act(people.ola, 'benefit.confirm', { planId: 'sprak', benefit: '2', lang: 'en' }, 'nb-NO');
    assert.match(JSON.stringify(en.card), /Benefit confirmed/);
  });

  it('lets an admin added with `admin add` (people row) confirm too', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.lars.id, name: people.lars.name, isAdmin: true, updatedAt: h.clock.now().toISOString() });
    const r = await h.act(people.lars, 'benefit.confirm', { planId: PLAN, benefit: '1' });
    assert.match(JSON.stringify(r.card), /Bekreftet av Lars Olsen/);
    assert.equal((await stored()).confirmations.length, 3);
  });

  it('shows time benefits in hours and kroner', async () => {
    h.connector.clear();
    await h.say(people.kari, `confirm ${PLAN}/2`);
    assert.match(h.textsTo(people.kari)[0], new RegExp(`5,0${NBSP}t \\(2${NBSP}500${NBSP}kr\\)`));
    const { confirmations } = await h.services.storage.records.listPlan(TENANT_ID, PLAN);
    const c = confirmations.find((x) => x.benefitNumber === 2);
    assert.equal(c?.realisedHours, 5);
    assert.equal(c?.realisedNok, 2500);
  });

  it('says clearly what is wrong for an unknown plan or benefit, a benefit without baseline, a long comment or a bad card', async () => {
    const before = (await h.services.storage.records.listPlan(TENANT_ID, PLAN)).confirmations.length;
    h.connector.clear();
    await h.say(people.kari, 'confirm finnes-ikke/1');
    await h.say(people.kari, `confirm ${PLAN}/9`);
    await h.say(people.kari, `confirm ${PLAN}/3`);
    await h.say(people.kari, `confirm ${PLAN}/1 ${'x'.repeat(1001)}`);
    const [unknownPlan, unknownBenefit, noBaseline, tooLong] = h.textsTo(people.kari);
    assert.match(unknownPlan, /ingen plan med id «finnes-ikke»/);
    assert.match(unknownBenefit, /ingen gevinst nummer 9/);
    assert.match(noBaseline, /ikke noe nullpunkt/);
    assert.match(tooLong, /1001 tegn.*1000/);
    const bad = await h.act(people.kari, 'benefit.confirm', { planId: '../x', benefit: 'to' });
    assert.match(JSON.stringify(bad.card), /confirm ‹plan›\/‹nr›/);
    const after = (await h.services.storage.records.listPlan(TENANT_ID, PLAN)).confirmations.length;
    assert.equal(after, before, 'none of these stored anything');
  });

  it('refuses benefits of an archived plan', async () => {
    await seed(h, 'arkivert-plan', { archived: true, language: 'en' });
    const r = await h.act(people.ola, 'benefit.confirm', { planId: 'arkivert-plan', benefit: '1' });
    assert.match(JSON.stringify(r.card), /Plan “arkivert-plan” is archived/);
    const { confirmations } = await h.services.storage.records.listPlan(TENANT_ID, 'arkivert-plan');
    assert.equal(confirmations.length, 0);
  });
});
