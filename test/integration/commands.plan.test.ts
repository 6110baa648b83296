// `plan new|list|show|set|archive` over HTTP, as an admin types them in Teams: what the admin
// reads back and what is stored (plans, due items, audit trail).
import assert from 'node:assert/strict';
import { CHANNEL_ID, TENANT_ID } from '../support/activities';
import { people, startHarness, type Harness } from '../support/harness';
import { auditOf, cardFacts, cardText, inChannel, inChat, plain, plansOf, stranger } from '../support/commands';

describe('commands: plan', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  describe('plan new', () => {
    it('creates a plan bound to this channel with the documented defaults, and says what it did', async () => {
      const r = await inChannel(h, people.ola, 'plan new Digitalt tilsyn');
      const text = plain(r.texts.join('\n'));
      assert.match(text, /Planen \*\*Digitalt tilsyn\*\* er opprettet med id `digitalt-tilsyn`/);
      assert.match(text, /hver fredag kl\. 14:00 \(første 04\.12\.2026 kl\. 14:00\)/);
      assert.match(text, /tidssone Europe\/Oslo, timepris 600 kr per time, 1 695 timer per årsverk, toleranse 10 prosentpoeng, planleder Ola Nordmann/);
      assert.match(text, /`plan set digitalt-tilsyn nøkkel=verdi`/);
      assert.match(text, /Neste steg: .*`benefit add digitalt-tilsyn "‹tittel›"/);

      const plan = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn');
      assert.ok(plan);
      assert.equal(plan.name, 'Digitalt tilsyn');
      assert.deepEqual(plan.channel, {
        conversationId: CHANNEL_ID,
        // The test channel is the team's General channel (its id is the team's), named in the reader's language.
        general: true,
        botId: '28:gevinstbot',
        teamId: CHANNEL_ID,
        channelId: CHANNEL_ID,
        serviceUrl: h.serviceUrl,
      });
      assert.equal(plan.digest, 'fri 14:00');
      assert.equal(plan.timezone, 'Europe/Oslo');
      assert.equal(plan.hourlyRate, 600);
      assert.equal(plan.hoursPerFte, 1695);
      assert.equal(plan.tolerance, 10);
      assert.equal(plan.language, undefined);
      assert.equal(plan.leader?.id, people.ola.id);
      assert.equal(plan.archived, false);
      assert.equal(plan.nextBenefitNumber, 1);
      assert.equal(plan.nextDigestAt, '2026-12-04T13:00:00.000Z');
      const due = await h.services.storage.due.listDue('2026-12-31T00:00:00.000Z');
      assert.ok(due.some((d) => d.kind === 'digest' && d.planId === 'digitalt-tilsyn' && d.at === plan.nextDigestAt));
      const audit = await auditOf(h, 'digitalt-tilsyn');
      assert.equal(audit[0]?.action, 'plan.new');
      assert.equal(audit[0]?.by.id, people.ola.id);
    });

    it('refuses a second plan with the same name, and stores nothing', async () => {
      const r = await inChannel(h, people.ola, 'plan new digitalt TILSYN');
      assert.match(r.all, /Det finnes allerede en plan som heter «digitalt TILSYN» \(id `digitalt-tilsyn`\)/);
      assert.match(r.all, /`plan new ‹name›`/);
      assert.equal((await plansOf(h)).length, 1);
    });

    it('gives a different name with the same slug its own id', async () => {
      const r = await inChannel(h, people.ola, 'plan new Digitalt tilsyn!');
      assert.match(r.all, /id `digitalt-tilsyn-2`/);
      assert.ok(await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn-2'));
    });

    it('typed in a personal chat: says to run it in the project channel, and stores nothing', async () => {
      const before = (await plansOf(h)).length;
      const r = await inChat(h, people.ola, 'plan new Sykehjem');
      assert.match(r.all, /Skriv kommandoen i prosjektkanalen og @-omtal meg: \*\*@Gevinstbot plan new Sykehjem\*\*/);
      assert.equal((await plansOf(h)).length, before);
    });

    it('without a name: says the name is missing and shows the right form', async () => {
      const r = await inChannel(h, people.ola, 'plan new');
      assert.match(r.all, /Navnet på planen mangler\./);
      assert.match(r.all, /Riktig form:\n\n`plan new ‹name›`/);
    });

    it('refuses a name without letters or digits, and a name over 80 characters', async () => {
      const before = (await plansOf(h)).length;
      assert.match((await inChannel(h, people.ola, 'plan new 🚀🚀')).all, /må ha minst én bokstav eller ett tall/);
      assert.match((await inChannel(h, people.ola, `plan new ${'a'.repeat(81)}`)).all, /name er for lang: 81 tegn, høyst 80/);
      assert.equal((await plansOf(h)).length, before);
    });
  });

  describe('plan list and plan show', () => {
    it('plan list shows every plan with id, number of benefits, status and channel', async () => {
      const r = await inChannel(h, people.ola, 'plan list');
      assert.equal(r.cards.length, 1);
      const text = cardText(r.cards[0]);
      assert.match(text, /Planer \(2\)/);
      assert.match(text, /Digitalt tilsyn\ndigitalt-tilsyn · 0 gevinster · Aktiv · Generelt \(denne kanalen\)/);
      assert.match(text, /digitalt-tilsyn-2 · 0 gevinster · Aktiv/);
      assert.deepEqual((r.cards[0] as { msteams?: unknown }).msteams, { width: 'Full' });
    });

    it('plan show shows the settings in human form and who changed it last', async () => {
      const r = await inChat(h, people.ola, 'plan show digitalt-tilsyn');
      const facts = cardFacts(r.cards[0]);
      assert.equal(facts.get('Id'), 'digitalt-tilsyn');
      assert.equal(facts.get('Status'), 'Aktiv');
      assert.equal(facts.get('Planleder'), 'Ola Nordmann');
      assert.equal(facts.get('Oppsummering'), 'hver fredag kl. 14:00');
      assert.equal(facts.get('Neste oppsummering'), '04.12.2026 kl. 14:00');
      assert.equal(facts.get('Tidssone'), 'Europe/Oslo');
      assert.equal(facts.get('Språk'), 'Norsk bokmål (standard)');
      assert.equal(plain(facts.get('Timepris') ?? ''), '600 kr per time');
      assert.equal(plain(facts.get('Timer per årsverk') ?? ''), '1 695 timer');
      assert.equal(facts.get('Toleranse'), '10 prosentpoeng');
      assert.match(cardText(r.cards[0]), /Sist endret av Ola Nordmann, 30\.11\.2026 kl\. 08:00/);
      assert.match(cardText(r.cards[0]), /Gevinster \(0\)/);
    });

    it('an unknown plan: says so and points to plan list', async () => {
      for (const cmd of ['plan show finnes-ikke', 'plan set finnes-ikke tolerance=5', 'plan archive finnes-ikke']) {
        const r = await inChannel(h, people.ola, cmd);
        assert.match(r.all, /Jeg finner ingen plan med id `finnes-ikke`\. Skriv `plan list` for å se planene\./, cmd);
      }
    });

    it('a plan id that cannot be one: says what a plan id looks like', async () => {
      const r = await inChannel(h, people.ola, 'plan show Digitalt_Tilsyn!');
      assert.match(r.all, /«Digitalt_Tilsyn!» er ikke en plan-id/);
      assert.match(r.all, /`plan show ‹plan›`/);
    });
  });

  describe('plan set', () => {
    it('changes several settings at once, reschedules the digest and audits before → after', async () => {
      h.clock.set('2026-11-30T08:00:00.000Z');
      const r = await inChannel(
        h,
        people.ola,
        'plan set digitalt-tilsyn digest="mon 10:00" timezone=europe/helsinki hourlyRate="750,5" hoursPerFte=1 700 tolerance=15 leader={{mention:0}}'.replace(
          'hoursPerFte=1 700',
          'hoursPerFte="1 700"',
        ),
        [people.per],
      );
      const text = plain(r.all);
      assert.match(text, /Planen \*\*Digitalt tilsyn\*\* \(`digitalt-tilsyn`\) er endret:/);
      assert.match(text, /- Oppsummering: hver mandag kl\. 10:00/);
      assert.match(text, /- Tidssone: Europe\/Helsinki/);
      assert.match(text, /- Timepris: 750,5 kr per time/);
      assert.match(text, /- Timer per årsverk: 1 700 timer/);
      assert.match(text, /- Toleranse: 15 prosentpoeng/);
      assert.match(text, /- Planleder: Per Hansen/);
      assert.match(text, /- Neste oppsummering: 07\.12\.2026 kl\. 10:00/);
      const plan = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn');
      assert.ok(plan);
      assert.equal(plan.digest, 'mon 10:00');
      assert.equal(plan.timezone, 'Europe/Helsinki');
      assert.equal(plan.hourlyRate, 750.5);
      assert.equal(plan.hoursPerFte, 1700);
      assert.equal(plan.tolerance, 15);
      assert.equal(plan.leader?.id, people.per.id);
      assert.equal(plan.leader?.upn, 'per.hansen@example.no');
      assert.equal(plan.nextDigestAt, '2026-12-07T08:00:00.000Z');
      const audit = (await auditOf(h, 'digitalt-tilsyn'))[0];
      assert.equal(audit?.action, 'plan.set');
      assert.deepEqual(audit?.before, { digest: 'fri 14:00', timezone: 'Europe/Oslo', hourlyRate: 600, hoursPerFte: 1695, tolerance: 10, leader: { id: people.ola.id, name: 'Ola Nordmann' } });
      assert.deepEqual(audit?.after, { digest: 'mon 10:00', timezone: 'Europe/Helsinki', hourlyRate: 750.5, hoursPerFte: 1700, tolerance: 15, leader: { id: people.per.id, name: 'Per Hansen' } });
      const show = await inChannel(h, people.ola, 'plan show digitalt-tilsyn');
      assert.match(cardText(show.cards[0]), /Sist endret av Ola Nordmann, 30\.11\.2026 kl\. 10:00/);
    });

    it('all or nothing: one bad value among good ones changes nothing, and every problem is named', async () => {
      const before = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn');
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn name="Nytt navn" timezone=Oslo/Europe tolerance=101 hourlyRate=abc digest="fre 25:00"');
      assert.match(r.all, /Dette må rettes \(ingenting ble endret\):/);
      assert.match(r.all, /«Oslo\/Europe» er ikke en tidssone jeg kjenner\. Bruk et IANA-navn; mente du Europe\/Oslo\?/);
      assert.match(r.all, /tolerance må være mellom 0 og 100; «101» er utenfor\./);
      assert.match(r.all, /«abc» er ikke et tall \(hourlyRate\)/);
      assert.match(r.all, /«fre 25:00» er ikke en gyldig frekvens for digest: klokkeslettet mangler eller er umulig/);
      assert.match(r.all, /`plan set ‹plan› key=value…/);
      const after = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn');
      assert.deepEqual({ ...after, etag: '' }, { ...before, etag: '' });
    });

    it('a bad time zone alone gets a suggestion', async () => {
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn timezone=Europe/Olso');
      assert.match(r.all, /«Europe\/Olso» er ikke en tidssone jeg kjenner\. Bruk et IANA-navn; mente du Europe\/Oslo\?/);
    });

    it('an unknown key gets a suggestion and the right form', async () => {
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn toleranse=5 timezon=UTC');
      assert.match(r.all, /Ukjent nøkkel «timezon»\. Mente du «timezone»\?/);
      assert.match(r.all, /Riktig form:\n\n`plan set ‹plan› key=value… \(keys: name, digest, timezone, language, hourlyRate, hoursPerFte, tolerance, leader\)`/);
    });

    it('a leader who is not in the team: names who could not be found, and changes nothing', async () => {
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn leader={{mention:0}}', [stranger]);
      assert.match(r.all, /Jeg finner ikke «Sven Fremmed» blant medlemmene i teamet\. Personen må være medlem av teamet/);
      assert.equal((await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn'))?.leader?.id, people.per.id);
      const r2 = await inChat(h, people.ola, 'plan set digitalt-tilsyn leader=nobody@example.no');
      assert.match(r2.all, /Jeg finner ikke «nobody@example\.no»/);
    });

    it('refuses a name another plan has', async () => {
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 name="Digitalt tilsyn"');
      assert.match(r.all, /Det finnes allerede en plan som heter «Digitalt tilsyn» \(id `digitalt-tilsyn`\)/);
    });

    it('language=en answers and shows the plan in English from then on, whatever the Teams locale', async () => {
      const r = await inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 language=en');
      assert.match(r.all, /The plan \*\*Digitalt tilsyn!\*\* \(`digitalt-tilsyn-2`\) was changed:\n\n- Language: English/);
      const show = await inChannel(h, people.ola, 'plan show digitalt-tilsyn-2', [], 'nb-NO');
      assert.equal(cardFacts(show.cards[0]).get('Digest'), 'every Friday at 14:00');
      const back = await inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 language=auto');
      assert.match(back.all, /Planen \*\*Digitalt tilsyn!\*\* .* er endret:\n\n- Språk: Norsk bokmål \(standard\)/);
      assert.equal((await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn-2'))?.language, undefined);
    });

    it('two admins changing a plan at the same time both get their change (etag, retried)', async () => {
      const [a, b] = await Promise.all([
        inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 tolerance=20'),
        inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 hoursPerFte=1600'),
      ]);
      assert.match(a.all, /er endret/);
      assert.match(b.all, /er endret/);
      const plan = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn-2');
      assert.equal(plan?.tolerance, 20);
      assert.equal(plan?.hoursPerFte, 1600);
    });
  });

  describe('plan archive', () => {
    it('archives the plan, keeps its data, stops its digest, and refuses changes afterwards', async () => {
      h.clock.advance(60_000);
      const r = await inChannel(h, people.ola, 'plan archive digitalt-tilsyn-2');
      assert.match(r.all, /Planen \*\*Digitalt tilsyn!\*\* \(`digitalt-tilsyn-2`\) er arkivert\. Påminnelser og oppsummeringer er stoppet; alle data er tatt vare på\./);
      const plan = await h.services.storage.plans.get(TENANT_ID, 'digitalt-tilsyn-2');
      assert.equal(plan?.archived, true);
      assert.equal(plan?.nextDigestAt, undefined);
      assert.equal(plan?.tolerance, 20);
      const again = await inChannel(h, people.ola, 'plan archive digitalt-tilsyn-2');
      assert.match(again.all, /var allerede arkivert/);
      const set = await inChannel(h, people.ola, 'plan set digitalt-tilsyn-2 tolerance=5');
      assert.match(set.all, /Planen `digitalt-tilsyn-2` er arkivert: dataene er tatt vare på, men den kan ikke endres\./);
      const list = await inChannel(h, people.ola, 'plan list');
      assert.match(cardText(list.cards[0]), /digitalt-tilsyn-2 · 0 gevinster · Arkivert/);
      assert.equal((await auditOf(h, 'digitalt-tilsyn-2'))[0]?.action, 'plan.archive');
    });
  });
});
