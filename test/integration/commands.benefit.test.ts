// `benefit add|set|show|list|archive` over HTTP: every rule of the issue, checked on what the
// admin reads and on what is stored (benefit rows, due items, audit trail). Nothing is written
// when a command fails.
import assert from 'node:assert/strict';
import { TENANT_ID } from '../support/activities';
import { people, startHarness, type Harness } from '../support/harness';
import { addCommand, auditOf, benefitsOf, cardFacts, cardText, inChannel, inChat, plain, stranger } from '../support/commands';

const PLAN = 'hjemmetjenesten';

describe('commands: benefit', () => {
  let h: Harness;
  const count = async () => (await benefitsOf(h, PLAN)).length;
  before(async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Hjemmetjenesten');
    // Audit entries are ordered by time: later changes happen later.
    h.clock.advance(1000);
  });
  after(async () => h.close());

  describe('benefit add', () => {
    it('adds a benefit with every field, stores it, schedules its first prompt and target check, and says when the owner is asked', async () => {
      const r = await inChannel(
        h,
        people.ola,
        'benefit add hjemmetjenesten “Færre bomturer” type=tid unit=timer baseline="1 200" target=900,5 due=30.06.2027 ' +
          'owner={{mention:0}} deputy={{mention:1}} cadence="every 2 weeks thu 13:30" direction=down start=01.12.2026 ' +
          'message="Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke." realization="Flere besøk uten økt bemanning"',
        [people.kari, people.per],
      );
      assert.match(r.all, /Gevinsten \*\*Færre bomturer\*\* er lagt til som `hjemmetjenesten\/1`\. Kari Nordmann blir spurt om verdien annenhver torsdag kl\. 13:30, første gang 03\.12\.2026 kl\. 13:30\./);
      assert.match(r.all, /`benefit show hjemmetjenesten\/1`/);
      const b = await h.services.storage.benefits.get(TENANT_ID, PLAN, 1);
      assert.ok(b);
      assert.equal(b.title, 'Færre bomturer');
      assert.equal(b.type, 'time');
      assert.equal(b.unit, 'timer');
      assert.equal(b.baseline, 1200);
      assert.equal(b.baselineDate, '2026-11-30');
      assert.equal(b.target, 900.5);
      assert.equal(b.due, '2027-06-30');
      assert.equal(b.start, '2026-12-01');
      assert.equal(b.direction, 'down');
      assert.equal(b.directionSet, true);
      assert.equal(b.cadence, 'every 2 weeks thu 13:30');
      assert.equal(b.message, 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.');
      assert.equal(b.realization, 'Flere besøk uten økt bemanning');
      assert.deepEqual(b.owner, { id: people.kari.id, name: 'Kari Nordmann', aadObjectId: people.kari.aadObjectId, upn: 'kari.nordmann@example.no' });
      assert.equal(b.deputy?.id, people.per.id);
      assert.equal(b.state, 'tracking');
      assert.equal(b.nextPromptAt, '2026-12-03T12:30:00.000Z');
      const due = await h.services.storage.due.listDue('2028-01-01T00:00:00.000Z');
      assert.ok(due.some((d) => d.kind === 'prompt' && d.benefitNumber === 1 && d.at === '2026-12-03T12:30:00.000Z'));
      assert.ok(due.some((d) => d.kind === 'targetCheck' && d.benefitNumber === 1 && d.at === '2027-07-01T07:00:00.000Z'));
      assert.equal((await h.services.storage.plans.get(TENANT_ID, PLAN))?.nextBenefitNumber, 2);
      const person = await h.services.storage.people.get(TENANT_ID, people.kari.id);
      assert.equal(person?.upn, 'kari.nordmann@example.no', 'the owner is remembered for prompts');
      const audit = (await auditOf(h, PLAN))[0];
      assert.equal(audit?.action, 'benefit.add');
      assert.equal(audit?.subject, 'hjemmetjenesten/1');
      assert.equal((audit?.after as Record<string, unknown>).target, 900.5);
    });

    it('defaults: weekly Monday 09:00, direction inferred, owner by e-mail in a personal chat', async () => {
      const r = await inChat(h, people.ola, addCommand(PLAN, 'Mindre tid til dokumentasjon'));
      assert.match(r.all, /lagt til som `hjemmetjenesten\/2`\. Kari Nordmann blir spurt om verdien hver mandag kl\. 09:00, første gang 30\.11\.2026 kl\. 09:00\./);
      const b = await h.services.storage.benefits.get(TENANT_ID, PLAN, 2);
      assert.equal(b?.cadence, 'mon 09:00');
      assert.equal(b?.direction, 'down');
      assert.equal(b?.directionSet, false);
      assert.equal(b?.nextPromptAt, '2026-11-30T08:00:00.000Z');
    });

    it('baseline=unknown: planned, and the first prompt asks for the baseline', async () => {
      for (const word of ['unknown', 'ukjent', '?']) {
        const r = await inChat(h, people.ola, addCommand(PLAN, `Oppmøte ${word}`, { type: 'quality', unit: '%', baseline: word, target: '95' }));
        assert.match(r.all, /Nullpunktet er ikke kjent ennå, så Kari Nordmann blir først spurt om det, 30\.11\.2026 kl\. 09:00; deretter om verdien hver mandag kl\. 09:00\./, word);
      }
      const planned = (await benefitsOf(h, PLAN)).filter((b) => b.title.startsWith('Oppmøte'));
      assert.equal(planned.length, 3);
      for (const b of planned) {
        assert.equal(b.state, 'planned');
        assert.equal(b.baseline, undefined);
        assert.equal(b.baselineDate, undefined);
      }
    });

    it('each required key missing: names it, shows the right form, stores nothing', async () => {
      const before = await count();
      for (const key of ['type', 'unit', 'baseline', 'target', 'due', 'owner']) {
        const r = await inChat(h, people.ola, addCommand(PLAN, 'Mangler noe', { [key]: '' }));
        assert.match(r.all, new RegExp(`Disse nøklene mangler: ${key}\\.`), key);
        assert.match(r.all, /Riktig form:\n\n`benefit add ‹plan› "‹title›" type=cost\|time\|quality/, key);
      }
      const r = await inChat(h, people.ola, 'benefit add hjemmetjenesten "Nesten tom" type=cost');
      assert.match(r.all, /Disse nøklene mangler: unit, baseline, target, due, owner\./);
      const noTitle = await inChat(h, people.ola, 'benefit add hjemmetjenesten type=cost unit=kr baseline=1 target=2 due=30.06.2027 owner=kari.nordmann@example.no');
      assert.match(noTitle.all, /Tittelen mangler/);
      assert.equal(await count(), before);
    });

    it('bad numbers, dates, cadence, type and direction: each named with its value, nothing stored', async () => {
      const before = await count();
      const cases: [Record<string, string>, RegExp][] = [
        [{ baseline: 'abc' }, /«abc» er ikke et tall \(baseline\)/],
        [{ target: '1,2,3' }, /«1,2,3» er ikke et tall \(target\)/],
        [{ target: '1e13' }, /«1e13» er ikke et tall \(target\)/],
        [{ target: '9999999999999' }, /«9999999999999» er ikke et tall \(target\)/],
        [{ due: '31.02.2027' }, /«31\.02\.2027» er ikke en gyldig dato \(due\)/],
        [{ due: 'snart' }, /«snart» er ikke en gyldig dato \(due\)/],
        [{ due: '30.11.2026' }, /Måldatoen 30\.11\.2026 må være etter i dag \(30\.11\.2026\)\./],
        [{ start: '01.07.2027' }, /Måldatoen 30\.06\.2027 må være etter startdatoen 01\.07\.2027\./],
        [{ cadence: 'hver blåmåne' }, /«hver blåmåne» er ikke en gyldig frekvens for cadence/],
        [{ cadence: 'monthly 32 09:00' }, /dagen i måneden må være 1–31/],
        [{ type: 'penger' }, /«penger» er ikke en gevinsttype\. Bruk type=cost \(kostnad\), type=time \(tid\) eller type=quality \(kvalitet\)\./],
        [{ direction: 'sideways' }, /Retning må være up \(opp\) eller down \(ned\)/],
        [{ direction: 'up' }, /direction=up betyr at høyere er bedre, men målverdien 60 er lavere enn nullpunktet 120\./],
        [{ target: '120' }, /Målverdien er lik nullpunktet/],
        [{ unit: 'x'.repeat(31) }, /unit er for lang: 31 tegn, høyst 30\./],
        [{ message: 'm'.repeat(501) }, /message er for lang: 501 tegn, høyst 500\./],
        [{ deputy: 'kari.nordmann@example.no' }, /Stedfortrederen må være en annen enn gevinsteieren\./],
        [{ owner: 'ukjent.person@example.no' }, /Jeg finner ikke «ukjent\.person@example\.no» blant medlemmene i teamet/],
      ];
      for (const [extra, expected] of cases) {
        const r = await inChat(h, people.ola, addCommand(PLAN, 'Feil verdi', extra));
        assert.match(r.all, expected, JSON.stringify(extra));
        assert.match(r.all, /`benefit add ‹plan› "‹title›"/, JSON.stringify(extra));
      }
      const long = await inChat(h, people.ola, addCommand(PLAN, 't'.repeat(121)));
      assert.match(long.all, /title er for lang: 121 tegn, høyst 120\./);
      const several = await inChat(h, people.ola, addCommand(PLAN, 'Flere feil', { baseline: 'x', due: 'y', type: 'z' }));
      assert.match(several.all, /Dette må rettes \(ingenting ble endret\):\n\n- /);
      assert.equal(several.all.match(/^- /gm)?.length, 3);
      assert.equal(await count(), before);
      assert.equal((await h.services.storage.plans.get(TENANT_ID, PLAN))?.nextBenefitNumber, before + 1, 'no number was used up');
    });

    it('an owner mention of someone the team does not know: says who and what to do', async () => {
      const before = await count();
      const r = await inChannel(h, people.ola, addCommand(PLAN, 'Ukjent eier', { owner: '{{mention:0}}' }), [stranger]);
      assert.match(r.all, /Jeg finner ikke «Sven Fremmed» blant medlemmene i teamet\. Personen må være medlem av teamet der jeg er lagt til/);
      assert.equal(await count(), before);
    });

    it('an unknown plan, and a plan that is archived', async () => {
      const r = await inChat(h, people.ola, addCommand('finnes-ikke', 'Noe'));
      assert.match(r.all, /Jeg finner ingen plan med id `finnes-ikke`/);
      await inChannel(h, people.ola, 'plan new Arkivplan');
      await inChannel(h, people.ola, 'plan archive arkivplan');
      const a = await inChat(h, people.ola, addCommand('arkivplan', 'Noe'));
      assert.match(a.all, /Planen `arkivplan` er arkivert/);
      assert.equal((await benefitsOf(h, 'arkivplan')).length, 0);
    });

    it('five admins adding at once get five different numbers', async () => {
      await inChannel(h, people.ola, 'plan new Samtidig');
      const replies = await Promise.all([1, 2, 3, 4, 5].map((i) => inChat(h, people.ola, addCommand('samtidig', `Gevinst ${i}`))));
      for (const r of replies) assert.match(r.all, /lagt til som `samtidig\/\d`/);
      const numbers = (await benefitsOf(h, 'samtidig')).map((b) => b.number).sort();
      assert.deepEqual(numbers, [1, 2, 3, 4, 5]);
      assert.equal((await h.services.storage.plans.get(TENANT_ID, 'samtidig'))?.nextBenefitNumber, 6);
    });
  });

  describe('benefit set', () => {
    it('changes fields, reschedules the prompt for a new cadence and the target check for a new date', async () => {
      h.clock.set('2026-11-30T09:00:00.000Z');
      const r = await inChannel(
        h,
        people.ola,
        'benefit set hjemmetjenesten/2 title="Mindre tid til dokumentasjon i journal" cadence="monthly 1 08:00" due=2027-12-31 owner={{mention:0}}',
        [people.ingrid],
      );
      assert.match(r.all, /Gevinsten \*\*Mindre tid til dokumentasjon i journal\*\* \(`hjemmetjenesten\/2`\) er endret:/);
      assert.match(r.all, /- Tittel: Mindre tid til dokumentasjon i journal/);
      assert.match(r.all, /- Målefrekvens: den 1\. hver måned kl\. 08:00/);
      assert.match(r.all, /- Måldato: 31\.12\.2027/);
      assert.match(r.all, /- Gevinsteier: Ingrid Johansen/);
      assert.match(r.all, /- Neste spørsmål til eier: 01\.12\.2026 kl\. 08:00/);
      assert.match(r.all, /Ingrid Johansen får neste spørsmål\./);
      const b = await h.services.storage.benefits.get(TENANT_ID, PLAN, 2);
      assert.equal(b?.cadence, 'monthly 1 08:00');
      assert.equal(b?.nextPromptAt, '2026-12-01T07:00:00.000Z');
      assert.equal(b?.owner.id, people.ingrid.id);
      assert.equal(b?.due, '2027-12-31');
      const due = await h.services.storage.due.listDue('2029-01-01T00:00:00.000Z');
      assert.ok(due.some((d) => d.kind === 'prompt' && d.benefitNumber === 2 && d.at === '2026-12-01T07:00:00.000Z'));
      assert.ok(due.some((d) => d.kind === 'targetCheck' && d.benefitNumber === 2 && d.at === '2028-01-03T08:00:00.000Z'));
      const audit = (await auditOf(h, PLAN))[0];
      assert.equal(audit?.action, 'benefit.set');
      assert.deepEqual(Object.keys(audit?.after ?? {}).sort(), ['cadence', 'due', 'owner', 'title']);
    });

    it('a baseline for a planned benefit starts tracking it', async () => {
      const planned = (await benefitsOf(h, PLAN)).find((b) => b.state === 'planned');
      assert.ok(planned);
      const r = await inChat(h, people.ola, `benefit set hjemmetjenesten/${planned.number} baseline=80,5`);
      assert.match(plain(r.all), /- Nullpunkt: 80,5 % \(30\.11\.2026\)/);
      const b = await h.services.storage.benefits.get(TENANT_ID, PLAN, planned.number);
      assert.equal(b?.state, 'tracking');
      assert.equal(b?.baseline, 80.5);
      assert.equal(b?.baselineDate, '2026-11-30');
      assert.equal(b?.direction, 'up');
    });

    it('all or nothing, and the rules across fields hold for the changed benefit', async () => {
      const before = await h.services.storage.benefits.get(TENANT_ID, PLAN, 1);
      const cases: [string, RegExp][] = [
        ['title="Ny" target=abc', /«abc» er ikke et tall \(target\)/],
        ['target=1300', /direction=down betyr at lavere er bedre, men målverdien 1 300 er høyere enn nullpunktet 1 200\./],
        ['baseline=ukjent', /Nullpunktet er allerede satt\. Det kan rettes \(baseline=‹tall›\), men ikke fjernes\./],
        ['due=01.01.2026', /Måldatoen 01\.01\.2026 må være etter i dag \(30\.11\.2026\)\./],
        ['deputy={{mention:0}}', /Stedfortrederen må være en annen enn gevinsteieren\./],
        ['owner={{mention:0}}', /Jeg finner ikke «Sven Fremmed»/],
        ['cadence="every 60 weeks mon 09:00"', /antall uker må være 1–52/],
        ['trget=5', /Ukjent nøkkel «trget»\. Mente du «target»\?/],
      ];
      for (const [args, expected] of cases) {
        const mention = args.includes('deputy') ? [people.kari] : args.includes('owner') ? [stranger] : [];
        const r = await inChannel(h, people.ola, `benefit set hjemmetjenesten/1 ${args}`, mention);
        assert.match(plain(r.all), expected, args);
        assert.match(r.all, /`benefit set ‹plan›\/‹n› key=value…/, args);
      }
      const after = await h.services.storage.benefits.get(TENANT_ID, PLAN, 1);
      assert.deepEqual({ ...after, etag: '' }, { ...before, etag: '' });
    });

    it('an unknown benefit, and a reference that is not one', async () => {
      const r = await inChat(h, people.ola, 'benefit set hjemmetjenesten/99 target=5');
      assert.match(r.all, /Jeg finner ingen gevinst `hjemmetjenesten\/99`\. Skriv `benefit list hjemmetjenesten` for å se gevinstene i planen\./);
      const r2 = await inChat(h, people.ola, 'benefit show hjemmetjenesten-2');
      assert.match(r2.all, /«hjemmetjenesten-2» er ikke en gevinst\. Skriv den som `‹plan›\/‹nummer›`/);
      const r3 = await inChat(h, people.ola, 'benefit show finnes-ikke/1');
      assert.match(r3.all, /Jeg finner ingen plan med id `finnes-ikke`/);
    });
  });

  describe('benefit show and benefit list', () => {
    it('show: the fields, the latest value with achievement and status, the history, and who changed it last', async () => {
      const m = h.services.storage.measurements;
      const base = { planId: PLAN, benefitNumber: 1, baseline: false, promptedTo: people.kari.id, by: { id: people.kari.id, name: 'Kari Nordmann' } };
      await m.create(TENANT_ID, { ...base, period: '2026-W49', periodStart: '2026-12-03T12:30:00.000Z', periodEnd: '2026-12-17T12:30:00.000Z', closesAt: '2026-12-31T12:30:00.000Z', state: 'answered', promptedAt: '2026-12-03T12:30:00.000Z', value: 1100, at: '2026-12-03T13:00:00.000Z', version: 1 });
      await m.create(TENANT_ID, { ...base, period: '2026-W51', periodStart: '2026-12-17T12:30:00.000Z', periodEnd: '2026-12-31T12:30:00.000Z', closesAt: '2027-01-14T12:30:00.000Z', state: 'answered', promptedAt: '2026-12-17T12:30:00.000Z', value: 1050, at: '2026-12-17T13:00:00.000Z', version: 2 });
      await m.create(TENANT_ID, { ...base, period: '2026-W53', periodStart: '2026-12-31T12:30:00.000Z', periodEnd: '2027-01-14T12:30:00.000Z', closesAt: '2027-01-28T12:30:00.000Z', state: 'skipped', promptedAt: '2026-12-31T12:30:00.000Z', reason: 'Ferie', version: 1 });
      h.clock.set('2027-01-05T08:00:00.000Z');
      const r = await inChannel(h, people.ola, 'benefit show hjemmetjenesten/1');
      const f = cardFacts(r.cards[0]);
      const text = cardText(r.cards[0]);
      assert.match(text, /^hjemmetjenesten\/1: Færre bomturer\nHvis brukeren er hjemme i ti av ti tilfeller/);
      assert.equal(f.get('Plan'), 'Hjemmetjenesten (hjemmetjenesten)');
      assert.equal(f.get('Type'), 'Tid (spart tid)');
      assert.equal(plain(f.get('Nullpunkt') ?? ''), '1 200 timer (30.11.2026)');
      assert.equal(plain(f.get('Målverdi') ?? ''), '900,5 timer innen 30.06.2027');
      assert.equal(f.get('Retning'), 'ned (lavere er bedre)');
      assert.equal(f.get('Startdato'), '01.12.2026');
      assert.equal(f.get('Målefrekvens'), 'annenhver torsdag kl. 13:30');
      assert.equal(f.get('Gevinsteier'), 'Kari Nordmann');
      assert.equal(f.get('Stedfortreder'), 'Per Hansen');
      assert.equal(f.get('Gevinstuttak'), 'Flere besøk uten økt bemanning');
      assert.equal(plain(f.get('Siste verdi') ?? ''), '1 050 timer (uke 51 2026)');
      assert.equal(plain(f.get('Siste perioder') ?? ''), 'uke 53 2026: kunne ikke måles · uke 51 2026: 1 050 timer · uke 49 2026: 1 100 timer', 'the last periods, newest first');
      assert.equal(plain(f.get('Endring') ?? ''), '\u221250 timer');
      assert.equal(plain(f.get('Måloppnåelse') ?? ''), '50 %');
      assert.match(f.get('Status') ?? '', /^🟢 I rute$/);
      assert.equal(f.get('Perioder'), '3 spurt · 2 besvart · 1 kunne ikke måles · 0 eier borte · 0 ubesvart');
      assert.equal(plain(f.get('Realisert hittil') ?? ''), '250,0 t (150 000 kr)');
      assert.match(text, /Sist endret av Ola Nordmann, 30\.11\.2026 kl\. 08:00/);
    });

    it('list: every benefit with owner, latest value, target and a status word', async () => {
      const r = await inChat(h, people.ola, 'benefit list hjemmetjenesten');
      const text = plain(cardText(r.cards[0]));
      assert.match(text, /^Gevinster i Hjemmetjenesten \(\d+\)/);
      assert.match(text, /hjemmetjenesten\/1 · Færre bomturer\nEier: Kari Nordmann · Siste: 1 050 timer \(uke 51 2026\) · Mål: 900,5 timer innen 30\.06\.2027 · 🟢 I rute/);
      assert.match(text, /hjemmetjenesten\/2 · Mindre tid til dokumentasjon i journal\nEier: Ingrid Johansen · Siste: ingen ennå · Mål: 60 timer innen 31\.12\.2027 · ⚪ Ingen data/);
      assert.match(text, /⏳ Venter på nullpunkt/);
      const unknown = await inChat(h, people.ola, 'benefit list finnes-ikke');
      assert.match(unknown.all, /Jeg finner ingen plan med id `finnes-ikke`/);
    });
  });

  describe('benefit archive', () => {
    it('archives: no more prompts, history kept, shown as archived, and no further changes', async () => {
      const r = await inChat(h, people.ola, 'benefit archive hjemmetjenesten/2');
      assert.match(r.all, /Gevinsten \*\*Mindre tid til dokumentasjon i journal\*\* \(`hjemmetjenesten\/2`\) er arkivert\. Påminnelsene er stoppet; historikken er tatt vare på\./);
      const b = await h.services.storage.benefits.get(TENANT_ID, PLAN, 2);
      assert.equal(b?.state, 'archived');
      assert.equal(b?.nextPromptAt, undefined);
      assert.equal(b?.title, 'Mindre tid til dokumentasjon i journal');
      const set = await inChat(h, people.ola, 'benefit set hjemmetjenesten/2 target=10');
      assert.match(set.all, /Gevinsten `hjemmetjenesten\/2` er arkivert: historikken er tatt vare på, men den kan ikke endres\./);
      const list = await inChat(h, people.ola, 'benefit list hjemmetjenesten');
      assert.match(cardText(list.cards[0]), /hjemmetjenesten\/2 · Mindre tid til dokumentasjon i journal\n.*🗄️ Arkivert/);
      assert.match((await inChat(h, people.ola, 'benefit archive hjemmetjenesten/2')).all, /var allerede arkivert/);
      assert.match((await inChat(h, people.ola, 'benefit archive hjemmetjenesten/77')).all, /Jeg finner ingen gevinst `hjemmetjenesten\/77`/);
    });
  });
});

describe('commands: benefit set deputy=none', () => {
  let h: Harness;
  after(async () => h?.close());

  it('removes the deputy (ingen too); the owner cannot be removed that way', async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Hjemmetjenesten');
    await inChannel(h, people.ola, 'benefit add hjemmetjenesten "Færre bomturer" type=time unit=timer baseline=6 target=1 due=30.06.2027 owner={{mention:0}} deputy={{mention:1}}', [people.kari, people.per]);
    assert.equal((await h.services.storage.benefits.get(TENANT_ID, PLAN, 1))?.deputy?.id, people.per.id);
    await inChat(h, people.ola, 'benefit set hjemmetjenesten/1 deputy=none');
    assert.equal((await h.services.storage.benefits.get(TENANT_ID, PLAN, 1))?.deputy, undefined);
    await inChannel(h, people.ola, 'benefit set hjemmetjenesten/1 deputy={{mention:0}}', [people.per]);
    await inChat(h, people.ola, 'benefit set hjemmetjenesten/1 deputy=ingen');
    assert.equal((await h.services.storage.benefits.get(TENANT_ID, PLAN, 1))?.deputy, undefined);
    const refused = await inChat(h, people.ola, 'benefit set hjemmetjenesten/1 owner=ingen');
    assert.match(refused.all, /ingen/);
    assert.equal((await h.services.storage.benefits.get(TENANT_ID, PLAN, 1))?.owner.id, people.kari.id, 'the owner stays');
  });
});

describe('commands: benefit units follow the type', () => {
  let h: Harness;
  after(async () => h?.close());

  it('refuses type=time in visits and type=cost in hours, says to use type=quality, and stores nothing', async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Hjemmetjenesten');
    const time = await inChannel(h, people.ola, 'benefit add hjemmetjenesten "Flere besøk" type=time unit=besøk baseline=20 target=22 due=30.06.2027 owner={{mention:0}}', [people.kari]);
    assert.match(time.all, /type=time måles i timer.*ikke i «besøk»\. Bruk type=quality/);
    const cost = await inChannel(h, people.ola, 'benefit add hjemmetjenesten "Porto" type=cost unit=timer baseline=3000 target=500 due=30.06.2027 owner={{mention:0}}', [people.kari]);
    assert.match(cost.all, /type=cost måles i kroner/);
    assert.equal((await h.services.storage.benefits.list(TENANT_ID, PLAN)).length, 0);
    const ok = await inChannel(h, people.ola, 'benefit add hjemmetjenesten "Flere besøk" type=quality unit=besøk baseline=20 target=22 due=30.06.2027 owner={{mention:0}}', [people.kari]);
    assert.match(ok.all, /hjemmetjenesten\/1/);
  });
});
