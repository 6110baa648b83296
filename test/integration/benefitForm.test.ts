// The benefit form over HTTP, as Teams uses it: `plan new` answers with a button that opens it,
// `benefit add <plan>` / `benefit set <plan>/<n>` answer with it, and its Action.Execute submit
// does exactly what the typed command does. Each problem is shown beside its field and nothing is
// stored until all are fixed; people pickers submit AAD object ids that resolve to team members;
// only admins can save, and a form saves once however often it is submitted.
import assert from 'node:assert/strict';
import { validateCard } from '../../src/cards/validate';
import { FORM_CLAIM_STALE_MS } from '../../src/services/benefitForm';
import { TEAM_ID, TENANT_ID, asMember, people } from '../support/activities';
import { actionNamed, inputsOf, submitData, textAfterInput } from '../support/cardForms';
import { addCommand, auditOf, benefitsOf, cardText, inChannel, inChat, plain, stranger } from '../support/commands';
import { startHarness, type Harness } from '../support/harness';

const PLAN = 'hjemmetjenesten';

/** What a section head fills in for a new benefit (people by the AAD object id Teams submits). */
const GOOD = {
  title: 'Flere besøk per uke',
  type: 'quality',
  unit: 'besøk',
  baseline: '20',
  target: '22',
  due: '2027-06-30',
  owner: people.kari.aadObjectId,
  deputy: people.per.aadObjectId,
  cadence: 'fri 14:00',
  message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
  realization: 'Flere besøk uten økt bemanning',
};

function assertValid(card: Record<string, unknown> | undefined): Record<string, unknown> {
  assert.ok(card, 'a card came back');
  const check = validateCard(card);
  assert.ok(check.ok, check.problems.join('\n'));
  return card;
}

describe('benefit form', () => {
  let h: Harness;
  const count = async () => (await benefitsOf(h, PLAN)).length;

  /** The add form for the plan, from `benefit add <plan>` in the admin's personal chat. */
  async function addForm(locale?: string): Promise<Record<string, unknown>> {
    const r = await inChat(h, people.ola, `benefit add ${PLAN}`, locale);
    assert.equal(r.cards.length, 1, r.all);
    return r.cards[0]!;
  }

  async function submit(form: Record<string, unknown>, typed: Record<string, string>, by = people.ola) {
    const action = actionNamed(form, /^(Lagre gevinsten|Lagre endringene|Save the benefit|Save the changes)$/);
    const r = await h.act(by, action.verb!, submitData(form, action, typed));
    assert.equal(r.status, 200);
    return assertValid(r.card);
  }

  before(async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Hjemmetjenesten');
    h.clock.advance(1000);
  });
  after(async () => h.close());

  it('plan new answers with the plan and a button that opens the benefit form', async () => {
    const r = await inChannel(h, people.ola, 'plan new Tannhelse SMS');
    assert.match(r.all, /Planen \*\*Tannhelse SMS\*\* er opprettet med id `tannhelse-sms`/);
    const card = r.cards[0];
    const button = actionNamed(card, 'Legg til en gevinst');
    const opened = await h.act(people.ola, button.verb!, button.data ?? {});
    const form = assertValid(opened.card);
    assert.match(cardText(form), /Ny gevinst i Tannhelse SMS/);
    assert.ok(inputsOf(form).has('title'));
  });

  it('benefit add <plan> answers with the form: every field, Norwegian whatever the Teams locale, people pickers over the team', async () => {
    const form = await addForm('en-US');
    assertValid(form);
    assert.ok(Number((form as { version: string }).version) <= 1.5);
    const text = cardText(form);
    assert.match(text, /Ny gevinst i Hjemmetjenesten/);
    const inputs = inputsOf(form);
    assert.deepEqual([...inputs.keys()], ['title', 'type', 'unit', 'baseline', 'target', 'due', 'owner', 'deputy', 'cadence', 'cadenceOther', 'message', 'realization']);
    assert.deepEqual(
      (inputs.get('type')!.choices as { title: string; value: string }[]).map((c) => [c.value, c.title]),
      [
        ['cost', 'Kostnad – kroner spart'],
        ['time', 'Tid – timer spart'],
        ['quality', 'Kvalitet – bedre tjeneste, valgfri enhet'],
      ],
    );
    assert.equal(inputs.get('due')!.type, 'Input.Date');
    for (const picker of ['owner', 'deputy']) {
      const p = inputs.get(picker)!;
      assert.equal(p.type, 'Input.ChoiceSet');
      assert.deepEqual(p['choices.data'], { type: 'Data.Query', dataset: 'graph.microsoft.com/users?scope=currentContext' });
    }
    assert.equal(inputs.get('owner')!.label, 'Gevinsteier (svarer når det er tid for å måle)');
    assert.match(String(inputs.get('baseline')!.placeholder), /«ukjent»/);
    const cadences = (inputs.get('cadence')!.choices as { title: string; value: string }[]).map((c) => c.title);
    assert.deepEqual(cadences, ['Hver mandag kl. 09:00', 'Hver fredag kl. 14:00', 'Annenhver mandag kl. 09:00', 'Den 1. hver måned kl. 09:00', 'Hver arbeidsdag kl. 08:00', 'Annen – skriv den i feltet under']);
    assert.equal(inputs.get('cadence')!.value, 'mon 09:00', 'the default cadence is chosen');
  });

  it('a valid form adds the benefit exactly as benefit add does, and replaces the form with the result', async () => {
    const before = await count();
    const form = await addForm();
    const card = await submit(form, GOOD);
    const text = cardText(card);
    assert.match(text, /Gevinsten er lagt til/);
    assert.match(text, /\*\*Flere besøk per uke\*\* er lagt til som `hjemmetjenesten\/\d+`\. Kari Nordmann blir spurt om verdien hver fredag kl\. 14:00, første gang 04\.12\.2026 kl\. 14:00\./);
    assert.equal(inputsOf(card).size, 0, 'the form is gone');
    assert.equal(await count(), before + 1);
    const viaForm = (await benefitsOf(h, PLAN)).at(-1)!;
    // The people pickers' AAD object ids resolved to the team members, as a mention would.
    assert.deepEqual(viaForm.owner, { id: people.kari.id, name: 'Kari Nordmann', aadObjectId: people.kari.aadObjectId, upn: 'kari.nordmann@example.no' });
    assert.equal(viaForm.deputy?.id, people.per.id);

    // The same benefit typed as a command is stored the same way.
    await inChannel(
      h,
      people.ola,
      'benefit add hjemmetjenesten "Flere besøk per uke (kommando)" type=quality unit=besøk baseline=20 target=22 due=30.06.2027 owner={{mention:0}} deputy={{mention:1}} ' +
        `cadence="fri 14:00" message="${GOOD.message}" realization="${GOOD.realization}"`,
      [people.kari, people.per],
    );
    const viaCommand = (await benefitsOf(h, PLAN)).at(-1)!;
    const comparable = (b: typeof viaForm) => {
      const { number: _n, title: _t, etag: _e, sourceId: _s, ...rest } = b;
      return rest;
    };
    assert.deepEqual(comparable(viaForm), comparable(viaCommand));
    const audit = (await auditOf(h, PLAN)).find((a) => a.subject === `${PLAN}/${viaForm.number}`);
    assert.equal(audit?.action, 'benefit.add');
    assert.equal(audit?.by.id, people.ola.id);
  });

  const invalid: [string, Record<string, string>, string, RegExp][] = [
    ['an empty title', { title: '' }, 'title', /Dette feltet må fylles ut\./],
    ['a title that is too long', { title: 'x'.repeat(121) }, 'title', /Tittel er for lang: 121 tegn, høyst 120\./],
    ['no type', { type: '' }, 'type', /Dette feltet må fylles ut\./],
    ['a made-up type', { type: 'penger' }, 'type', /Velg en av de tre gevinsttypene\./],
    ['a unit that is not hours for time', { type: 'time', unit: 'besøk' }, 'unit', /Tid måles i timer: skriv «timer».*velg Kvalitet for «besøk»/],
    ['no unit', { unit: '' }, 'unit', /Dette feltet må fylles ut\./],
    ['a baseline that is not a number', { baseline: 'mange' }, 'baseline', /«mange» er ikke et tall\. Skriv f\.eks\. 12,5 eller 1 200\./],
    ['no baseline', { baseline: '' }, 'baseline', /Dette feltet må fylles ut\./],
    ['a target that is not a number', { target: '22 besøk' }, 'target', /«22 besøk» er ikke et tall/],
    ['a target equal to the baseline', { target: '20' }, 'target', /Målverdien er lik nullpunktet/],
    ['a target date in the past', { due: '2025-06-30' }, 'due', /Måldatoen 30\.06\.2025 må være etter i dag \(30\.11\.2026\)\./],
    ['no target date', { due: '' }, 'due', /Dette feltet må fylles ut\./],
    ['no owner', { owner: '' }, 'owner', /Dette feltet må fylles ut\./],
    ['an owner who is not in the team', { owner: stranger.aadObjectId }, 'owner', /Jeg finner ikke denne personen blant medlemmene i teamet/],
    ['a deputy who is the owner', { deputy: people.kari.aadObjectId }, 'deputy', /Stedfortrederen må være en annen enn gevinsteieren\./],
    ['a cadence typed wrong', { cadenceOther: 'hver blåmåne' }, 'cadenceOther', /«hver blåmåne» er ikke en målefrekvens jeg forstår/],
    ['a benefit message that is too long', { message: 'm'.repeat(501) }, 'message', /Gevinstbudskap er for lang: 501 tegn, høyst 500\./],
    ['a realisation that is too long', { realization: 'r'.repeat(501) }, 'realization', /Gevinstuttak er for lang: 501 tegn, høyst 500\./],
  ];
  for (const [what, typed, field, message] of invalid) {
    it(`${what}: the form comes back with the problem beside ${field}, what was typed kept, nothing stored`, async () => {
      const before = await count();
      const auditBefore = (await auditOf(h, PLAN)).length;
      const card = await submit(await addForm(), { ...GOOD, ...typed });
      assert.match(textAfterInput(card, field), message);
      assert.match(cardText(card), /Rett det som er merket med rødt, og trykk «Lagre gevinsten» igjen\. Ingenting er lagret ennå\./);
      for (const [id, value] of Object.entries({ ...GOOD, ...typed })) {
        if (id !== 'owner' && id !== 'deputy' && id !== 'type') assert.equal(inputsOf(card).get(id)?.value, value, `${id} keeps what was typed`);
      }
      // Only that field is marked.
      for (const other of Object.keys(GOOD)) if (other !== field) assert.equal(textAfterInput(card, other), '', `${other} has no problem`);
      assert.equal(await count(), before);
      assert.equal((await auditOf(h, PLAN)).length, auditBefore);
    });
  }

  it('several problems at once: each beside its field; fixed, the same form saves once', async () => {
    const before = await count();
    const form = await addForm();
    const bad = await submit(form, { ...GOOD, title: '', baseline: 'x', owner: '' });
    assert.match(textAfterInput(bad, 'title'), /må fylles ut/);
    assert.match(textAfterInput(bad, 'baseline'), /«x» er ikke et tall/);
    assert.match(textAfterInput(bad, 'owner'), /må fylles ut/);
    assert.equal(await count(), before);
    const ok = await submit(bad, { ...GOOD, title: 'Rettet i andre forsøk' });
    assert.match(cardText(ok), /Gevinsten er lagt til/);
    assert.equal(await count(), before + 1);
  });

  it('a people-picker value that resolves to nobody names no one and stores nothing', async () => {
    const before = await count();
    const card = await submit(await addForm(), { ...GOOD, owner: '00000000-1111-2222-3333-444444444444', deputy: '' });
    assert.match(textAfterInput(card, 'owner'), /Jeg finner ikke denne personen/);
    assert.equal(await count(), before);
  });

  it('someone who is not an admin cannot save a captured form: nothing changes', async () => {
    const before = await count();
    const form = await addForm();
    const card = await submit(form, GOOD, people.per);
    assert.match(cardText(card), /Bare administratorer kan legge til og endre gevinster, så ingenting ble lagret\./);
    assert.equal(await count(), before);
    // Nor can they open one.
    const opened = await h.act(people.per, 'benefit.form', { planId: PLAN });
    assert.match(cardText(opened.card), /Bare administratorer/);
    // The admin's own submit of the same form still works: the refusal claimed nothing.
    assert.match(cardText(await submit(form, { ...GOOD, title: 'Etter avslaget' })), /Gevinsten er lagt til/);
    assert.equal(await count(), before + 1);
  });

  it('a saved form submitted again (a replay, a double click) creates no second benefit', async () => {
    const before = await count();
    const form = await addForm();
    const first = await submit(form, { ...GOOD, title: 'Bare én gang' });
    const ref = /`(hjemmetjenesten\/\d+)`/.exec(cardText(first))![1];
    const again = await submit(form, { ...GOOD, title: 'Bare én gang' });
    assert.match(cardText(again), new RegExp(`Skjemaet er allerede lagret[\\s\\S]*\`${ref}\` \\*\\*Bare én gang\\*\\*`));
    // Even with other values typed into the captured form.
    const altered = await submit(form, { ...GOOD, title: 'Noe annet' });
    assert.match(cardText(altered), /Skjemaet er allerede lagret/);
    // Two submits at the same time.
    const twin = await addForm();
    const action = actionNamed(twin, 'Lagre gevinsten');
    const data = submitData(twin, action, { ...GOOD, title: 'Dobbeltklikk' });
    const [a, b] = await Promise.all([h.act(people.ola, action.verb!, data), h.act(people.ola, action.verb!, data)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const titles = (await benefitsOf(h, PLAN)).map((x) => x.title);
    assert.equal(titles.filter((t) => t === 'Bare én gang').length, 1);
    assert.equal(titles.filter((t) => t === 'Dobbeltklikk').length, 1);
    assert.equal(titles.filter((t) => t === 'Noe annet').length, 0);
    assert.equal(await count(), before + 2);
  });

  it('a form whose saving process died is finished by the next submit, without a second benefit', async () => {
    const form = await addForm();
    const action = actionNamed(form, 'Lagre gevinsten');
    const formId = String(action.data!.formId);
    // What a crash right after the benefit was created leaves: a pending claim, and the benefit.
    const first = await submit(form, { ...GOOD, title: 'Etter krasj' });
    assert.match(cardText(first), /Gevinsten er lagt til/);
    const claim = (await h.services.storage.forms.get(TENANT_ID, formId))!;
    const { etag, ...row } = claim;
    await h.services.storage.forms.settle({ ...row, state: 'pending', claimedAt: h.clock.now().toISOString() }, etag);
    const busy = await submit(form, { ...GOOD, title: 'Etter krasj' });
    assert.match(cardText(busy), /lagres akkurat nå/);
    h.clock.advance(FORM_CLAIM_STALE_MS + 1000);
    const later = await submit(form, { ...GOOD, title: 'Etter krasj' });
    assert.match(cardText(later), /Skjemaet er allerede lagret/);
    assert.equal((await benefitsOf(h, PLAN)).filter((b) => b.title === 'Etter krasj').length, 1);
  });

  describe('benefit set <plan>/<n>: the form prefilled', () => {
    let n: number;
    before(async () => {
      const r = await inChat(h, people.ola, addCommand(PLAN, 'Mindre tid til dokumentasjon', { deputy: 'per.hansen@example.no', cadence: 'every 2 weeks thu 13:30' }));
      n = Number(/hjemmetjenesten\/(\d+)/.exec(r.all)![1]);
    });

    it('shows the benefit as it is, and changes only what the admin changed', async () => {
      const r = await inChat(h, people.ola, `benefit set ${PLAN}/${n}`);
      const form = assertValid(r.cards[0]);
      const inputs = inputsOf(form);
      assert.match(cardText(form), new RegExp(`Endre gevinsten ${PLAN}/${n}`));
      assert.equal(inputs.get('title')!.value, 'Mindre tid til dokumentasjon');
      assert.equal(inputs.get('type')!.value, 'time');
      assert.equal(inputs.get('baseline')!.value, '120');
      assert.equal(inputs.get('due')!.value, '2027-06-30');
      assert.equal(inputs.get('owner')!.value, people.kari.aadObjectId);
      assert.ok((inputs.get('owner')!.choices as { title: string; value: string }[]).some((c) => c.title === 'Kari Nordmann' && c.value === people.kari.aadObjectId));
      assert.equal(inputs.get('cadence')!.value, 'other');
      assert.equal(inputs.get('cadenceOther')!.value, 'every 2 weeks thu 13:30');

      // Meanwhile someone renames the benefit by command; the form must not undo that.
      await inChat(h, people.ola, `benefit set ${PLAN}/${n} title="Mindre dokumentasjonstid"`);
      const card = await submit(form, { target: '50,5', deputy: '' });
      assert.match(cardText(card), /Gevinsten er endret/);
      assert.match(plain(cardText(card)), /er endret: Målverdi: 50,5 timer; Stedfortreder: –\./);
      const b = (await h.services.storage.benefits.get(TENANT_ID, PLAN, n))!;
      assert.equal(b.target, 50.5);
      assert.equal(b.deputy, undefined);
      assert.equal(b.title, 'Mindre dokumentasjonstid', 'the rename made meanwhile stays');
      assert.equal(b.cadence, 'every 2 weeks thu 13:30');
      const audit = (await auditOf(h, PLAN)).filter((a) => a.subject === `${PLAN}/${n}` && a.action === 'benefit.set');
      assert.ok(audit.some((a) => (a.after as Record<string, unknown>).target === 50.5));

      // A replay of the saved form changes nothing, even after a later change.
      await inChat(h, people.ola, `benefit set ${PLAN}/${n} target=40`);
      const replay = await submit(form, { target: '50,5', deputy: '' });
      assert.match(cardText(replay), /Skjemaet er allerede lagret/);
      assert.equal((await h.services.storage.benefits.get(TENANT_ID, PLAN, n))!.target, 40);
    });

    it('a problem in a set form is shown beside its field and changes nothing', async () => {
      const form = (await inChat(h, people.ola, `benefit set ${PLAN}/${n}`)).cards[0]!;
      const before = await h.services.storage.benefits.get(TENANT_ID, PLAN, n);
      const card = await submit(form, { baseline: '', unit: 'besøk' });
      assert.match(textAfterInput(card, 'baseline'), /Nullpunktet er allerede satt\. Det kan rettes, men ikke fjernes\./);
      assert.match(textAfterInput(card, 'unit'), /Tid måles i timer/);
      const after = await h.services.storage.benefits.get(TENANT_ID, PLAN, n);
      assert.equal(after?.etag, before?.etag);
    });

    it('the saved card offers the next steps: another benefit, or change this one', async () => {
      const form = (await inChat(h, people.ola, `benefit set ${PLAN}/${n}`)).cards[0]!;
      const saved = await submit(form, { target: '45' });
      const edit = actionNamed(saved, 'Endre gevinsten');
      const again = await h.act(people.ola, edit.verb!, edit.data ?? {});
      assert.equal(inputsOf(again.card).get('target')?.value, '45');
      const another = actionNamed(saved, 'Legg til en gevinst til');
      const fresh = await h.act(people.ola, another.verb!, another.data ?? {});
      assert.equal(inputsOf(fresh.card).get('title')?.value, '');
    });
  });

  it('in English for an admin who chose English; answered in the language the form was sent in', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.ola.id, name: people.ola.name, language: 'en', updatedAt: h.clock.now().toISOString() } as never);
    const form = await addForm('nb-NO');
    assert.match(cardText(form), /New benefit in Hjemmetjenesten/);
    assert.equal(inputsOf(form).get('owner')!.label, 'Benefit owner (answers when it is time to measure)');
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.ola.id, name: people.ola.name, language: 'nb', updatedAt: h.clock.now().toISOString() } as never);
    const card = await submit(form, { ...GOOD, title: 'In English', baseline: 'lots' });
    assert.match(textAfterInput(card, 'baseline'), /“lots” is not a number/);
    assert.match(cardText(await submit(form, { ...GOOD, title: 'In English' })), /The benefit was added/);
  });

  it('from the personal chat, a picked person is looked up among the plan’s team members', async () => {
    // Teams knows only the two people of a personal chat; the plan's team knows its members.
    const t = await startHarness({ members: [] });
    try {
      for (const p of Object.values(people)) t.connector.addMember(TEAM_ID, asMember(p));
      t.connector.addMember(`a:fake-${people.ola.id}`, asMember(people.ola));
      await inChannel(t, people.ola, 'plan new Hjemmetjenesten');
      const form = (await inChat(t, people.ola, `benefit add ${PLAN}`)).cards[0]!;
      const action = actionNamed(form, 'Lagre gevinsten');
      const r = await t.act(people.ola, action.verb!, submitData(form, action, GOOD));
      assert.match(cardText(r.card), /Gevinsten er lagt til/);
      const b = (await t.services.storage.benefits.list(TENANT_ID, PLAN))[0]!;
      assert.equal(b.owner.id, people.kari.id);
      assert.ok(t.connector.requests.some((q) => q.kind === 'getMember' && q.conversationId === TEAM_ID && q.memberId === people.kari.aadObjectId));
    } finally {
      await t.close();
    }
  });
});
