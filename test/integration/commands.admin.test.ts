// Who may configure: bootstrap admins from ADMINS, admins added by chat, and everyone else, who
// is told who can help and changes nothing.
import assert from 'node:assert/strict';
import { TENANT_ID } from '../support/activities';
import { people, startHarness, type Harness } from '../support/harness';
import { addCommand, auditOf, cardText, inChannel, inChat } from '../support/commands';

/** Everything a command could change, to compare before and after a refused one. */
async function snapshot(h: Harness): Promise<string> {
  const st = h.services.storage;
  const plans = await st.plans.list(TENANT_ID);
  const benefits = await Promise.all(plans.map((p) => st.benefits.list(TENANT_ID, p.id)));
  const audits = await Promise.all([...plans.map((p) => st.audit.list(TENANT_ID, p.id)), st.audit.list(TENANT_ID, '_tenant')]);
  const admins = await st.people.listAdmins(TENANT_ID);
  const due = await st.due.listDue('2100-01-01T00:00:00.000Z');
  const strip = (rows: object[]) => rows.map((r) => ({ ...r, etag: undefined, updatedAt: undefined }));
  return JSON.stringify([strip(plans), benefits.map(strip), audits, strip(admins), due]);
}

describe('commands: admin', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Digitalt tilsyn');
    await inChat(h, people.ola, addCommand('digitalt-tilsyn', 'Kortere saksbehandling'));
  });
  after(async () => h.close());

  it('a non-admin trying each admin command is told who can do it, and nothing changes', async () => {
    const commands = [
      'plan new Kari sin plan',
      'plan list',
      'plan show digitalt-tilsyn',
      'plan set digitalt-tilsyn tolerance=50',
      'plan archive digitalt-tilsyn',
      addCommand('digitalt-tilsyn', 'Karis gevinst'),
      'benefit set digitalt-tilsyn/1 target=1',
      'benefit show digitalt-tilsyn/1',
      'benefit list digitalt-tilsyn',
      'benefit archive digitalt-tilsyn/1',
      'admin add {{mention:0}}',
      'admin remove {{mention:0}}',
      'admin list',
    ];
    const before = await snapshot(h);
    for (const c of commands) {
      const r = await inChannel(h, people.kari, c, c.includes('{{mention:0}}') ? [people.kari] : []);
      assert.equal(r.cards.length, 0, c);
      assert.match(r.all, /^Bare administratorer kan bruke `[a-z ]+`, så jeg har ikke gjort noe\. Administratorer: Ola Nordmann\. Be en av dem om hjelp/, c);
    }
    assert.equal(await snapshot(h), before);
    // An English Teams client still gets Norwegian; someone who chose English gets English.
    const nb = await inChat(h, people.kari, 'plan list', 'en-US');
    assert.match(nb.all, /^Bare administratorer kan bruke `plan list`/);
    await inChat(h, people.kari, 'language en');
    const en = await inChat(h, people.kari, 'plan list');
    assert.match(en.all, /^Only admins can use `plan list`, so I did nothing\. Admins: Ola Nordmann\./);
    await inChat(h, people.kari, 'språk nb');
  });

  it('a non-admin may use help', async () => {
    const r = await inChat(h, people.kari, 'help');
    assert.equal(r.cards.length, 1);
    assert.match(cardText(r.cards[0]), /plan new ‹name›/);
  });

  it('admin add makes a person an admin, who can then configure; admin list shows both kinds', async () => {
    h.clock.advance(60_000);
    const r = await inChannel(h, people.ola, 'admin add {{mention:0}}', [people.kari]);
    assert.match(r.all, /\*\*Kari Nordmann\*\* er nå administrator og kan sette opp planer og gevinster\./);
    const row = await h.services.storage.people.get(TENANT_ID, people.kari.id);
    assert.equal(row?.isAdmin, true);
    assert.equal(row?.adminAddedBy, 'Ola Nordmann');
    const audit = (await auditOf(h, '_tenant'))[0];
    assert.equal(audit?.action, 'admin.add');
    assert.equal(audit?.subject, people.kari.id);

    const made = await inChannel(h, people.kari, 'plan new Karis plan');
    assert.match(made.all, /Planen \*\*Karis plan\*\* er opprettet med id `karis-plan`/);

    const again = await inChat(h, people.ola, 'admin add kari.nordmann@example.no');
    assert.match(again.all, /\*\*Kari Nordmann\*\* er allerede administrator\./);

    const list = await inChat(h, people.kari, 'admin list');
    const text = cardText(list.cards[0]);
    assert.match(text, /Administratorer \(2\)/);
    assert.match(text, /Ola Nordmann\nFra konfigurasjonen \(ADMINS: 6f1c2a3b-0000-4000-8000-000000000001\)/);
    assert.match(text, /Kari Nordmann\nLagt til av Ola Nordmann, 30\.11\.2026 kl\. 08:01/);
  });

  it('a bootstrap admin cannot be removed by chat; someone who is not an admin cannot be removed', async () => {
    const r = await inChannel(h, people.kari, 'admin remove {{mention:0}}', [people.ola]);
    assert.match(r.all, /\*\*Ola Nordmann\*\* er administrator fra konfigurasjonen \(ADMINS\) og kan bare fjernes der/);
    const r2 = await inChannel(h, people.kari, 'admin remove {{mention:0}}', [people.per]);
    assert.match(r2.all, /\*\*Per Hansen\*\* er ikke administrator, så det er ingenting å fjerne\./);
  });

  it('admin add of a person the team does not know, or of something that is not a person', async () => {
    const stranger = { ...people.per, id: '29:ukjent', name: 'Ukjent Person' };
    const r = await inChannel(h, people.ola, 'admin add {{mention:0}}', [stranger]);
    assert.match(r.all, /Jeg finner ikke «Ukjent Person» blant medlemmene i teamet/);
    assert.match(r.all, /`admin add @mention`/);
    const r2 = await inChat(h, people.ola, 'admin add Kari');
    assert.match(r2.all, /Her trengs en person: @-omtal personen eller skriv e-postadressen\. «Kari» er ikke det\./);
    const r3 = await inChat(h, people.ola, 'admin add');
    assert.match(r3.all, /Personen mangler/);
    assert.equal((await h.services.storage.people.listAdmins(TENANT_ID)).length, 1);
  });

  it('admin remove takes the role away again', async () => {
    h.clock.advance(60_000);
    const r = await inChannel(h, people.ola, 'admin remove {{mention:0}}', [people.kari]);
    assert.match(r.all, /\*\*Kari Nordmann\*\* er ikke lenger administrator\./);
    assert.equal((await h.services.storage.people.get(TENANT_ID, people.kari.id))?.isAdmin, false);
    assert.equal((await auditOf(h, '_tenant'))[0]?.action, 'admin.remove');
    const refused = await inChannel(h, people.kari, 'plan list');
    assert.match(refused.all, /^Bare administratorer kan bruke `plan list`/);
  });
});

describe('commands: admin, without bootstrap admins', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { ADMINS: '' } });
  });
  after(async () => h.close());

  it('the last admin cannot be removed', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.kari.id, name: 'Kari Nordmann', isAdmin: true, updatedAt: '2026-11-01T00:00:00.000Z' });
    const r = await inChat(h, people.kari, 'admin remove kari.nordmann@example.no');
    assert.match(r.all, /\*\*Kari Nordmann\*\* er den siste administratoren og kan ikke fjernes\. Legg til en annen administrator først med `admin add @navn`\./);
    assert.equal((await h.services.storage.people.get(TENANT_ID, people.kari.id))?.isAdmin, true);
  });

  it('with no admin at all, a refusal asks for an administrator', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.kari.id, isAdmin: false, updatedAt: '2026-11-02T00:00:00.000Z' });
    const r = await inChat(h, people.per, 'plan list');
    assert.equal(r.all, 'Bare administratorer kan bruke `plan list`, så jeg har ikke gjort noe. Be en administrator om hjelp.');
  });
});

describe('commands: admin, bootstrap by UPN', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { ADMINS: 'Per.Hansen@example.no' } });
  });
  after(async () => h.close());

  it('a person listed by UPN is an admin (looked up once in Teams and remembered), and is named in refusals', async () => {
    const r = await inChat(h, people.per, 'plan list');
    assert.match(r.all, /Det finnes ingen planer ennå/);
    assert.equal((await h.services.storage.people.get(TENANT_ID, people.per.id))?.upn, 'per.hansen@example.no');
    const refused = await inChat(h, people.kari, 'plan list');
    assert.match(refused.all, /Administratorer: Per Hansen\./);
  });
});

describe('commands: admin, with a bootstrap admin of another organisation', () => {
  let h: Harness;
  // ADMINS serves every tenant of a deployment; this UPN belongs to another municipality.
  const elsewhere = 'it-sjef@annen-kommune.no';
  before(async () => {
    h = await startHarness({ env: { ADMINS: elsewhere } });
  });
  after(async () => h.close());

  it('the last admin of this tenant cannot be removed, however many bootstrap admins other tenants have', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.kari.id, name: 'Kari Nordmann', isAdmin: true, updatedAt: '2026-11-01T00:00:00.000Z' });
    const r = await inChat(h, people.kari, 'admin remove kari.nordmann@example.no');
    assert.match(r.all, /\*\*Kari Nordmann\*\* er den siste administratoren og kan ikke fjernes/);
    assert.equal((await h.services.storage.people.get(TENANT_ID, people.kari.id))?.isAdmin, true);
  });

  it('a bootstrap admin this tenant has seen counts: then the other admin can be removed', async () => {
    await h.services.storage.people.upsert({ tenantId: TENANT_ID, id: people.lars.id, name: 'Lars Olsen', upn: elsewhere, updatedAt: '2026-11-01T00:00:00.000Z' });
    const r = await inChat(h, people.kari, 'admin remove kari.nordmann@example.no');
    assert.match(r.all, /\*\*Kari Nordmann\*\* er ikke lenger administrator\./);
    assert.equal((await h.services.storage.people.get(TENANT_ID, people.kari.id))?.isAdmin, false);
  });
});
